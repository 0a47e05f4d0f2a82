import { ADMIN_PATH, type CreationRecord, type CreationStatus } from '@sharecraft/protocol';
import type { RequestHandler } from '../collector.js';
import type { CreationStore } from '../creations/creation-store.js';
import type { ResponseClass } from '../http.js';
import { readLimited } from '../ingest/read-body.js';
import {
  ADMIN_ACTIONS,
  ADMIN_CSP,
  ADMIN_VIEWS,
  type AdminAction,
  type AdminView,
  actionsFor,
  messagePage,
  moderationPage,
  signInPage,
} from './admin-page.js';
import { type AdminSession, AdminSessions, SESSION_HOURS, sameSecret } from './session.js';
import { ADMIN_STRINGS, type AdminStrings } from './strings.js';

/** The session cookie's name. */
export const ADMIN_COOKIE = 'sharecraft-admin';

/** Most submissions one view lists. */
const VIEW_LIMIT = 100;

/** Largest form the page accepts (a sign-in or a moderation button is well under 1 KB). */
const MAX_FORM_BYTES = 8 * 1024;

/** What the moderation page runs on. */
export interface AdminOptions {
  /** Where submissions are kept: the store `openStore` returns, `.creations`. */
  creations: CreationStore;
  /** The admin token moderators sign in with; undefined turns the page off (it then says how to turn it on). */
  token: string | undefined;
  /** The page's path, without a trailing slash: `/admin` standalone, `<mount path>/admin` mounted. */
  path?: string;
  /** Whether the site's URLs end with a slash (Astro's `trailingSlash: 'always'`): links and forms then do too. */
  trailingSlash?: boolean;
  /** How the off page names the token setting (default `--admin-token`). */
  tokenSetting?: string;
  /** The page's words; `ADMIN_STRINGS` by default. */
  strings?: AdminStrings;
  /** The class answers are built with (default the global `Response`). */
  Response?: ResponseClass;
  /** Where a failing database is reported. */
  log?: (message: string) => void;
  /** The clock (tests). */
  now?: () => number;
  /** Told of each status change, with the status before and after (`--deploy-hook` listens here). */
  onStatusChange?: (id: string, before: CreationStatus, after: CreationStatus | undefined) => void;
}

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': ADMIN_CSP,
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

function cookieOf(request: Request): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === ADMIN_COOKIE) return part.slice(at + 1).trim();
  }
  return undefined;
}

function isHttps(request: Request): boolean {
  return (
    request.url.startsWith('https:') || request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https'
  );
}

function isView(value: string | null): value is AdminView {
  return (ADMIN_VIEWS as readonly string[]).includes(value ?? '');
}

function isAction(value: string | null): value is AdminAction {
  return value !== null && Object.hasOwn(ADMIN_ACTIONS, value);
}

/**
 * The moderation page as one web-standard handler for every path under `path`: the sign-in form
 * (`POST <path>/sign-in`, the admin token compared in constant time), the views of pending,
 * approved, rejected and spam creations and the letters inbox (`GET <path>?view=…`), the buttons
 * (`POST <path>/moderate`, CSRF token required, then a redirect back), the images
 * (`GET <path>/image/<id>`) and `POST <path>/sign-out`. No page runs or allows any script.
 */
export function createAdminHandler(options: AdminOptions): RequestHandler {
  const path = (options.path ?? ADMIN_PATH).replace(/\/+$/, '');
  const strings = options.strings ?? ADMIN_STRINGS;
  const ResponseClass = options.Response ?? Response;
  const creations = options.creations;
  const log = options.log ?? console.error;
  const href = (sub: string) => (options.trailingSlash ? `${path}${sub}/` : `${path}${sub}`);
  const sessions = options.token === undefined ? undefined : new AdminSessions(options.token, options.now);

  const page = (status: number, html: string, headers: Record<string, string> = {}) =>
    new ResponseClass(html, { status, headers: { ...PAGE_HEADERS, ...headers } });
  const message = (status: number, heading: string, text: string, headers?: Record<string, string>) =>
    page(status, messagePage(strings, heading, text, href('')), headers);
  const redirect = (location: string, headers: Record<string, string> = {}) =>
    new ResponseClass(null, { status: 303, headers: { ...PAGE_HEADERS, location, ...headers } });
  const cookie = (request: Request, value: string, maxAge: number) =>
    `${ADMIN_COOKIE}=${value}; Path=${path}; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${isHttps(request) ? '; Secure' : ''}`;
  const unavailable = (error: unknown) => {
    log(`The moderation page could not reach the database: ${(error as Error).message ?? error}`);
    return message(503, strings.unavailableHeading, strings.unavailable, { 'retry-after': '5' });
  };

  async function form(request: Request): Promise<URLSearchParams | Response> {
    const type = request.headers.get('content-type') ?? '';
    if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      return message(415, strings.badRequestHeading, strings.badForm);
    }
    const body = await readLimited(request, MAX_FORM_BYTES);
    if (body === undefined) return message(413, strings.badRequestHeading, strings.tooLarge);
    return new URLSearchParams(body);
  }

  async function show(url: URL, session: AdminSession): Promise<Response> {
    const requested = url.searchParams.get('view');
    const view: AdminView = isView(requested) ? requested : 'pending';
    try {
      const sections =
        view === 'letters'
          ? [
              {
                heading: strings.unreadLetters,
                records: await creations.list({ kind: 'letter', status: 'unread', limit: VIEW_LIMIT }),
              },
              {
                heading: strings.readLetters,
                records: await creations.list({ kind: 'letter', status: 'read', limit: VIEW_LIMIT }),
              },
            ]
          : view === 'spam'
            ? // Letters can be spam too: this view shows both kinds.
              [{ records: await creations.list({ status: 'spam', limit: VIEW_LIMIT }) }]
            : // Creations and mentions; letters never have these statuses.
              [{ records: await creations.list({ status: view, limit: VIEW_LIMIT }) }];
      const counts: Partial<Record<AdminView, number>> = {
        pending:
          view === 'pending'
            ? (sections[0] as { records: CreationRecord[] }).records.length
            : (await creations.list({ status: 'pending', limit: VIEW_LIMIT })).length,
        letters:
          view === 'letters'
            ? (sections[0] as { records: CreationRecord[] }).records.length
            : (await creations.list({ kind: 'letter', status: 'unread', limit: VIEW_LIMIT })).length,
      };
      let notice: string | undefined;
      const done = url.searchParams.get('done');
      const id = url.searchParams.get('id');
      if (isAction(done) && id) {
        const record = await creations.get(id);
        if (record) notice = strings.done[done](record.title.trim() || strings.untitled);
      }
      return page(
        200,
        moderationPage({ strings, href, view, csrf: session.csrf, sections, counts, limit: VIEW_LIMIT, notice }),
      );
    } catch (error) {
      return unavailable(error);
    }
  }

  async function moderate(request: Request, session: AdminSession): Promise<Response> {
    const fields = await form(request);
    if (fields instanceof Response) return fields;
    if (!sessions?.checkCsrf(session, fields.get('csrf'))) {
      return message(403, strings.forbiddenHeading, strings.badCsrf);
    }
    const id = fields.get('id') ?? '';
    const action = fields.get('action');
    const requestedView = fields.get('view');
    if (!isAction(action) || id === '') return message(400, strings.badRequestHeading, strings.badAction);
    try {
      const record = await creations.get(id);
      if (!record) return message(404, strings.notFoundHeading, strings.notFound);
      if (!actionsFor(record).includes(action) && ADMIN_ACTIONS[action] !== record.status) {
        return message(400, strings.badRequestHeading, strings.badAction);
      }
      await creations.setStatus(id, ADMIN_ACTIONS[action], Date.now());
      options.onStatusChange?.(id, record.status, ADMIN_ACTIONS[action]);
      const view = isView(requestedView) ? requestedView : record.kind === 'letter' ? 'letters' : 'pending';
      return redirect(`${href('')}?view=${view}&done=${action}&id=${encodeURIComponent(id)}`);
    } catch (error) {
      return unavailable(error);
    }
  }

  async function image(id: string): Promise<Response> {
    try {
      const found = await creations.image(id);
      if (!found) return message(404, strings.notFoundHeading, strings.notFound);
      return new ResponseClass(found.bytes as Uint8Array<ArrayBuffer>, {
        status: 200,
        headers: {
          'content-type': found.type,
          'content-length': String(found.bytes.byteLength),
          'x-content-type-options': 'nosniff',
          'content-security-policy': "default-src 'none'; sandbox",
          'cache-control': 'private, no-store',
          'referrer-policy': 'no-referrer',
          'cross-origin-resource-policy': 'same-origin',
          'content-disposition': 'inline',
        },
      });
    } catch (error) {
      return unavailable(error);
    }
  }

  return async (request) => {
    const url = new URL(request.url);
    const inside = url.pathname === path || url.pathname.startsWith(`${path}/`);
    if (!inside) return message(404, strings.notFoundHeading, strings.notFound);
    const within = url.pathname.slice(path.length).replace(/\/$/, '');
    const method = request.method;
    const get = method === 'GET' || method === 'HEAD';
    if (!sessions) return message(404, strings.offHeading, strings.off(options.tokenSetting ?? '--admin-token'));

    // A form sent from another site is refused whatever it carries (browsers say so in Sec-Fetch-Site).
    if (!get && request.headers.get('sec-fetch-site') === 'cross-site') {
      return message(403, strings.forbiddenHeading, strings.crossSite);
    }

    if (within === '/sign-in' && method === 'POST') {
      const fields = await form(request);
      if (fields instanceof Response) return fields;
      const token = fields.get('token') ?? '';
      if (!sameSecret(token, options.token as string)) {
        return page(401, signInPage(strings, href('/sign-in'), strings.wrongToken));
      }
      const { value } = sessions.create();
      return redirect(href(''), { 'set-cookie': cookie(request, value, SESSION_HOURS * 3600) });
    }

    const given = cookieOf(request);
    const session = sessions.verify(given);
    if (!session) {
      if (get && within === '') {
        return page(
          200,
          signInPage(strings, href('/sign-in'), undefined, given ? strings.sessionEnded : undefined),
          given ? { 'set-cookie': cookie(request, '', 0) } : {},
        );
      }
      if (get) return redirect(href(''));
      return message(403, strings.forbiddenHeading, strings.sessionEnded);
    }

    if (get && within === '') return show(url, session);
    if (get && within.startsWith('/image/')) return image(within.slice('/image/'.length));
    if (method === 'POST' && within === '/moderate') return moderate(request, session);
    if (method === 'POST' && within === '/sign-out') {
      const fields = await form(request);
      if (fields instanceof Response) return fields;
      if (!sessions.checkCsrf(session, fields.get('csrf'))) {
        return message(403, strings.forbiddenHeading, strings.badCsrf);
      }
      sessions.revoke(session);
      return redirect(href(''), { 'set-cookie': cookie(request, '', 0) });
    }
    return message(404, strings.notFoundHeading, strings.notFound);
  };
}
