import type { APIRoute } from 'astro';
import { answer } from './mounted-collector.js';

export const prerender = false;

/**
 * `<path>/api/creations` and below (submissions, the proof-of-work challenge, the owner's API and
 * images) and `<path>/creations/receipt/<receipt>`: answered by the collector's creations handler.
 */
export const ALL: APIRoute = (context) => answer('creations', context);
