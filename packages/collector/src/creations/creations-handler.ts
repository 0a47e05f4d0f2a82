import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  CREATION_CHALLENGE_PATH,
  CREATION_FIELDS,
  CREATION_KINDS,
  CREATION_RECEIPT_PATH,
  CREATION_STATUSES,
  CREATIONS_PATH,
  type CreationAccepted,
  type CreationFieldErrors,
  type CreationKind,
  type CreationLicence,
  type CreationRefused,
  type CreationStatus,
  DEFAULT_CREATION_LICENCES,
  derivePageId,
  isPageId,
  LETTER_STATUSES,
  MAX_CREATION_BODY_BYTES,
} from '@sharecraft/protocol';
import { DEFAULT_RETRY_AFTER_SECONDS, HealthLog, type ResponseClass, responder } from '../http.js';
import { isAllowed, isSelf } from '../ingest/accept-events.js';
import { createBearerCheck } from '../stats/auth.js';
import type { EventStore, KnownForms, KnownPages } from '../storage/event-store.js';
import { CreationChallenges } from './challenge.js';
import type { CreationQuery, NewCreation } from './creation-store.js';
import { checkFields, isWebUrl, normalisedText, type SubmittedFields, typedText } from './fields.js';
import { reencodeImage } from './image.js';
import {
  addressKey,
  DEFAULT_CREATIONS_CAP,
  DEFAULT_CREATIONS_PER_HOUR,
  DEFAULT_UNVERIFIED_PER_HOUR,
  HourlyLimit,
} from './limits.js';
import { createNotifier } from './notify.js';
import {
  type CreationPageStrings,
  deletedPage,
  ENGLISH_PAGE_STRINGS,
  errorPage,
  notFoundPage,
  PAGE_HEADERS,
  receiptPage,
} from './pages.js';
import { readBytesLimited } from './read-bytes.js';

/** How long the same title and text count as a duplicate. */
export const DUPLICATE_WINDOW_MS = 24 * 3_600_000;

/** What the creations handler needs. */
export interface CreationsOptions {
  store: EventStore;
  /** Pages known from the manifests; undefined accepts any well-formed page id (no manifest loaded). */
  manifests(): KnownPages | undefined;
  /** Forms known from the manifests, by page; undefined accepts any well-formed form id. */
  forms(): KnownForms | undefined;
  /** Reloads the manifests (throttled) when a submission names an id not known yet. */
  refreshManifests?(): Promise<void>;
  /** Origins whose pages may post the form (as for events); the collector's own origin always may. */
  allowedOrigins: readonly string[];
  allowedOriginsSetting?: string;
  /** Licences the owner offers (default `DEFAULT_CREATION_LICENCES`). */
  licences?: readonly CreationLicence[];
  /** Bearer token for the owner's API (`GET /api/creations`); undefined turns it off. */
  adminToken?: string | undefined;
  adminTokenSetting?: string;
  /** Submissions per hour per address with proof of work (default 10); 0: no limit. */
  perHour?: number;
  /** Submissions per hour per address without proof of work (default 3); 0: no limit. */
  unverifiedPerHour?: number;
  /** Submissions per hour from everyone together (default 200); 0: no cap. */
  hourlyCap?: number;
  /** Least time between fetching a challenge and sending the form, in ms (default 3000). */
  minFillMs?: number;
  /** Proof-of-work counters are drawn below this (default 50,000). */
  challengeCounter?: number;
  /** Where each stored submission is announced (JSON POST, retried, in the background). */
  notifyUrl?: string | undefined;
  /** Told when a reader deletes their own submission, with its status before (`--deploy-hook` listens here). */
  onStatusChange?: (id: string, before: CreationStatus, after: CreationStatus | undefined) => void;
  /** The client's address, for the per-address limits only (default: the request's `ip`). */
  clientIp?(request: Request): string | undefined;
  /**
   * Whether receipt links end with a slash: a site that mounts the collector with
   * `trailingSlash: 'always'` answers 404 to them otherwise (default false).
   */
  trailingSlash?: boolean;
  /** The words of the reader's pages (default English). */
  strings?: CreationPageStrings;
  retryAfterSeconds?: number;
  now?(): number;
  log?(message: string): void;
  Response?: ResponseClass;
}

const defaultClientIp = (request: Request) => (request as Request & { ip?: string }).ip;
const sha256 = (value: string | Buffer) => createHash('sha256').update(value).digest();
const IMAGE_PATH = new RegExp(`${CREATIONS_PATH}/([A-Za-z0-9_-]{1,64})/image$`);
const RECEIPT_PATH = new RegExp(`${CREATION_RECEIPT_PATH}/([A-Za-z0-9_-]{1,64})\\.([A-Za-z0-9_-]{1,128})$`);

/** Whether a path belongs to the creations handler (standalone paths). */
export function isCreationsPath(pathname: string): boolean {
  return (
    pathname === CREATIONS_PATH ||
    pathname.startsWith(`${CREATIONS_PATH}/`) ||
    pathname.startsWith(`${CREATION_RECEIPT_PATH}/`)
  );
}

/** A refusal: its status, code and reason, per-field problems, and extra headers. */
interface Refusal {
  status: number;
  error: string;
  reason: string;
  fields?: CreationFieldErrors;
  headers?: Record<string, string>;
}

/**
 * Reader creations as one web-standard handler, mounted by `routeCollector` (and under any path
 * prefix in a site's own server: it routes on the end of the path):
 * - `GET …/api/creations/challenge`: a signed proof-of-work challenge for the `altcha` widget;
 * - `POST …/api/creations`: a submission (multipart), checked, re-encoded, stored, answered with
 *   JSON (`Accept: application/json`) or, for a plain form POST, a 303 back to the post or an
 *   accessible error page;
 * - `GET …/api/creations` and `…/api/creations/<id>/image`: the owner's API (bearer token);
 * - `GET`/`POST …/creations/receipt/<id>.<secret>`: the reader's private page, and deleting for good.
 */
export function createCreationsHandler(options: CreationsOptions): (request: Request) => Promise<Response> {
  const now = options.now ?? Date.now;
  const log = options.log ?? ((message: string) => console.error(message));
  const health = new HealthLog(log);
  const retryAfter = options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
  const slash = options.trailingSlash ? '/' : '';
  const licences = options.licences ?? DEFAULT_CREATION_LICENCES;
  const strings = options.strings ?? ENGLISH_PAGE_STRINGS;
  const clientIp = options.clientIp ?? defaultClientIp;
  const { json, problem, unavailable, text, empty } = responder(options.Response);
  const ResponseClass = options.Response ?? Response;
  const challenges = new CreationChallenges(options.store, {
    ...(options.minFillMs === undefined ? {} : { minFillMs: options.minFillMs }),
    ...(options.challengeCounter === undefined ? {} : { maxCounter: options.challengeCounter }),
    now,
  });
  const verifiedLimit = new HourlyLimit(options.perHour ?? DEFAULT_CREATIONS_PER_HOUR);
  const unverifiedLimit = new HourlyLimit(options.unverifiedPerHour ?? DEFAULT_UNVERIFIED_PER_HOUR);
  const globalCap = new HourlyLimit(options.hourlyCap ?? DEFAULT_CREATIONS_CAP);
  const notify = options.notifyUrl ? createNotifier(options.notifyUrl, log) : undefined;
  const ownerAuthorized = options.adminToken === undefined ? undefined : createBearerCheck(options.adminToken);
  const tokenSetting = options.adminTokenSetting ?? '--admin-token (or SHARECRAFT_ADMIN_TOKEN)';

  /** The page's origin as the browser states it: Origin, else Referer's origin. */
  function requestOrigin(request: Request): string | undefined {
    const origin = request.headers.get('origin');
    if (origin && origin !== 'null') return origin;
    const referer = request.headers.get('referer');
    if (!referer) return undefined;
    try {
      return new URL(referer).origin;
    } catch {
      return undefined;
    }
  }

  /** CORS headers for an allowed origin, undefined for one not allowed (the collector's own always is). */
  function corsFor(request: Request, origin: string | undefined): Record<string, string> | undefined {
    if (origin === undefined) return undefined;
    if (!isAllowed(origin, request, options.allowedOrigins) && !isSelf(origin, request)) return undefined;
    return { 'access-control-allow-origin': origin, vary: 'origin' };
  }

  /**
   * Where a plain form POST may be sent back to: an http(s) URL of the very page the form names
   * (its path gives the page id), on an origin allowed explicitly, the collector's own, or (with
   * `*`) the origin the form was posted from. Anything else is never redirected to.
   */
  function safePostUrl(postUrl: string, pageId: string, request: Request, origin: string | undefined): URL | undefined {
    if (!isWebUrl(postUrl)) return undefined;
    const url = new URL(postUrl);
    if (derivePageId(url.pathname) !== pageId) return undefined;
    const allowed = options.allowedOrigins;
    const listed = allowed.includes(url.origin) || isSelf(url.origin, request);
    const sameAsSender = allowed.includes('*') && origin !== undefined && url.origin === origin;
    return listed || sameAsSender ? url : undefined;
  }

  function refuse(
    request: Request,
    refusal: Refusal,
    context: { cors?: Record<string, string>; form?: FormData; back?: URL },
  ): Response {
    const headers = { ...context.cors, ...refusal.headers };
    if (wantsJson(request)) {
      const body: CreationRefused = {
        error: refusal.error,
        reason: refusal.reason,
        ...(refusal.fields ? { fields: refusal.fields } : {}),
      };
      return json(body, { status: refusal.status, headers });
    }
    const problems = refusal.fields ?? { form: refusal.reason };
    return text(errorPage(strings, problems, typedText(context.form), context.back?.href), {
      status: refusal.status,
      headers: { ...headers, ...PAGE_HEADERS },
    });
  }

  async function challenge(request: Request): Promise<Response> {
    const cors = request.headers.get('origin') ? corsFor(request, requestOrigin(request)) : {};
    if (!cors) return originRefused(request, true);
    if (request.method === 'OPTIONS') return preflight(cors);
    if (request.method !== 'GET') {
      return problem(405, 'method_not_allowed', 'fetch a challenge with GET', { ...cors, allow: 'GET, OPTIONS' });
    }
    try {
      const issued = await challenges.create();
      health.ok();
      return json(issued, { headers: { ...cors, 'cache-control': 'no-store' } });
    } catch (error) {
      health.failed(error);
      return unavailable(retryAfter, 'no challenge could be issued', cors);
    }
  }

  /** 403 for an origin not allowed (or none stated): JSON for the challenge and fetches, a page for a form POST. */
  function originRefused(request: Request, alwaysJson = false): Response {
    const origin = requestOrigin(request);
    const refusal: Refusal =
      origin === undefined
        ? {
            status: 403,
            error: 'origin_missing',
            reason:
              'the request says neither which page sent it (Origin) nor where it came from (Referer); send the form from the post',
          }
        : {
            status: 403,
            error: 'origin_not_allowed',
            reason: `origin ${origin} is not in the allow-list; add it with ${options.allowedOriginsSetting ?? '--allow-origin'}`,
          };
    return alwaysJson ? problem(refusal.status, refusal.error, refusal.reason) : refuse(request, refusal, {});
  }

  const preflight = (cors: Record<string, string>) =>
    empty(204, {
      ...cors,
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': 'content-type, accept',
      'access-control-max-age': '86400',
    });

  /** Checks the form and page ids against the manifests, reloading them once for an unknown one. */
  async function knownIds(fields: SubmittedFields): Promise<Refusal | undefined> {
    const check = (): Refusal | undefined => {
      const pages = options.manifests();
      if (pages && !pages.has(fields.pageId)) {
        return {
          status: 422,
          error: 'unknown_page',
          reason: `page id ${fields.pageId} is in no manifest this collector knows; deploy the site (or reload the manifest) first`,
          fields: { [CREATION_FIELDS.page]: 'This post is not known to the collector yet; try again later.' },
        };
      }
      const forms = options.forms();
      if (forms && !forms.get(fields.pageId)?.has(fields.formId)) {
        return {
          status: 422,
          error: 'unknown_form',
          reason: `form id ${fields.formId} is not on page ${fields.pageId} in any manifest this collector knows; rebuild and deploy the site`,
          fields: { [CREATION_FIELDS.form]: 'This form is not known to the collector yet; try again later.' },
        };
      }
      return undefined;
    };
    const first = check();
    if (!first || !options.refreshManifests) return first;
    await options.refreshManifests().catch(() => undefined);
    return check();
  }

  async function submit(request: Request): Promise<Response> {
    const origin = requestOrigin(request);
    const cors = corsFor(request, origin);
    if (!cors) return originRefused(request);
    if (request.method === 'OPTIONS') return preflight(cors);
    if (request.method !== 'POST') {
      return problem(405, 'method_not_allowed', 'send a creation with POST', { ...cors, allow: 'GET, POST, OPTIONS' });
    }
    // The boundary is case-sensitive: only the media type is compared in lower case.
    const type = request.headers.get('content-type') ?? '';
    const mediaType = type.toLowerCase();
    if (!mediaType.startsWith('multipart/form-data') && !mediaType.startsWith('application/x-www-form-urlencoded')) {
      return refuse(
        request,
        { status: 415, error: 'unsupported_body', reason: 'send the form as multipart/form-data' },
        { cors },
      );
    }
    const body = await readBytesLimited(request, MAX_CREATION_BODY_BYTES);
    if (body === undefined) {
      return refuse(
        request,
        {
          status: 413,
          error: 'payload_too_large',
          reason: `a submission may have at most ${(MAX_CREATION_BODY_BYTES / 1048576).toFixed(2)} MB with its image; send a smaller image`,
        },
        { cors },
      );
    }
    let form: FormData;
    try {
      // The platform's own parser (a server's faster Response class need not have one).
      form = await new Response(body, { headers: { 'content-type': type } }).formData();
    } catch {
      return refuse(
        request,
        { status: 400, error: 'malformed', reason: 'the form data could not be read; send the form again' },
        { cors },
      );
    }

    const checked = checkFields(form, licences);
    if (!checked.ok) {
      const back = safeBack(form, request, origin);
      return refuse(
        request,
        {
          status: 422,
          error: 'invalid_fields',
          reason: `fix ${Object.keys(checked.fields).join(', ')} and send again`,
          fields: checked.fields,
        },
        { cors, form, ...(back ? { back } : {}) },
      );
    }
    const fields = checked.fields;
    const back = safePostUrl(fields.postUrl, fields.pageId, request, origin);
    const context = { cors, form, ...(back ? { back } : {}) };
    const unknown = await knownIds(fields);
    if (unknown) return refuse(request, unknown, context);
    if (!back) {
      return refuse(
        request,
        {
          status: 422,
          error: 'post_url_not_allowed',
          reason: `the post address must be the post's own page on an allowed origin; add its origin with ${options.allowedOriginsSetting ?? '--allow-origin'}`,
          fields: { [CREATION_FIELDS.post]: 'The post address is not the page this form belongs to.' },
        },
        context,
      );
    }

    // Limits: everyone together, then this address (a separate, smaller budget without proof of
    // work). Taken now and given back if the submission is refused further on.
    const at = now();
    const address = addressKey(clientIp(request));
    const verified = fields.altcha !== undefined && !fields.honeypot;
    const limit = verified || fields.honeypot ? verifiedLimit : unverifiedLimit;
    const capWait = globalCap.take('all', at);
    const addressWait = capWait > 0 ? 0 : limit.take(address, at);
    if (addressWait > 0) globalCap.release('all', at);
    const wait = Math.max(capWait, addressWait);
    if (wait > 0) {
      return refuse(
        request,
        {
          status: 429,
          error: 'rate_limited',
          reason: `too many submissions for now; send it again in ${Math.ceil(wait / 60)} min`,
          headers: { 'retry-after': String(wait) },
        },
        context,
      );
    }
    const stored = await store(request, fields, context, { at, verified, back });
    if (stored.status >= 400) {
      globalCap.release('all', at);
      limit.release(address, at);
    }
    return stored;
  }

  /** The checks that cost something (proof, duplicates, the image), then the write and the answer. */
  async function store(
    request: Request,
    fields: SubmittedFields,
    context: { cors: Record<string, string>; form: FormData; back?: URL },
    { at, verified, back }: { at: number; verified: boolean; back: URL },
  ): Promise<Response> {
    const { cors } = context;
    let challengeSignature: { signature: string; expiresMs: number } | undefined;
    if (verified) {
      const proof = await challenges.check(fields.altcha as string);
      if (!proof.ok) return refuse(request, { status: 400, error: proof.error, reason: proof.reason }, context);
      challengeSignature = proof;
    }

    const textHash = sha256(normalisedText(fields.title, fields.text)).toString('hex');
    let image: NewCreation['image'] = null;
    try {
      if (!fields.honeypot && (await options.store.creations.hasTextSince(textHash, at - DUPLICATE_WINDOW_MS))) {
        return refuse(
          request,
          {
            status: 409,
            error: 'duplicate',
            reason: 'the same title and text were sent in the last 24 hours; it is stored already',
          },
          context,
        );
      }
      const file = context.form.get(CREATION_FIELDS.image);
      if (file !== null && typeof file !== 'string' && file.size > 0) {
        const encoded = await reencodeImage(new Uint8Array(await file.arrayBuffer()));
        if (!encoded.ok) {
          return refuse(
            request,
            {
              status: encoded.status,
              error: encoded.error,
              reason: encoded.reason,
              fields: { [CREATION_FIELDS.image]: encoded.reason },
            },
            context,
          );
        }
        image = { ...encoded.image, alt: fields.imageAlt };
      } else if (typeof file === 'string' && file !== '') {
        return refuse(
          request,
          {
            status: 422,
            error: 'invalid_fields',
            reason: 'the image must be sent as a file',
            fields: { [CREATION_FIELDS.image]: 'The image must be a file.' },
          },
          context,
        );
      }
      if (
        challengeSignature &&
        !(await options.store.creations.useChallenge(challengeSignature.signature, challengeSignature.expiresMs))
      ) {
        return refuse(
          request,
          {
            status: 400,
            error: 'proof_replayed',
            reason: 'this anti-spam proof was used already; send the form again for a new one',
          },
          context,
        );
      }
    } catch (error) {
      health.failed(error);
      return unavailable(retryAfter, 'nothing was stored', cors);
    }

    const id = randomBytes(12).toString('base64url');
    const secret = randomBytes(24).toString('base64url');
    const status: CreationStatus = fields.honeypot ? 'spam' : fields.kind === 'letter' ? 'unread' : 'pending';
    const creation: NewCreation = {
      id,
      kind: fields.kind,
      status,
      formId: fields.formId,
      pageId: fields.pageId,
      postUrl: back.href,
      title: fields.title,
      text: fields.text,
      links: fields.links,
      credit: fields.credit,
      email: fields.email,
      consent: fields.consent,
      licence: fields.licence,
      quote: fields.quote,
      token: fields.token,
      verified,
      receiptHash: sha256(secret).toString('hex'),
      textHash,
      image,
      createdAt: at,
    };
    try {
      await options.store.creations.insert(creation);
      health.ok();
    } catch (error) {
      health.failed(error);
      return unavailable(retryAfter, 'nothing was stored', cors);
    }
    if (notify && status !== 'spam') {
      notify({
        id,
        kind: creation.kind,
        pageId: creation.pageId,
        postUrl: creation.postUrl,
        title: creation.title,
        status,
        verified,
        createdAt: new Date(at).toISOString(),
      });
    }

    const receipt = `${id}.${secret}`;
    if (wantsJson(request)) {
      const answer: CreationAccepted = {
        ok: true,
        id,
        kind: creation.kind as CreationKind,
        verified,
        receiptUrl: receiptUrl(request, receipt),
      };
      return json(answer, { status: 201, headers: { ...cors, 'cache-control': 'no-store' } });
    }
    const location = new URL(back.href);
    location.searchParams.set('sc-receipt', receipt);
    location.hash = 'sc-thanks';
    return empty(303, { ...cors, location: location.href, 'cache-control': 'no-store' });
  }

  /** The post URL of a form that failed its checks, when it is safe to link back to. */
  function safeBack(form: FormData, request: Request, origin: string | undefined): URL | undefined {
    const post = form.get(CREATION_FIELDS.post);
    const page = form.get(CREATION_FIELDS.page);
    if (typeof post !== 'string' || typeof page !== 'string' || !isPageId(page)) return undefined;
    return safePostUrl(post.trim(), page, request, origin);
  }

  /** Where the reader's receipt page is: the collector's own origin, under the same path prefix. */
  function receiptUrl(request: Request, receipt: string): string {
    const url = new URL(request.url);
    const host = request.headers.get('host');
    const base = host ? `${url.protocol}//${host}` : url.origin;
    const prefix = url.pathname.slice(0, url.pathname.length - CREATIONS_PATH.length);
    return `${base}${prefix}${CREATION_RECEIPT_PATH}/${receipt}${slash}`;
  }

  /** The owner's check, or the refusal: off (404 naming the setting) or a wrong token (401). */
  function ownerRefusal(request: Request): Response | undefined {
    if (!ownerAuthorized) {
      return problem(
        404,
        'creations_api_disabled',
        `the owner's creations API is off; set ${tokenSetting} to a token of at least 16 characters to turn it on`,
      );
    }
    if (!ownerAuthorized(request)) {
      return problem(401, 'unauthorized', 'send the admin token as `Authorization: Bearer <token>`', {
        'www-authenticate': 'Bearer realm="sharecraft creations"',
      });
    }
    if (request.method !== 'GET')
      return problem(405, 'method_not_allowed', 'read creations with GET', { allow: 'GET' });
    return undefined;
  }

  async function list(request: Request): Promise<Response> {
    const refused = ownerRefusal(request);
    if (refused) return refused;
    const params = new URL(request.url).searchParams;
    const query: CreationQuery = {};
    const statuses = params.get('status');
    if (statuses !== null) {
      const all = [...CREATION_STATUSES, ...LETTER_STATUSES] as string[];
      const wanted = statuses.split(',').filter(Boolean);
      const bad = wanted.find((status) => !all.includes(status));
      if (bad !== undefined || wanted.length === 0) {
        return problem(400, 'bad_query', `status takes ${all.join(', ')} (comma-separated); got ${statuses}`);
      }
      query.status = wanted as CreationStatus[];
    }
    const kind = params.get('kind');
    if (kind !== null) {
      if (!(CREATION_KINDS as readonly string[]).includes(kind)) {
        return problem(400, 'bad_query', `kind takes ${CREATION_KINDS.join(' or ')}; got ${kind}`);
      }
      query.kind = kind as CreationKind;
    }
    const page = params.get('page');
    if (page !== null) {
      if (!isPageId(page))
        return problem(400, 'bad_query', `page takes a page id as the manifest lists it; got ${page}`);
      query.pageId = page;
    }
    const limitValue = params.get('limit');
    if (limitValue !== null) {
      const limit = Number(limitValue);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        return problem(400, 'bad_query', `limit takes a whole number from 1 to 1000; got ${limitValue}`);
      }
      query.limit = limit;
    }
    try {
      const records = await options.store.creations.list(query);
      health.ok();
      return json(records, { headers: { 'cache-control': 'no-store' } });
    } catch (error) {
      health.failed(error);
      return unavailable(retryAfter, 'no creations could be read');
    }
  }

  async function image(request: Request, id: string): Promise<Response> {
    const refused = ownerRefusal(request);
    if (refused) return refused;
    let found: { type: string; bytes: Uint8Array } | undefined;
    try {
      found = await options.store.creations.image(id);
    } catch (error) {
      health.failed(error);
      return unavailable(retryAfter, 'the image could not be read');
    }
    if (!found) return problem(404, 'not_found', `creation ${id} has no image (or does not exist)`);
    return new ResponseClass(new Uint8Array(found.bytes), {
      headers: {
        'content-type': found.type,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'cache-control': 'private, no-store',
        'content-disposition': 'inline',
      },
    });
  }

  async function receipt(request: Request, id: string, secret: string): Promise<Response> {
    const page = (status: number, html: string) => text(html, { status, headers: PAGE_HEADERS });
    if (request.method !== 'GET' && request.method !== 'POST') {
      return text('', { status: 405, headers: { ...PAGE_HEADERS, allow: 'GET, POST' } });
    }
    let record: Awaited<ReturnType<EventStore['creations']['byReceipt']>>;
    try {
      record = await options.store.creations.byReceipt(sha256(secret).toString('hex'));
    } catch (error) {
      health.failed(error);
      return unavailable(retryAfter, 'the submission could not be read');
    }
    // The secret's hash found the row; the id must match too, compared in constant time.
    const matches = record !== undefined && timingSafeEqual(sha256(record.id), sha256(id));
    if (!record || !matches) return page(404, notFoundPage(strings));
    // The secret in the path is the reader's capability: no other page can know it, so the
    // delete needs no further token.
    if (request.method === 'POST') {
      try {
        await options.store.creations.delete(record.id);
        options.onStatusChange?.(record.id, record.status, undefined);
      } catch (error) {
        health.failed(error);
        return unavailable(retryAfter, 'nothing was deleted');
      }
      return page(200, deletedPage(strings));
    }
    return page(200, receiptPage(strings, record, new URL(request.url).pathname.replace(/\/*$/, slash)));
  }

  return async (request) => {
    const pathname = new URL(request.url).pathname;
    if (pathname.endsWith(CREATION_CHALLENGE_PATH)) return challenge(request);
    if (pathname.endsWith(CREATIONS_PATH)) {
      return request.method === 'GET' ? list(request) : submit(request);
    }
    const imageMatch = IMAGE_PATH.exec(pathname);
    if (imageMatch) return image(request, imageMatch[1] as string);
    const receiptMatch = RECEIPT_PATH.exec(pathname);
    if (receiptMatch) return receipt(request, receiptMatch[1] as string, receiptMatch[2] as string);
    return problem(404, 'not_found', `no such path; post creations to ${CREATIONS_PATH}`);
  };
}

/** Whether the client asked for JSON (the form's fetch) rather than a page (a plain form POST). */
function wantsJson(request: Request): boolean {
  return (request.headers.get('accept') ?? '').includes('application/json');
}
