import type { APIRoute } from 'astro';
import { answer } from './mounted-collector.js';

export const prerender = false;

/**
 * `<path>/api/creations`, its `/challenge` and `<path>/creations/receipt/<receipt>`: the creation
 * form's submissions, its anti-spam challenge and the readers' receipts, answered by the
 * collector's creations handler (it routes on the end of the path).
 */
export const ALL: APIRoute = (context) => answer('creations', context);
