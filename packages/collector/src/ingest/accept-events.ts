import { decodeEventBatch, MAX_BATCH_BYTES } from '@sharecraft/protocol';
import { DEFAULT_RETRY_AFTER_SECONDS, HealthLog, type ResponseClass, responder } from '../http.js';
import type { EventStore, KnownForms, KnownPages } from '../storage/event-store.js';
import { isBotRequest } from './bots.js';
import { checkAgainstManifests } from './manifest-check.js';
import { RateLimiter } from './rate-limit.js';
import { readLimited } from './read-body.js';
import { toRow } from './to-row.js';
import { VisitorHasher } from './visitor.js';

/** Events per minute one visitor may send by default. */
export const DEFAULT_RATE_LIMIT = 600;

/** What the ingest handler needs. */
export interface IngestOptions {
  store: EventStore;
  /** Pages and CTAs of every manifest version known; undefined accepts any well-formed id (no manifest loaded). */
  manifests(): KnownPages | undefined;
  /** Form ids of every manifest version known, by page; undefined accepts any well-formed form id. */
  forms?(): KnownForms | undefined;
  /**
   * Called when an event names an unknown page or CTA, before refusing it: a site that just deployed
   * has new ids. Resolves once the manifests are reloaded; should throttle itself.
   */
  refreshManifests?(): Promise<void>;
  /**
   * Origins whose pages may send events: `*` allows any, and `self` the origin the request itself
   * was sent to (a collector mounted in the site it measures).
   */
  allowedOrigins: readonly string[];
  /** How refusals name the setting that extends the allow-list (default `--allow-origin`). */
  allowedOriginsSetting?: string;
  /** Events per minute per visitor (default 600); 0 turns the limit off. */
  rateLimit?: number;
  /**
   * The client's IP address, used only inside the visitor hash. Defaults to the `ip` property
   * srvx (and other runtimes) put on the request.
   */
  clientIp?(request: Request): string | undefined;
  /** Seconds a 503 asks clients to wait (default 5); a 429 says how long its visitor must wait. */
  retryAfterSeconds?: number;
  now?(): number;
  /** Where database outages are reported (default console.error). */
  log?(message: string): void;
  /** The class answers are built with (default the global `Response`). */
  Response?: ResponseClass;
}

/**
 * `self` is the origin the reader's browser addressed: the request URL's, or the one its Host header
 * names. Astro 7.4 and newer, mounted without `security.allowedDomains`, build the request URL on
 * `localhost` rather than trust Host; a browser always sends the Host it used, and a page on another
 * site cannot make it send ours, so comparing with Host stays a same-origin check.
 */
export function isSelf(origin: string, request: Request): boolean {
  const url = new URL(request.url);
  if (origin === url.origin) return true;
  const host = request.headers.get('host');
  return host !== null && origin === `${url.protocol}//${host}`;
}

/** Whether `origin` may send to this collector: listed, `*`, or `self` and the request's own origin. */
export function isAllowed(origin: string, request: Request, allowed: readonly string[]): boolean {
  if (allowed.includes('*') || allowed.includes(origin)) return true;
  return allowed.includes('self') && isSelf(origin, request);
}

/**
 * CORS headers for the request's origin, or undefined when it is not allowed. The allowed methods
 * and headers, and how long to cache them, matter only to a preflight: every POST answer carries
 * just the origin and `vary` (each header costs the HTTP layer some work per request).
 */
function corsHeaders(request: Request, allowed: readonly string[]): Record<string, string> | undefined {
  const origin = request.headers.get('origin');
  if (!origin) return {};
  if (!isAllowed(origin, request, allowed)) return undefined;
  return { 'access-control-allow-origin': origin, vary: 'origin' };
}

const PREFLIGHT_HEADERS = {
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
  'access-control-max-age': '86400',
};

const defaultClientIp = (request: Request) => (request as Request & { ip?: string }).ip;

/**
 * The ingest endpoint as a web-standard handler: a beacon POSTs `{"v":1,"e":[…]}` and gets
 * - 202 `{accepted, new}` once every event is durably stored (or already was: retries are idempotent);
 * - 200 `{accepted: 0, new: 0, ignored: "bot"}` for a bot, stored nowhere, so nothing retries it;
 * - 400 (malformed), 403 (origin not allowed), 405, 413 (too large), 422 (unknown page or CTA id),
 *   429 (rate limit, with Retry-After), each with a reason;
 * - 503 with Retry-After when the database did not take the write: nothing was acknowledged.
 * CORS preflights from allowed origins get a 204.
 */
export function createIngestHandler(options: IngestOptions): (request: Request) => Promise<Response> {
  const now = options.now ?? Date.now;
  const retryAfter = options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
  const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const limiter = rateLimit > 0 ? new RateLimiter(rateLimit) : undefined;
  const hasher = new VisitorHasher(options.store);
  const health = new HealthLog(options.log ?? ((message) => console.error(message)));
  const clientIp = options.clientIp ?? defaultClientIp;
  const { json, empty, problem, unavailable } = responder(options.Response);

  /**
   * Answers a POST; every answer carries `cors`. Headers go in with the body: setting them on a
   * built response afterwards makes the server materialise a `Headers` object per request.
   */
  async function accept(request: Request, cors: Record<string, string>): Promise<Response> {
    if (isBotRequest(request)) return json({ accepted: 0, new: 0, ignored: 'bot' }, { headers: cors });

    const body = await readLimited(request, MAX_BATCH_BYTES);
    if (body === undefined) {
      return problem(413, 'payload_too_large', `a batch may have at most ${MAX_BATCH_BYTES} bytes`, cors);
    }
    const decoded = decodeEventBatch(body);
    if (!decoded.ok) return problem(400, 'malformed', decoded.reason, cors);
    const events = decoded.batch.e;

    let checked = checkAgainstManifests(events, options.manifests(), options.forms?.());
    if (!checked.ok && options.refreshManifests) {
      await options.refreshManifests().catch(() => undefined);
      checked = checkAgainstManifests(events, options.manifests(), options.forms?.());
    }
    if (!checked.ok) return problem(422, checked.error, checked.reason, cors);

    const receivedAt = now();
    let visitor: string;
    try {
      visitor = await hasher.hash(
        {
          ip: clientIp(request),
          userAgent: request.headers.get('user-agent') ?? '',
          site: request.headers.get('origin') ?? request.headers.get('host') ?? '',
        },
        receivedAt,
      );
    } catch (error) {
      health.failed(error);
      return unavailable(retryAfter, 'nothing in this batch was stored', cors);
    }

    const decision = limiter?.take(visitor, events.length, receivedAt);
    if (decision && !decision.ok) {
      return problem(
        429,
        'rate_limited',
        `this visitor sent more than ${rateLimit} events in a minute; retry after ${decision.retryAfterSeconds} s`,
        { ...cors, 'retry-after': String(decision.retryAfterSeconds) },
      );
    }

    const networks = checked.networks;
    const rows = events.map((event, i) => toRow(event, { receivedAt, visitor, network: networks[i] ?? null }));
    try {
      const added = await options.store.insertEvents(rows);
      health.ok();
      return json({ accepted: events.length, new: added }, { status: 202, headers: cors });
    } catch (error) {
      health.failed(error);
      return unavailable(retryAfter, 'nothing in this batch was acknowledged', cors);
    }
  }

  return async (request) => {
    const cors = corsHeaders(request, options.allowedOrigins);
    if (!cors) {
      return problem(
        403,
        'origin_not_allowed',
        `origin ${request.headers.get('origin')} is not in the allow-list; add it with ${options.allowedOriginsSetting ?? '--allow-origin'}`,
      );
    }
    if (request.method === 'OPTIONS') return empty(204, { ...cors, ...PREFLIGHT_HEADERS });
    if (request.method !== 'POST') {
      return problem(405, 'method_not_allowed', 'send events with POST', { ...cors, allow: 'POST, OPTIONS' });
    }
    return accept(request, cors);
  };
}
