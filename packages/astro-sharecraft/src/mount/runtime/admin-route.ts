import type { APIRoute } from 'astro';
import { answer } from './mounted-collector.js';

export const prerender = false;

/** `<path>/admin` and below: the moderation page, answered by the collector's admin handler. */
export const ALL: APIRoute = (context) => answer('admin', context);
