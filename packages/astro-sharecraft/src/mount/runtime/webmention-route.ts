import type { APIRoute } from 'astro';
import { answer } from './mounted-collector.js';

export const prerender = false;

/** `<path>/webmention` (POST) and `<path>/webmention/<id>` (the status): the collector's webmention handler. */
export const ALL: APIRoute = (context) => answer('webmention', context);
