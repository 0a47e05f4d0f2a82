/**
 * The moderation page's handler on a real SQLite store, with a clock the test moves: sessions end
 * after 12 hours, a new admin token signs everyone out, the cookie is Secure over https, and the
 * page speaks whatever language (and direction) its strings object gives it.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { derivePageId } from '@sharecraft/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_STRINGS, createAdminHandler, type EventStore, openSqliteStore } from '../dist/index.js';

const TOKEN = 'handler-admin-token-0123456789';
const HOUR = 3_600_000;

let work: string;
let store: EventStore;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sharecraft-admin-handler-'));
  store = await openSqliteStore(join(work, 'admin.db'));
  await store.creations.insert({
    id: 'handler1',
    kind: 'creation',
    status: 'pending',
    formId: 'end',
    pageId: derivePageId('/blog/post'),
    postUrl: 'https://blog.example/blog/post/',
    title: 'مرسوم بالحبر',
    text: 'Text',
    links: [],
    credit: 'Ada',
    email: null,
    consent: true,
    licence: 'cc-by-4.0',
    quote: null,
    token: null,
    verified: true,
    receiptHash: createHash('sha256').update('r').digest('hex'),
    textHash: createHash('sha256').update('t').digest('hex'),
    image: null,
    createdAt: Date.now(),
  });
});

afterAll(async () => {
  await store?.close();
  await rm(work, { recursive: true, force: true });
});

/** Signs in through the form; returns the Set-Cookie header and the cookie to send back. */
async function signIn(handler: (request: Request) => Promise<Response>, base = 'http://collector.test') {
  const response = await handler(
    new Request(`${base}/admin/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: TOKEN }),
    }),
  );
  expect(response.status).toBe(303);
  const setCookie = response.headers.get('set-cookie') ?? '';
  return { setCookie, cookie: setCookie.split(';')[0] as string };
}

const view = (handler: (request: Request) => Promise<Response>, cookie: string, base = 'http://collector.test') =>
  handler(new Request(`${base}/admin`, { headers: { cookie } }));

describe('the moderation page handler', () => {
  it('ends a session after 12 hours, and says so', async () => {
    let now = Date.UTC(2026, 0, 1);
    const handler = createAdminHandler({ creations: store.creations, token: TOKEN, now: () => now });
    const { setCookie, cookie } = await signIn(handler);
    expect(setCookie).toMatch(/; Path=\/admin; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    now += 12 * HOUR - 1000;
    expect(await (await view(handler, cookie)).text()).toContain('مرسوم بالحبر');
    now += 1000;
    const ended = await view(handler, cookie);
    const html = await ended.text();
    expect(html).toContain('Your session has ended. Sign in again.');
    expect(html).not.toContain('مرسوم بالحبر');
    expect(ended.headers.get('set-cookie')).toContain('Max-Age=0');
  });

  it('refuses a session signed with another token: a new token signs everyone out', async () => {
    const before = createAdminHandler({ creations: store.creations, token: TOKEN });
    const { cookie } = await signIn(before);
    const after = createAdminHandler({ creations: store.creations, token: 'a-new-admin-token-after-rotation' });
    expect(await (await view(after, cookie)).text()).toContain('Sign in to moderate');
    expect(await (await view(before, cookie)).text()).toContain('مرسوم بالحبر');
  });

  it('marks the cookie Secure over https, and when a proxy says the request was https', async () => {
    const handler = createAdminHandler({ creations: store.creations, token: TOKEN });
    expect((await signIn(handler, 'https://collector.test')).setCookie).toMatch(/; Secure$/);
    const proxied = await handler(
      new Request('http://collector.test/admin/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' },
        body: new URLSearchParams({ token: TOKEN }),
      }),
    );
    expect(proxied.headers.get('set-cookie')).toMatch(/; Secure$/);
    expect((await signIn(handler)).setCookie).not.toContain('Secure');
  });

  it('speaks the language and direction of its strings', async () => {
    const strings = {
      ...ADMIN_STRINGS,
      lang: 'ar',
      dir: 'rtl' as const,
      title: 'إشراف Sharecraft',
      views: { ...ADMIN_STRINGS.views, pending: 'قيد الانتظار' },
      actions: { ...ADMIN_STRINGS.actions, approve: 'موافقة' },
    };
    const handler = createAdminHandler({ creations: store.creations, token: TOKEN, strings });
    const { cookie } = await signIn(handler);
    const html = await (await view(handler, cookie)).text();
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('<h1>إشراف Sharecraft</h1>');
    expect(html).toContain('<h2>قيد الانتظار</h2>');
    expect(html).toMatch(/<button type="submit" name="action" value="approve"[^>]*>موافقة<\/button>/);
    expect(html).not.toMatch(/margin-left|margin-right|padding-left|padding-right|text-align:\s*left/);
  });

  it('answers only under its own path', async () => {
    const handler = createAdminHandler({ creations: store.creations, token: TOKEN, path: '/moderation' });
    expect((await handler(new Request('http://collector.test/moderationx'))).status).toBe(404);
    const page = await handler(new Request('http://collector.test/moderation'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('action="/moderation/sign-in"');
  });
});
