import { responder } from './http.js';
import { createIngestHandler, type IngestOptions } from './ingest/accept-events.js';
import { createStatsHandler } from './stats/stats-handler.js';

/** Everything the collector's handlers need. */
export interface CollectorOptions extends IngestOptions {
  /** Bearer token for the stats API; undefined turns it off. */
  statsToken?: string | undefined;
}

/** Path events are posted to. */
export const INGEST_PATH = '/api/events';

/** Path the stats API answers on. */
export const STATS_PATH = '/api/stats';

/**
 * The collector as one web-standard `fetch` handler, `(Request) => Promise<Response>`, so the same
 * code runs under `sharecraft serve` and mounted in a site's own server: ingest at `INGEST_PATH`,
 * the stats API at `STATS_PATH`, and `/healthz`. Mount `createIngestHandler` and
 * `createStatsHandler` on their own to choose other paths.
 */
export function createCollector(options: CollectorOptions): (request: Request) => Promise<Response> {
  const ingest = createIngestHandler(options);
  const stats = createStatsHandler({ ...options, token: options.statsToken });
  const { text, problem } = responder(options.Response);
  return async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === INGEST_PATH) return ingest(request);
    if (pathname === STATS_PATH) return stats(request);
    if (pathname === '/healthz') return text('ok\n');
    return problem(404, 'not_found', `no such path; post events to ${INGEST_PATH}, read stats at ${STATS_PATH}`);
  };
}
