/**
 * The beacon on its own (`@sharecraft/beacon/beacon.min.js`): reports to the collector the page's
 * manifest slice names (`"e"`). See `start.ts`.
 */
import { startBeacon } from './start.js';

startBeacon();
