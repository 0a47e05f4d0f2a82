import { ADMIN_PATH, WEBMENTION_PATH } from '@sharecraft/protocol';
import { isCreationsPath } from './creations/creations-handler.js';
import { type ResponseClass, responder } from './http.js';
import { createIngestHandler, type IngestOptions } from './ingest/accept-events.js';
import { createStatsHandler } from './stats/stats-handler.js';

/** Everything the collector's handlers need. */
export interface CollectorOptions extends IngestOptions {
  /** Bearer token for the stats API; undefined turns it off. */
  statsToken?: string | undefined;
}

/** A web-standard request handler: what every collector endpoint is. */
export type RequestHandler = (request: Request) => Promise<Response>;

/** Path events are posted to. */
export const INGEST_PATH = '/api/events';

/** Path the stats API answers on. */
export const STATS_PATH = '/api/stats';

/**
 * The path of an absolute URL, without parsing all of it (a `URL` per request shows in profiles);
 * a path with escapes or dot segments goes through `URL`, which normalises them.
 */
export function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start < 0) return '/';
  let end = url.length;
  for (const mark of ['?', '#']) {
    const at = url.indexOf(mark, start);
    if (at >= 0 && at < end) end = at;
  }
  const path = url.slice(start, end);
  return path.includes('%') || path.includes('/.') || path.includes('\\') ? new URL(url).pathname : path;
}

/** Sends each of the collector's paths to its handler. */
export function routeCollector(handlers: {
  ingest: RequestHandler;
  stats: RequestHandler;
  /** The moderation page, answering every path under `ADMIN_PATH`. */
  admin?: RequestHandler | undefined;
  /** Reader creations (`createCreationsHandler`): its paths answer 404 without it. */
  creations?: RequestHandler | undefined;
  /** Webmentions (`createWebmentionHandler`): `WEBMENTION_PATH` and the statuses under it answer 404 without it. */
  webmention?: RequestHandler | undefined;
  Response?: ResponseClass | undefined;
}): RequestHandler {
  const { text, problem } = responder(handlers.Response);
  return async (request) => {
    const pathname = pathOf(request.url);
    if (pathname === INGEST_PATH) return handlers.ingest(request);
    if (pathname === STATS_PATH) return handlers.stats(request);
    if (handlers.creations && isCreationsPath(pathname)) return handlers.creations(request);
    if (handlers.webmention && (pathname === WEBMENTION_PATH || pathname.startsWith(`${WEBMENTION_PATH}/`))) {
      return handlers.webmention(request);
    }
    if (pathname === '/healthz') return text('ok\n');
    if (handlers.admin && (pathname === ADMIN_PATH || pathname.startsWith(`${ADMIN_PATH}/`))) {
      return handlers.admin(request);
    }
    return problem(404, 'not_found', `no such path; post events to ${INGEST_PATH}, read stats at ${STATS_PATH}`);
  };
}

/**
 * The collector as one web-standard `fetch` handler, `(Request) => Promise<Response>`, so the same
 * code runs under `sharecraft serve` and mounted in a site's own server: ingest at `INGEST_PATH`,
 * the stats API at `STATS_PATH`, and `/healthz`. Mount `createIngestHandler` and
 * `createStatsHandler` on their own to choose other paths, or let `openCollector` open the
 * storage and manifests too.
 */
export function createCollector(options: CollectorOptions): RequestHandler {
  return routeCollector({
    ingest: createIngestHandler(options),
    stats: createStatsHandler({ ...options, token: options.statsToken }),
    Response: options.Response,
  });
}
