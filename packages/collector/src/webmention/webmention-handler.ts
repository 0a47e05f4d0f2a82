import { createHash, randomBytes } from 'node:crypto';
import { CREATION_LIMITS, WEBMENTION_PATH } from '@sharecraft/protocol';
import type { CreationStore } from '../creations/creation-store.js';
import { addressKey, DEFAULT_CREATIONS_PER_HOUR, HourlyLimit } from '../creations/limits.js';
import { readBytesLimited } from '../creations/read-bytes.js';
import { type ResponseClass, responder } from '../http.js';
import type { KnownPost } from '../manifest-registry.js';
import { type FetchSourceOptions, fetchSource, MAX_SOURCE_BYTES } from './fetch-source.js';
import { readSource } from './read-source.js';

/** Where a webmention is: waiting, checked and stored, or refused (with why). */
export type WebmentionState = 'queued' | 'verified' | 'refused';

/** What `GET /webmention/<id>` answers (JSON). */
export interface WebmentionStatus {
  id: string;
  status: WebmentionState;
  source: string;
  target: string;
  /** Why it was refused, for people; with a machine `error` code. */
  reason?: string;
  error?: string;
  /** The pending creation (kind `mention`) it is stored as, once verified. */
  creation?: string;
  /** True when the source no longer links to the target and the mention stored before was deleted. */
  deleted?: boolean;
}

/** What the webmention endpoint needs. */
export interface WebmentionOptions {
  creations: CreationStore;
  /** The post a target URL names in the manifests; undefined when none lists it. */
  postAt(url: string): KnownPost | undefined;
  /** Whether any manifest is configured: without one, no target can be checked, so every mention is refused. */
  hasManifests(): boolean;
  /** Reloads the manifests if they were not reloaded lately (a target may be a post just deployed). */
  refreshManifests?(): Promise<void>;
  /** Where a refusal names the manifest setting (default `--manifest`). */
  manifestSetting?: string;
  /** Mentions one address may send per hour (default 10); 0: no limit. */
  perHour?: number;
  /** Whole fetch of a source, redirects included (default 10 s). */
  timeoutMs?: number;
  /** For tests only: also fetch sources on private, loopback and link-local addresses. */
  allowPrivate?: boolean;
  /** Whether the status links the handler gives end with a slash. */
  trailingSlash?: boolean;
  clientIp?(request: Request): string | undefined;
  Response?: ResponseClass;
  log?(message: string): void;
}

/** Largest form body accepted: two URLs and their names, with room to spare. */
const MAX_BODY_BYTES = 16 * 1024;
/** Longest source or target URL accepted. */
const MAX_URL_LENGTH = CREATION_LIMITS.link;
/** Statuses kept in memory, oldest dropped first. */
const MAX_STATUSES = 10_000;
/** Mentions being verified at once; the rest wait in order. */
const CONCURRENCY = 4;
/** Mentions waiting at most; past this, new ones are asked to come back later. */
const MAX_QUEUED = 1000;
const STATUS_PATH = new RegExp(`${WEBMENTION_PATH}/([A-Za-z0-9_-]{16})/?$`);

/** Whether a path belongs to the webmention handler (`…/webmention`, `…/webmention/<id>`, a slash allowed). */
export function isWebmentionPath(pathname: string): boolean {
  return /\/webmention(\/[A-Za-z0-9_-]{16})?\/?$/.test(pathname);
}

/** The page's text, in the charset its Content-Type names (UTF-8 when it names none the platform knows). */
function decode(body: Uint8Array, contentType: string): string {
  const charset = /;\s*charset="?([\w.:-]+)/i.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

const defaultClientIp = (request: Request) => (request as Request & { ip?: string }).ip;

function webUrl(value: string | null): URL | undefined {
  if (value === null || value.length > MAX_URL_LENGTH) return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * The W3C Webmention receiver, one web-standard handler that routes on the end of the path:
 * - `POST …/webmention` (form-encoded `source` and `target`): checked at once (400 for a malformed
 *   or non-http(s) URL, a source equal to the target, a target no manifest lists), then answered
 *   202 with a `Location` to its status and verified in the background: the source is fetched
 *   safely (`fetchSource`), must link to the target, and is stored as a pending creation of kind
 *   `mention` with its h-entry's title and author. One per (source, target): a new mention of the
 *   same pair updates it; a source that no longer links (or is gone) deletes it.
 * - `GET …/webmention/<id>`: the status, as JSON: queued, verified, or refused with the reason.
 * Statuses live in memory (the newest 10 000); each replica knows the ones it received.
 */
export function createWebmentionHandler(options: WebmentionOptions): (request: Request) => Promise<Response> {
  const { json, problem } = responder(options.Response);
  const log = options.log ?? ((message: string) => console.error(message));
  const clientIp = options.clientIp ?? defaultClientIp;
  const limit = new HourlyLimit(options.perHour ?? DEFAULT_CREATIONS_PER_HOUR);
  const statuses = new Map<string, WebmentionStatus>();
  const fetchOptions: FetchSourceOptions = {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.allowPrivate ? { addressAllowed: () => true } : {}),
  };
  const slash = options.trailingSlash ? '/' : '';
  const waiting: (() => Promise<void>)[] = [];
  /** The last job of each (source, target), so mentions of one pair are verified in the order they came. */
  const lastOfPair = new Map<string, Promise<void>>();
  let running = 0;

  const remember = (status: WebmentionStatus) => {
    statuses.delete(status.id);
    statuses.set(status.id, status);
    if (statuses.size > MAX_STATUSES) statuses.delete(statuses.keys().next().value as string);
  };

  const pump = () => {
    while (running < CONCURRENCY && waiting.length > 0) {
      const job = waiting.shift() as () => Promise<void>;
      running++;
      void job().finally(() => {
        running--;
        pump();
      });
    }
  };

  async function verify(status: WebmentionStatus, post: KnownPost): Promise<void> {
    const refuse = (error: string, reason: string, deleted = false) =>
      remember({ ...status, status: 'refused', error, reason, ...(deleted ? { deleted } : {}) });
    const existing = (await options.creations.list({ kind: 'mention', pageId: post.pageId, limit: 10_000 })).find(
      (record) => record.links[0] === status.source,
    );
    const fetched = await fetchSource(status.source, fetchOptions);
    if (!fetched.ok) return refuse(fetched.error, fetched.reason);
    if (fetched.status === 410 || fetched.status === 404) {
      if (existing) await options.creations.delete(existing.id);
      return refuse(
        'source_gone',
        `the source answered ${fetched.status}${existing ? '; the mention stored before was deleted' : ''}`,
        existing !== undefined,
      );
    }
    if (fetched.status < 200 || fetched.status > 299) {
      return refuse('source_failed', `the source answered HTTP ${fetched.status}, not a page`);
    }
    const type = fetched.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    if (type !== 'text/html' && type !== 'application/xhtml+xml') {
      return refuse('not_html', `the source is ${type || 'of no declared type'}, not an HTML page`);
    }
    const page = readSource(decode(fetched.body, fetched.contentType), fetched.url);
    if (!page.linksTo(status.target)) {
      if (existing) await options.creations.delete(existing.id);
      const where = fetched.truncated ? ` within its first ${MAX_SOURCE_BYTES / 1024 / 1024} MB` : '';
      return refuse(
        'no_link',
        `the source does not link to ${status.target}${where} (an <a href> or <link> to it is needed)${existing ? '; the mention stored before was deleted' : ''}`,
        existing !== undefined,
      );
    }
    const entry = page.entry();
    const title = entry.title || new URL(status.source).host;
    const text = entry.summary;
    const links = [status.source, ...(entry.authorUrl && entry.authorUrl !== status.source ? [entry.authorUrl] : [])];
    const same =
      existing &&
      existing.title === title &&
      existing.credit === entry.author &&
      existing.text === text &&
      existing.links.join(' ') === links.join(' ');
    if (existing && same) {
      remember({ ...status, status: 'verified', creation: existing.id });
      return;
    }
    // A changed mention is stored anew under the same id, back to pending: a moderator sees the new words.
    if (existing) await options.creations.delete(existing.id);
    const id = existing?.id ?? randomBytes(12).toString('base64url');
    await options.creations.insert({
      id,
      kind: 'mention',
      status: 'pending',
      formId: 'webmention',
      pageId: post.pageId,
      postUrl: post.url,
      title,
      text,
      links,
      credit: entry.author,
      email: null,
      consent: true,
      licence: null,
      quote: null,
      token: null,
      verified: true,
      // Mentions have no reader's receipt: a random hash nobody holds the secret of.
      receiptHash: randomBytes(32).toString('hex'),
      textHash: createHash('sha256').update(`mention ${status.source} ${status.target}`).digest('hex'),
      image: null,
      createdAt: Date.now(),
    });
    remember({ ...status, status: 'verified', creation: id });
  }

  async function receive(request: Request): Promise<Response> {
    const type = (request.headers.get('content-type') ?? '').toLowerCase();
    if (!type.startsWith('application/x-www-form-urlencoded')) {
      return problem(
        415,
        'unsupported_type',
        'send a webmention as application/x-www-form-urlencoded, with source and target',
      );
    }
    const body = await readBytesLimited(request, MAX_BODY_BYTES);
    if (body === undefined)
      return problem(413, 'too_large', `a webmention is two URLs; keep it under ${MAX_BODY_BYTES} bytes`);
    const form = new URLSearchParams(new TextDecoder().decode(body));
    const sourceValue = form.get('source');
    const targetValue = form.get('target');
    if (sourceValue === null || targetValue === null) {
      return problem(400, 'missing_field', 'a webmention needs both source and target (form fields)');
    }
    const source = webUrl(sourceValue);
    const target = webUrl(targetValue);
    if (!source || !target) {
      const which = !source ? 'source' : 'target';
      return problem(
        400,
        'bad_url',
        `${which} is not a well-formed absolute URL of at most ${MAX_URL_LENGTH} characters`,
      );
    }
    for (const [name, url] of [
      ['source', source],
      ['target', target],
    ] as const) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        return problem(400, 'bad_scheme', `${name} must be an http or https URL; got ${url.protocol.slice(0, -1)}`);
      }
    }
    const withoutHash = (url: URL) => url.href.slice(0, url.hash ? -url.hash.length : undefined);
    if (withoutHash(source) === withoutHash(target)) {
      return problem(400, 'same_url', 'source and target are the same URL; a page cannot mention itself');
    }
    if (!options.hasManifests()) {
      return problem(
        400,
        'no_manifest',
        `this collector has no manifest, so it cannot tell which URLs are the site's posts; start it with ${options.manifestSetting ?? '--manifest'}`,
      );
    }
    let post = options.postAt(target.href);
    if (!post && options.refreshManifests) {
      await options.refreshManifests().catch(() => undefined);
      post = options.postAt(target.href);
    }
    if (!post) {
      return problem(400, 'unknown_target', `target ${target.href} is not one of this site's posts`);
    }
    const at = Date.now();
    const address = addressKey(clientIp(request));
    const wait = limit.take(address, at);
    if (wait > 0) {
      return problem(429, 'rate_limited', `too many webmentions from your address this hour; try again in ${wait} s`, {
        'retry-after': String(wait),
      });
    }
    if (waiting.length >= MAX_QUEUED) {
      limit.release(address, at);
      return problem(503, 'busy', 'too many webmentions are waiting to be checked; try again in a minute', {
        'retry-after': '60',
      });
    }
    const id = randomBytes(12).toString('base64url');
    const status: WebmentionStatus = { id, status: 'queued', source: source.href, target: target.href };
    remember(status);
    const pair = `${status.source} ${post.pageId}`;
    const before = lastOfPair.get(pair) ?? Promise.resolve();
    const done = new Promise<void>((resolve) => {
      waiting.push(() =>
        before
          .then(() => verify(status, post))
          .catch((error: Error) => {
            log(`Verifying the webmention from ${status.source} failed: ${error.message}`);
            remember({
              ...status,
              status: 'refused',
              error: 'unavailable',
              reason: 'the mention could not be stored (the database did not answer); send it again later',
            });
          })
          .finally(resolve),
      );
    });
    lastOfPair.set(pair, done);
    void done.then(() => {
      if (lastOfPair.get(pair) === done) lastOfPair.delete(pair);
    });
    pump();
    const base = new URL(request.url);
    const path = base.pathname.endsWith('/') ? base.pathname.slice(0, -1) : base.pathname;
    // A path, not a whole URL: behind a proxy or mounted in a site, the request's host is not the public one.
    const location = `${path}/${id}${slash}`;
    return json({ ...status, location }, { status: 202, headers: { location, 'cache-control': 'no-store' } });
  }

  return async (request) => {
    const { pathname } = new URL(request.url);
    const match = STATUS_PATH.exec(pathname);
    if (match) {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return problem(405, 'method_not_allowed', 'read a webmention status with GET', { allow: 'GET, HEAD' });
      }
      const status = statuses.get(match[1] as string);
      if (!status) {
        return problem(
          404,
          'not_found',
          'no webmention with this id here (statuses are kept in memory, the newest 10 000)',
        );
      }
      return json(status, { headers: { 'cache-control': 'no-store' } });
    }
    if (request.method !== 'POST') {
      return problem(405, 'method_not_allowed', 'send a webmention with POST (source and target, form-encoded)', {
        allow: 'POST',
      });
    }
    return receive(request);
  };
}
