import type { APIRoute } from 'astro';
import { answer } from './mounted-collector.js';

export const prerender = false;

/** `<path>/api/stats`: aggregates behind the bearer token, answered by the collector's stats handler. */
export const ALL: APIRoute = (context) => answer('stats', context);
