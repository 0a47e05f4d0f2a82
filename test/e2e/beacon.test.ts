import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { derivePageId } from '@sharecraft/protocol';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';
import { type PublishedSite, publishFixture } from '../helpers/published-site.js';
import { whenSettled } from '../helpers/settled.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** An event as the collector stored it, in the columns a report reads. */
interface Row {
  id: string;
  kind: string;
  page_id: string;
  referrer_class: string | null;
  parent_token: string | null;
  token: string | null;
  cta_id: string | null;
  view_id: string | null;
  engaged_ms: number | null;
  scroll_pct: number | null;
  form_id: string | null;
}

function rows(db: string): Row[] {
  const connection = new DatabaseSync(db, { readOnly: true });
  try {
    return connection.prepare('SELECT * FROM events ORDER BY received_at, rowid').all() as unknown as Row[];
  } finally {
    connection.close();
  }
}

/** The stored events once `done` holds for them (or the last read after 10 s, for the assertion to show). */
async function rowsWhen(db: string, done: (found: Row[]) => boolean): Promise<Row[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = rows(db);
    if (done(found) || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Stands in for the whole outside world: every request that leaves loopback gets an empty page. */
async function offline(context: BrowserContext): Promise<void> {
  await context.route(
    (url) => !['127.0.0.1', 'localhost'].includes(url.hostname),
    (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '' }),
  );
}

/**
 * Headless Chromium has no windows to switch between, so a tab can't really be hidden: this tells
 * the page it was, the way a browser does when the reader switches tabs.
 */
async function hide(page: Page): Promise<void> {
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  });
}

async function show(page: Page): Promise<void> {
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  });
}

/** A page in a fresh context, focused as a reader's foreground tab is. */
async function readerPage(browser: Browser, init?: () => void): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  if (init) await context.addInitScript(init);
  await offline(context);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: true });
  return { context, page };
}

describe('the beacon in Chromium, against a real collector', () => {
  const POST = '/blog/placed/';
  const OTHER = '/blog/first-post/';
  let site: PublishedSite;
  let browser: Browser;

  beforeAll(async () => {
    site = await publishFixture('astro7-satteri-md', {
      networks: ['native', 'x', 'copy'],
      remix: { url: 'https://make.example/create' },
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('reports every rung of the ladder: view, shares of each kind, remix and engagement', async () => {
    const before = rows(site.db).length;
    const { context, page } = await readerPage(browser, () => {
      // Chromium on Linux has no share sheet: a stand-in that accepts, so the click runs for real.
      Object.defineProperty(navigator, 'share', { value: () => Promise.resolve() });
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(`${site.preview.url}${POST}?sc=parent0001`, { referer: 'https://www.google.com/' });
    const pageId = derivePageId(POST);

    const [view] = (await rowsWhen(site.db, (found) => found.length > before)).slice(before);
    expect(view).toMatchObject({ kind: 'v', page_id: pageId, referrer_class: 's', parent_token: 'parent0001' });

    const [tab] = await Promise.all([
      page.waitForEvent('popup'),
      page.click('.sharecraft[data-sc-at="end"] a[data-sc="x"]'),
    ]);
    await tab.close();
    await page.getByRole('button', { name: 'Copy link' }).first().click();
    await page.getByRole('button', { name: 'Share…' }).first().click();
    const [quoteTab] = await Promise.all([
      page.waitForEvent('popup'),
      page.click('[data-sc-at="quote-1"] a[data-sc="x"]'),
    ]);
    await quoteTab.close();
    // Creation events (`f`) name a form the manifest must list, and this fixture has no form: the
    // collector would refuse the whole batch. The creation form's own tests send them.
    await page.mouse.wheel(0, 20_000);
    await page.waitForTimeout(2_300);
    // The remix invitation leads away from the post: its click is reported, then the engagement.
    await page.click('.sharecraft a[data-sc="remix"]');

    const stored = (await rowsWhen(site.db, (found) => found.slice(before).some((row) => row.kind === 'g'))).slice(
      before,
    );
    const summary = stored.map((row) => `${row.kind} ${row.cta_id ?? row.form_id ?? ''}`.trim());
    expect(summary).toEqual(
      expect.arrayContaining(['v', 's end.x', 'c end.copy', 'n end.native', 'q quote-1.x', 'x end.remix', 'g']),
    );
    expect(stored.every((row) => row.page_id === pageId)).toBe(true);
    // Each share carries its own fresh token, chained to the token the visit came with.
    const shares = stored.filter((row) => ['s', 'c', 'n', 'q'].includes(row.kind));
    expect(shares).toHaveLength(4);
    expect(new Set(shares.map((row) => row.token)).size).toBe(4);
    for (const share of shares) {
      expect(share.token).toMatch(/^[0-9a-z]{10}$/);
      expect(share.parent_token).toBe('parent0001');
    }
    const engagement = stored.find((row) => row.kind === 'g');
    expect(engagement?.view_id).toBe(view?.id);
    expect(engagement?.engaged_ms).toBeGreaterThanOrEqual(2_000);
    expect(engagement?.scroll_pct).toBe(100);
    await context.close();
  });

  it('reports engagement when the page is hidden, and again only once it grew', async () => {
    const { context, page } = await readerPage(browser);
    await page.goto(`${site.preview.url}${OTHER}`);
    await page.waitForTimeout(1_300);
    const before = rows(site.db).length;
    await hide(page);
    const first = await rowsWhen(site.db, (found) => found.length > before);
    expect(first.slice(before).map((row) => row.kind)).toEqual(['g']);
    const [engagement] = first.slice(before);
    expect(engagement?.engaged_ms).toBeGreaterThanOrEqual(1_000);

    // Hidden again with nothing new: nothing is sent.
    await show(page);
    await hide(page);
    await page.waitForTimeout(500);
    expect(rows(site.db)).toHaveLength(before + 1);

    // A second more in front of the reader: the next report carries the running total.
    await show(page);
    await page.waitForTimeout(1_300);
    await hide(page);
    const second = (await rowsWhen(site.db, (found) => found.length > before + 1)).slice(before);
    expect(second.map((row) => row.kind)).toEqual(['g', 'g']);
    expect(second[1]?.view_id).toBe(engagement?.view_id);
    expect(second[1]?.engaged_ms).toBeGreaterThan(engagement?.engaged_ms ?? 0);
    await context.close();
  });

  it.each([
    [
      'Global Privacy Control',
      () => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }),
    ],
    ['Do-Not-Track', () => Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' })],
    ['the owner’s own opt-out', () => localStorage.setItem('sharecraft_ignore', '1')],
  ])('sends nothing at all under %s', async (_, init) => {
    const collectorOrigin = new URL(site.collector.url).origin;
    const sent = async (setup?: () => void) => {
      const { context, page } = await readerPage(browser, setup);
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(`${site.preview.url}${OTHER}`);
      await page.getByRole('button', { name: 'Copy link' }).click();
      await hide(page);
      await page.waitForTimeout(800);
      await context.close();
      return requests.filter((url) => url.startsWith(collectorOrigin));
    };
    // The same visit without the signal does report, so silence below means the signal was heard.
    expect((await sent()).length).toBeGreaterThan(0);
    expect(await sent(init)).toEqual([]);
  });

  it('keeps events the collector did not take, resends them with the next page view, and stores each once', async () => {
    const { context, page } = await readerPage(browser);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const collector = `${new URL(site.collector.url).origin}/**`;
    const before = (await whenSettled(() => rows(site.db))).length;
    // Leaving a page may add an engagement event (`g`) when the reader's focused time grew, which
    // depends on how fast this machine is; the steps below count the other kinds exactly.
    const kinds = (events: { k: string }[]) => events.map((event) => event.k).filter((kind) => kind !== 'g');
    const queued = () => page.evaluate(() => JSON.parse(sessionStorage.getItem('sharecraft') ?? '[]'));

    // The collector is down: the view and a copy wait in session storage. (Stopped for real, as
    // Chromium sends `sendBeacon` requests past Playwright's routing.)
    await site.stopCollector();
    await page.goto(`${site.preview.url}${OTHER}`);
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.waitForTimeout(500);
    expect(kinds(await queued())).toEqual(['v', 'c']);

    // It answers 503 next: still kept.
    await context.route(collector, (route) => route.fulfill({ status: 503, headers: { 'Retry-After': '1' } }));
    await page.goto(`${site.preview.url}${POST}`);
    await page.waitForTimeout(500);
    const waiting: { k: string; i: string }[] = await queued();
    expect(kinds(waiting)).toEqual(['v', 'c', 'v']);
    expect(rows(site.db).slice(before)).toEqual([]);
    await site.startCollector();

    // Back up: the next page view carries all of them, and the collector stores each once.
    await context.unroute(collector);
    const bodies: string[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith(new URL(site.collector.url).origin)) bodies.push(request.postData() ?? '');
    });
    await page.goto(`${site.preview.url}${OTHER}`);
    await expect.poll(() => page.evaluate(() => sessionStorage.getItem('sharecraft'))).toBe('[]');
    const stored = (await rowsWhen(site.db, (found) => found.length >= before + waiting.length + 1)).slice(before);
    expect(kinds(stored.map((row) => ({ k: row.kind }))).sort()).toEqual(['c', 'v', 'v', 'v']);
    expect(new Set(stored.map((row) => row.id)).size).toBe(stored.length);
    expect(stored.map((row) => row.id)).toEqual(expect.arrayContaining(waiting.map((event) => event.i)));

    // Acknowledged events are not sent again: the next view's request carries only new events.
    const storedIds = new Set((await whenSettled(() => rows(site.db))).map((row) => row.id));
    const sentBefore = bodies.length;
    await page.goto(`${site.preview.url}${POST}`);
    const sentSince = () =>
      bodies.slice(sentBefore).flatMap((body) => JSON.parse(body).e as { k: string; i: string }[]);
    await expect.poll(() => kinds(sentSince())).toContain('v');
    await page.waitForTimeout(300);
    const next = sentSince();
    expect(kinds(next)).toEqual(['v']);
    expect(next.filter((event) => storedIds.has(event.i))).toEqual([]);
    const after = await whenSettled(() => rows(site.db));
    expect(new Set(after.map((row) => row.id)).size).toBe(after.length);
    await context.close();
  });

  it('works under a strict Content-Security-Policy: no inline script, no eval', async () => {
    const collectorOrigin = new URL(site.collector.url).origin;
    const policy = `default-src 'self'; script-src 'self'; style-src 'self'; connect-src ${collectorOrigin}; img-src 'self'`;
    // The built site, served by a plain static server that sends the policy with every response.
    const server = createServer(async (request, response) => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
      const file = join(site.build.outDir, path.endsWith('/') ? `${path}index.html` : path);
      try {
        const body = await readFile(file);
        response.writeHead(200, {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'content-security-policy': policy,
        });
        response.end(body);
      } catch {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const { context, page } = await readerPage(browser);
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { violations: string[] }).violations = seen;
      document.addEventListener('securitypolicyviolation', (event) =>
        seen.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`),
      );
    });
    const before = rows(site.db).length;
    const response = await page.goto(`http://127.0.0.1:${port}${OTHER}`);
    expect(response?.headers()['content-security-policy']).toBe(policy);
    const stored = await rowsWhen(site.db, (found) => found.length > before);
    expect(stored.slice(before).map((row) => row.kind)).toEqual(['v']);
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    await context.close();
    server.close();
  });

  it('waits for a prerendered page to be shown before counting it', async () => {
    const { context, page } = await readerPage(browser, () => {
      // What Chromium tells a page it prerenders from speculation rules, until the reader opens it.
      let prerendering = true;
      Object.defineProperty(Document.prototype, 'prerendering', { configurable: true, get: () => prerendering });
      (window as unknown as { activate: () => void }).activate = () => {
        prerendering = false;
        document.dispatchEvent(new Event('prerenderingchange'));
      };
    });
    const before = rows(site.db).length;
    await page.goto(`${site.preview.url}${OTHER}`);
    await page.waitForTimeout(800);
    expect(rows(site.db)).toHaveLength(before);
    await page.evaluate(() => (window as unknown as { activate: () => void }).activate());
    const stored = await rowsWhen(site.db, (found) => found.length > before);
    expect(stored.slice(before).map((row) => row.kind)).toEqual(['v']);
    await context.close();
  });
});

describe('the beacon with Astro’s client router (view transitions)', () => {
  let site: PublishedSite;
  let browser: Browser;

  beforeAll(async () => {
    site = await publishFixture('astro7-view-transitions');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('counts each page reached without a reload, and reports engagement with the page left', async () => {
    const { context, page } = await readerPage(browser);
    await page.goto(`${site.preview.url}/blog/one/`);
    await rowsWhen(site.db, (found) => found.length >= 1);
    // A marker on the window proves the next pages arrive without a full load.
    await page.evaluate(() => {
      (window as unknown as { sameDocument: boolean }).sameDocument = true;
    });
    await page.mouse.wheel(0, 20_000);
    await page.waitForTimeout(1_300);
    await page.getByRole('link', { name: 'On to post two' }).click();
    await page.waitForURL('**/blog/two/');
    // The share script readies the new page's block too: its copy button is revealed.
    await expect.poll(() => page.getByRole('button', { name: 'Copy link' }).isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Back to post one' }).click();
    await page.waitForURL('**/blog/one/');
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

    const stored = await rowsWhen(site.db, (found) => found.filter((row) => row.kind === 'v').length >= 3);
    const one = derivePageId('/blog/one/');
    const two = derivePageId('/blog/two/');
    const views = stored.filter((row) => row.kind === 'v');
    expect(views.map((row) => [row.page_id, row.referrer_class])).toEqual([
      [one, 'd'],
      [two, 'i'],
      [one, 'i'],
    ]);
    // Leaving post one for post two reported how long and how far post one was read.
    const engagement = stored.find((row) => row.kind === 'g' && row.view_id === views[0]?.id);
    expect(engagement?.page_id).toBe(one);
    expect(engagement?.engaged_ms).toBeGreaterThanOrEqual(1_000);
    expect(engagement?.scroll_pct).toBe(100);
    await context.close();
  });
});
