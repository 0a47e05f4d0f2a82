/**
 * The moderation page in real Chromium against a real `sharecraft serve` process on a real SQLite
 * file, seeded through the real creation store: sign in (a wrong token is a 401), pending work with
 * its image, approve by keyboard and by click, reject, spam, the letters inbox apart from
 * creations, forms without or with a wrong CSRF token refused with nothing changed, axe in light
 * and dark, and script payloads in every reader field shown as inert text.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { derivePageId } from '@sharecraft/protocol';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventStore, type NewCreation, openSqliteStore } from '../../packages/collector/dist/index.js';
import { launchChromium } from '../helpers/chromium.js';
import { solidPng } from '../helpers/png.js';
import { type CollectorProcess, freePort, startCollector } from '../helpers/processes.js';

const TOKEN = 'moderation-token-0123456789abcdef';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = '/tmp/shots';

/** Script in every shape a reader might try, each setting `window.__pwned` or opening a dialog if it ran. */
const PAYLOADS = {
  title: '<script>window.__pwned = "title"</script>Title',
  text: '</textarea><script>window.__pwned = "text"</script>"><img src=x onerror="window.__pwned=\'text-img\'">\n</style><svg onload=alert(1)>',
  credit: '"><img src=x onerror=alert("credit")>',
  email: '"onmouseover="alert(1)"@mail.example',
  quote: "'><iframe srcdoc=\"<script>parent.__pwned='quote'</script>\"></iframe>",
  links: [
    'javascript:window.__pwned="link"',
    'data:text/html,<script>alert(1)</script>',
    'https://ok.example/"><b>x</b>',
  ],
  alt: '" onerror="window.__pwned=\'alt\'" x="',
  postUrl: 'javascript:alert("post")',
  licence: '<script>alert("licence")</script>',
};

let sequence = 0;
function creation(overrides: Partial<NewCreation> = {}): NewCreation {
  sequence += 1;
  return {
    id: `adm${sequence}${randomBytes(5).toString('hex')}`,
    kind: 'creation',
    status: 'pending',
    formId: 'end',
    pageId: derivePageId('/blog/lighthouse'),
    postUrl: 'https://blog.example/blog/lighthouse/',
    title: `Creation ${sequence}`,
    text: 'A drawing made after reading the post.\nIn ink and watercolour.',
    links: ['https://art.example/lighthouse'],
    credit: 'Ada',
    email: `ada${sequence}@mail.example`,
    consent: true,
    licence: 'cc-by-4.0',
    quote: null,
    token: null,
    verified: sequence % 2 === 0,
    receiptHash: createHash('sha256').update(`receipt-${sequence}-${Math.random()}`).digest('hex'),
    textHash: createHash('sha256').update(`text-${sequence}-${Math.random()}`).digest('hex'),
    image: null,
    createdAt: Date.UTC(2026, 10, 1, 9, sequence),
    ...overrides,
  };
}

const png = solidPng(160, 90, [30, 110, 170]);
const withImage = creation({
  title: 'Lighthouse at dusk',
  image: { type: 'image/png', width: 160, height: 90, alt: 'A blue lighthouse', bytes: png },
});
const byKeyboard = creation({ title: 'Approved by keyboard' });
const byClick = creation({ title: 'Approved by click' });
const toReject = creation({ title: 'Off topic' });
const toSpam = creation({ title: 'Buy cheap watches', verified: false });
const letter = creation({
  kind: 'letter',
  status: 'unread',
  title: 'A private thank-you',
  consent: false,
  licence: null,
  email: 'reader@mail.example',
});
const hostile = creation({
  title: PAYLOADS.title,
  text: PAYLOADS.text,
  credit: PAYLOADS.credit,
  email: PAYLOADS.email,
  quote: PAYLOADS.quote,
  links: PAYLOADS.links,
  postUrl: PAYLOADS.postUrl,
  licence: PAYLOADS.licence,
  image: { type: 'image/png', width: 160, height: 90, alt: PAYLOADS.alt, bytes: png },
});

let work: string;
let store: EventStore;
let collector: CollectorProcess;
let browser: Browser;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sharecraft-admin-'));
  await mkdir(SHOTS, { recursive: true });
  const db = join(work, 'owner.db');
  store = await openSqliteStore(db);
  for (const entry of [hostile, withImage, byKeyboard, byClick, toReject, toSpam, letter]) {
    await store.creations.insert(entry);
  }
  collector = await startCollector({ db, port: await freePort(), env: { SHARECRAFT_ADMIN_TOKEN: TOKEN } });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await collector?.stop();
  await store?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const status = async (id: string) => (await store.creations.get(id))?.status;

/** Signs in through the form, as a moderator does. */
async function signIn(page: Page, token = TOKEN) {
  await page.goto(`${collector.url}/admin`);
  await page.getByLabel('Admin token').fill(token);
  return Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]).then(
    ([response]) => response,
  );
}

/** The article of one submission on the page. */
const articleOf = (page: Page, record: NewCreation) => page.locator(`article[aria-labelledby="c-${record.id}-title"]`);

describe('the moderation page', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await browser.newContext();
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
  });

  it('refuses a wrong token with a 401 page that says so', async () => {
    const response = await signIn(page, 'not-the-token-at-all-0000');
    expect(response?.status()).toBe(401);
    await expect(page.getByText('That token is not the admin token.').isVisible()).resolves.toBe(true);
    expect(await page.getByLabel('Admin token').getAttribute('aria-invalid')).toBe('true');
    expect(await context.cookies()).toEqual([]);
  });

  it('signs in with the admin token to an HttpOnly, SameSite=Strict session on /admin', async () => {
    const response = await signIn(page);
    expect(response?.status()).toBe(200);
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'sharecraft-admin', path: '/admin', httpOnly: true, sameSite: 'Strict' });
    expect(cookie?.expires).toBeGreaterThan(Date.now() / 1000 + 11 * 3600);
    expect(await page.locator('h2').first().textContent()).toBe('Pending');
  });

  it('serves every page with no script allowed, nosniff, no-store and no referrer', async () => {
    const response = await page.goto(`${collector.url}/admin?view=approved`);
    const headers = response?.headers() ?? {};
    expect(headers['content-security-policy']).toMatch(/^default-src 'none'; img-src 'self'; style-src 'sha256-/);
    expect(headers['content-security-policy']).toContain("form-action 'self'; frame-ancestors 'none'");
    expect(headers['content-security-policy']).not.toContain('script-src');
    expect(headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    });
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
  });

  it('lists pending creations with their image previews, served with the real type and no script', async () => {
    await page.goto(`${collector.url}/admin`);
    const article = articleOf(page, withImage);
    await expect(article.getByRole('heading', { name: 'Lighthouse at dusk' }).isVisible()).resolves.toBe(true);
    const image = article.getByRole('img', { name: 'Image: A blue lighthouse' });
    await image.scrollIntoViewIfNeeded();
    // Loaded lazily, once scrolled to: decode() waits for the bytes and fails if they are not an image Chromium can draw.
    expect(await image.evaluate((element: HTMLImageElement) => element.decode().then(() => element.naturalWidth))).toBe(
      160,
    );
    const src = (await image.getAttribute('src')) as string;
    const served = await page.request.get(`${collector.url}${src}`);
    expect(served.status()).toBe(200);
    expect(served.headers()).toMatchObject({
      'content-type': 'image/png',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
    });
    expect(new Uint8Array(await served.body())).toEqual(png);
    // Without the session, no image.
    const anonymous = await fetch(`${collector.url}${src}`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(await article.textContent()).toContain(withImage.email as string);
  });

  it('approves a creation by keyboard alone: Tab to its button, Enter', async () => {
    await page.goto(`${collector.url}/admin`);
    const target = `button[value="approve"][aria-describedby="c-${byKeyboard.id}-title"]`;
    let reached = false;
    for (let presses = 0; presses < 80 && !reached; presses++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate((selector) => document.activeElement?.matches(selector) ?? false, target);
    }
    expect(reached).toBe(true);
    await Promise.all([page.waitForURL(/done=approve/), page.keyboard.press('Enter')]);
    expect(await page.getByRole('status').textContent()).toBe('Approved “Approved by keyboard”.');
    expect(await status(byKeyboard.id)).toBe('approved');
    expect(await articleOf(page, byKeyboard).count()).toBe(0);
  });

  it('approves, rejects and marks spam by click, each leaving pending for its own view', async () => {
    for (const [record, button, done] of [
      [byClick, 'Approve', 'approved'],
      [toReject, 'Reject', 'rejected'],
      [toSpam, 'Mark spam', 'spam'],
    ] as const) {
      await page.goto(`${collector.url}/admin`);
      await Promise.all([
        page.waitForURL(/done=/),
        articleOf(page, record).getByRole('button', { name: button, exact: true }).click(),
      ]);
      expect(await status(record.id)).toBe(done);
      expect(await articleOf(page, record).count()).toBe(0);
      await page.goto(`${collector.url}/admin?view=${done}`);
      expect(await articleOf(page, record).count()).toBe(1);
    }
  });

  it('keeps the letter in the letters inbox only, and marks it read there', async () => {
    for (const view of ['pending', 'approved', 'rejected', 'spam']) {
      await page.goto(`${collector.url}/admin?view=${view}`);
      expect(await articleOf(page, letter).count()).toBe(0);
      expect(await page.content()).not.toContain('A private thank-you');
    }
    await page.getByRole('link', { name: 'Letters (1 unread)' }).click();
    const unread = page.getByRole('region', { name: 'Unread' });
    await expect(unread.getByRole('heading', { name: 'A private thank-you' }).isVisible()).resolves.toBe(true);
    expect(await articleOf(page, letter).getByRole('button').allTextContents()).toEqual(['Mark read', 'Mark spam']);
    await Promise.all([
      page.waitForURL(/done=read/),
      articleOf(page, letter).getByRole('button', { name: 'Mark read' }).click(),
    ]);
    expect(await status(letter.id)).toBe('read');
    const read = page.getByRole('region', { name: 'Read', exact: true });
    expect(await read.locator(`article[aria-labelledby="c-${letter.id}-title"]`).count()).toBe(1);
    // A letter marked spam is found in the spam view, as a letter, and goes back to the inbox from there.
    await Promise.all([
      page.waitForURL(/done=spam/),
      articleOf(page, letter).getByRole('button', { name: 'Mark spam' }).click(),
    ]);
    await page.goto(`${collector.url}/admin?view=spam`);
    expect(await articleOf(page, letter).textContent()).toContain('letter (private, never published)');
    await Promise.all([
      page.waitForURL(/done=read/),
      articleOf(page, letter).getByRole('button', { name: 'Mark read' }).click(),
    ]);
    expect(await status(letter.id)).toBe('read');
  });

  it('refuses a form without or with a wrong CSRF token (403), changing nothing', async () => {
    await page.goto(`${collector.url}/admin`);
    const csrf = (await articleOf(page, withImage).locator('input[name=csrf]').inputValue()) as string;
    const cookie = (await context.cookies())[0];
    const send = (fields: Record<string, string>, withCookie = true) =>
      fetch(`${collector.url}/admin/moderate`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(withCookie ? { cookie: `${cookie?.name}=${cookie?.value}` } : {}),
        },
        body: new URLSearchParams(fields),
      });
    const wanted = { id: withImage.id, action: 'approve', view: 'pending' };
    for (const attempt of [wanted, { ...wanted, csrf: 'wrong' }, { ...wanted, csrf: `${csrf.slice(0, -1)}x` }]) {
      const response = await send(attempt);
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('security token');
    }
    expect((await send({ ...wanted, csrf }, false)).status).toBe(403);
    const crossSite = await fetch(`${collector.url}/admin/moderate`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: `${cookie?.name}=${cookie?.value}`,
        'sec-fetch-site': 'cross-site',
      },
      body: new URLSearchParams({ ...wanted, csrf }),
    });
    expect(crossSite.status).toBe(403);
    expect(await status(withImage.id)).toBe('pending');
    // The same form with the right token goes through, so the refusals were about the token.
    expect((await send({ ...wanted, csrf, action: 'reject' })).status).toBe(303);
    expect(await status(withImage.id)).toBe('rejected');
    await store.creations.setStatus(withImage.id, 'pending', Date.now());
  });

  it('answers bad moderation input with a 4xx page and keeps serving', async () => {
    await page.goto(`${collector.url}/admin`);
    const csrf = await page.locator('input[name=csrf]').first().inputValue();
    const cookie = (await context.cookies())[0];
    const send = (body: string, type = 'application/x-www-form-urlencoded') =>
      fetch(`${collector.url}/admin/moderate`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': type, cookie: `${cookie?.name}=${cookie?.value}` },
        body,
      });
    const form = (fields: Record<string, string>) => new URLSearchParams({ csrf, ...fields }).toString();
    expect((await send(form({ id: 'no-such-id', action: 'approve' }))).status).toBe(404);
    expect((await send(form({ id: letter.id, action: 'approve' }))).status).toBe(400);
    expect((await send(form({ id: withImage.id, action: 'publish' }))).status).toBe(400);
    expect((await send('{"id":1}', 'application/json')).status).toBe(415);
    expect((await send(form({ id: withImage.id, action: 'approve', pad: 'x'.repeat(20_000) }))).status).toBe(413);
    expect(await status(withImage.id)).toBe('pending');
    expect(await status(letter.id)).toBe('read');
    expect((await fetch(`${collector.url}/healthz`)).status).toBe(200);
  });

  it('shows script payloads in every reader field as inert text, even with the CSP turned off', async () => {
    // The CSP would stop a script that got through; bypassing it shows the escaping alone holds.
    const bare = await browser.newContext({ bypassCSP: true });
    await bare.addCookies(await context.cookies());
    const probe = await bare.newPage();
    const dialogs: string[] = [];
    probe.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const requests: string[] = [];
    probe.on('request', (request) => requests.push(request.url()));
    await probe.goto(`${collector.url}/admin`);
    const article = articleOf(probe, hostile);
    await article.getByRole('img').scrollIntoViewIfNeeded();
    await article.getByRole('img').evaluate((element: HTMLImageElement) => element.decode().catch(() => undefined));
    await article.hover();
    expect(dialogs).toEqual([]);
    expect(await probe.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await probe.locator('script, iframe, svg, b, [onerror], [onload], [onmouseover]').count()).toBe(0);
    expect(await probe.locator('a[href^="javascript:"], a[href^="data:"]').count()).toBe(0);
    expect(requests.filter((url) => !url.startsWith(`${collector.url}/admin`))).toEqual([]);
    // Every payload is on the page, character for character, as text.
    expect(await article.getByRole('heading').textContent()).toBe(PAYLOADS.title);
    expect(await article.locator('.text').textContent()).toBe(PAYLOADS.text);
    const shown = (await article.textContent()) as string;
    for (const value of [
      PAYLOADS.credit,
      PAYLOADS.email,
      PAYLOADS.quote,
      PAYLOADS.postUrl,
      PAYLOADS.licence,
      ...PAYLOADS.links,
    ]) {
      expect(shown).toContain(value);
    }
    expect(await article.getByRole('img').getAttribute('alt')).toBe(`Image: ${PAYLOADS.alt}`);
    // The one https link stays a link, to exactly what was given.
    expect(await article.locator('a[href^="https://ok.example/"]').getAttribute('href')).toBe(
      'https://ok.example/%22%3E%3Cb%3Ex%3C/b%3E',
    );
    await bare.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no axe violations in the ${scheme} scheme, and looks right (screenshot)`, async () => {
      // axe is a script: this context lets it in past the CSP.
      const checked = await browser.newContext({
        colorScheme: scheme,
        bypassCSP: true,
        viewport: { width: 1000, height: 1400 },
      });
      await checked.addCookies(await context.cookies());
      const view = await checked.newPage();
      const violations: string[] = [];
      for (const path of ['/admin', '/admin?view=letters', '/admin?view=spam&done=spam&id=x']) {
        await view.goto(`${collector.url}${path}`);
        await view.addScriptTag({ content: AXE_SOURCE });
        violations.push(
          ...(await view.evaluate(async () => {
            const axe = (
              window as unknown as {
                axe: { run(): Promise<{ violations: { id: string; nodes: unknown[] }[] }> };
              }
            ).axe;
            const result = await axe.run();
            return result.violations.map((violation) => `${violation.id} (${violation.nodes.length})`);
          })),
        );
      }
      await view.goto(`${collector.url}/admin?view=letters`);
      await view.screenshot({ path: join(SHOTS, `admin-letters-${scheme}.png`), fullPage: true });
      await view.goto(`${collector.url}/admin`);
      await view.screenshot({ path: join(SHOTS, `admin-${scheme}.png`), fullPage: true });
      const signedOut = await browser.newContext({ colorScheme: scheme, bypassCSP: true });
      const signInView = await signedOut.newPage();
      await signInView.goto(`${collector.url}/admin`);
      await signInView.addScriptTag({ content: AXE_SOURCE });
      violations.push(
        ...(await signInView.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }).axe;
          return (await axe.run()).violations.map((violation) => `sign-in: ${violation.id}`);
        })),
      );
      await signInView.screenshot({ path: join(SHOTS, `admin-sign-in-${scheme}.png`) });
      await signedOut.close();
      await checked.close();
      expect(violations).toEqual([]);
    });
  }

  it('signs out: the page asks for the token again, and the old cookie is no use', async () => {
    await page.goto(`${collector.url}/admin`);
    const old = (await context.cookies())[0];
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign out' }).click()]);
    expect(await page.getByLabel('Admin token').isVisible()).toBe(true);
    expect(await context.cookies()).toEqual([]);
    const replay = await fetch(`${collector.url}/admin`, { headers: { cookie: `${old?.name}=${old?.value}` } });
    expect(await replay.text()).toContain('Your session has ended.');
    const forged = await fetch(`${collector.url}/admin`, {
      headers: { cookie: `sharecraft-admin=9999999999.${'a'.repeat(32)}.${'b'.repeat(43)}` },
    });
    expect(await forged.text()).toContain('Sign in to moderate');
  });
});

describe('the moderation page without an admin token', () => {
  it('is off, and names --admin-token', async () => {
    const off = await startCollector({ db: join(work, 'off.db'), port: await freePort() });
    try {
      const response = await fetch(`${off.url}/admin`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
      const html = await response.text();
      expect(html).toContain('Moderation is off');
      expect(html).toContain('--admin-token');
      expect(off.output()).toContain('admin:    off (no --admin-token)');
    } finally {
      await off.stop();
    }
  });
});
