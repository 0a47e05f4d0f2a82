/**
 * The share script and the beacon as one file, for sites with a collector: one request instead of
 * two, one compressed stream, and the collector's address written once into the file rather than
 * into every page. The beacon also ships alone (`@sharecraft/beacon`).
 */
import { startBeacon } from '@sharecraft/beacon/start';
import './share-block.js';

/** Replaced by the integration with the collector endpoint, as a JSON string. */
startBeacon('SC_ENDPOINT');
