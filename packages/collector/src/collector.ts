import { acceptEvents } from './ingest/accept-events.js';
import type { EventStore } from './storage/event-store.js';

export interface CollectorOptions {
  store: EventStore;
  /** Page ids to accept events for, from the manifests loaded; undefined accepts any. */
  knownPages(): Set<string> | undefined;
  /** Origins whose pages may send events; `*` allows any. */
  allowedOrigins: readonly string[];
}

/** Path events are posted to. */
export const INGEST_PATH = '/api/events';

function corsHeaders(origin: string | null, allowed: readonly string[]): Record<string, string> | undefined {
  if (!origin) return {};
  if (!allowed.includes('*') && !allowed.includes(origin)) return undefined;
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'content-type',
    'access-control-max-age': '86400',
    vary: 'origin',
  };
}

/**
 * The collector as one web-standard `fetch` handler, so the same code runs under `sharecraft serve`
 * and mounted in a site's own server.
 */
export function createCollector(options: CollectorOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    if (url.pathname === '/healthz') return new Response('ok\n');
    if (url.pathname !== INGEST_PATH) {
      return Response.json(
        { error: 'not_found', reason: `no such path; post events to ${INGEST_PATH}` },
        { status: 404 },
      );
    }
    const cors = corsHeaders(request.headers.get('origin'), options.allowedOrigins);
    if (!cors) {
      return Response.json(
        { error: 'origin_not_allowed', reason: `origin ${request.headers.get('origin')} is not in the allow-list` },
        { status: 403 },
      );
    }
    if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: cors });
    if (request.method !== 'POST') {
      return Response.json(
        { error: 'method_not_allowed', reason: 'send events with POST' },
        { status: 405, headers: cors },
      );
    }
    const response = await acceptEvents(request, options);
    for (const [name, value] of Object.entries(cors)) response.headers.set(name, value);
    return response;
  };
}
