import type { APIRoute } from 'astro';
import { answer } from './mounted-collector.js';

export const prerender = false;

/** `<path>/api/events`: the beacon's events, answered by the collector's ingest handler. */
export const ALL: APIRoute = (context) => answer('ingest', context);
