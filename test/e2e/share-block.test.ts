import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DatabaseSync } from 'node:sqlite';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';
import { type PublishedSite, publishFixture } from '../helpers/published-site.js';

const POST = '/blog/first-post/';
/** Every kind of action, so each is exercised: the default block is shorter. */
const NETWORKS = ['native', 'x', 'bluesky', 'mastodon', 'linkedin', 'email', 'copy'];
const REMIX = 'https://make.example/create';
const PLACED = '/blog/placed/';

/** Kinds and CTA ids of the events the collector stored, oldest first. */
function storedEvents(db: string): string[] {
  const connection = new DatabaseSync(db, { readOnly: true });
  try {
    return (connection.prepare('SELECT * FROM events ORDER BY received_at').all() as Record<string, unknown>[]).map(
      (row) => `${row.kind} ${row.cta_id ?? ''}`.trim(),
    );
  } finally {
    connection.close();
  }
}
const TITLE = 'Fish & Chips: "the" #1 guide 🐟';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Answers every request that leaves loopback with an empty page, recording its URL: a reader's
 * click may reach a network, but the test stays on this machine.
 */
async function answerOffline(page: Page): Promise<string[]> {
  const opened: string[] = [];
  await page.context().route(
    (url) => !['127.0.0.1', 'localhost'].includes(url.hostname),
    (route) => {
      opened.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'text/html', body: '' });
    },
  );
  return opened;
}

describe('the share block in Chromium', () => {
  let site: PublishedSite;
  let browser: Browser;

  beforeAll(async () => {
    site = await publishFixture('astro7-satteri-md', { networks: NETWORKS, remix: { url: REMIX } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  async function open(
    path: string,
    options: { javaScriptEnabled?: boolean } = {},
  ): Promise<{ page: Page; requests: string[] }> {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`${site.preview.url}${path}`);
    await page.waitForLoadState('networkidle');
    return { page, requests };
  }

  it('works without JavaScript: every network is a real, fully encoded link; script-only actions stay hidden', async () => {
    const { page } = await open(POST, { javaScriptEnabled: false });
    // Four networks plus the remix invitation, all plain links.
    const networks = page.locator('.sharecraft a[data-sc]:not([data-sc="remix"])');
    expect(await networks.count()).toBe(4);
    expect(await page.locator('.sharecraft a[data-sc="remix"]').count()).toBe(1);
    const bluesky = new URL((await page.locator('a[data-sc="bluesky"]').getAttribute('href')) ?? '');
    expect(bluesky.searchParams.get('text')).toBe(
      `${TITLE} https://fixture.example${POST}?utm_source=bluesky&utm_medium=social`,
    );
    for (const hidden of ['Copy link', 'Share…', 'Mastodon']) {
      expect(await page.getByRole('button', { name: hidden }).count(), hidden).toBe(0);
    }
    await page.context().close();
  });

  it('asks nothing of any third party when a post loads', async () => {
    const { page, requests } = await open(POST);
    const origins = new Set(requests.map((url) => new URL(url).origin));
    expect([...origins].sort()).toEqual([site.preview.url, new URL(site.collector.url).origin].sort());
    // Of Sharecraft's files, only the stylesheet and the script load with the post; the Mastodon
    // form and the selection popover wait until a reader reaches for them.
    const ours = requests.map((url) => new URL(url).pathname).filter((path) => path.startsWith('/_sharecraft/'));
    expect(ours.map((path) => path.replace(/\.[\w-]+\.(css|js)$/, '.$1')).sort()).toEqual([
      '/_sharecraft/share.css',
      '/_sharecraft/share.js',
    ]);
    await page.context().close();
  });

  it('mints a fresh token for each share, chained to the token the visit came with', async () => {
    const { page } = await open(`${POST}?sc=parent0001`);
    // The arriving token is read, then taken out of the address bar.
    expect(new URL(page.url()).searchParams.has('sc')).toBe(false);
    await page.evaluate(() => {
      (window as unknown as { shares: unknown[] }).shares = [];
      addEventListener('sharecraft:share', (event) =>
        (window as unknown as { shares: unknown[] }).shares.push((event as CustomEvent).detail),
      );
    });
    const opened = await answerOffline(page);
    const tokens: string[] = [];
    for (let n = 0; n < 2; n += 1) {
      const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('.sharecraft a[data-sc="x"]')]);
      await popup.close();
      const shared = new URL(new URL(opened.at(-1) ?? '').searchParams.get('url') ?? '');
      expect(shared.searchParams.get('utm_source')).toBe('x');
      tokens.push(shared.searchParams.get('sc') ?? '');
    }
    expect(tokens[0]).toMatch(/^[0-9a-z]{10}$/);
    expect(tokens[1]).toMatch(/^[0-9a-z]{10}$/);
    expect(tokens[0]).not.toBe(tokens[1]);
    const shares = await page.evaluate(() => (window as unknown as { shares: Record<string, string>[] }).shares);
    expect(shares).toEqual([
      { k: 's', c: 'end.x', t: tokens[0], s: 'parent0001' },
      { k: 's', c: 'end.x', t: tokens[1], s: 'parent0001' },
    ]);
    await page.context().close();
  });

  it('asks for the reader’s Mastodon server, checks it, remembers it', async () => {
    const { page } = await open(POST);
    const opened = await answerOffline(page);
    await page.getByRole('button', { name: /Mastodon/ }).click();
    const server = page.getByRole('textbox');
    await server.fill('not a server');
    await server.press('Enter');
    await expect.poll(() => page.textContent('.sharecraft__error')).toContain('not a server');
    expect(await server.getAttribute('aria-invalid')).toBe('true');
    await server.fill('https://example.social/@someone');
    const [popup] = await Promise.all([page.waitForEvent('popup'), server.press('Enter')]);
    await popup.close();
    const compose = new URL(opened.at(-1) ?? '');
    expect(`${compose.origin}${compose.pathname}`).toBe('https://example.social/share');
    expect(compose.searchParams.get('text')).toContain(`https://fixture.example${POST}?`);
    expect(await page.evaluate(() => localStorage.getItem('sharecraft:mastodon'))).toBe('example.social');
    await page.getByRole('button', { name: /Mastodon/ }).click();
    expect(await server.inputValue()).toBe('example.social');
    await page.context().close();
  });

  it('offers the device share sheet where the browser has one, with a fresh token', async () => {
    // Chromium on Linux has no Web Share API, so the browser's share sheet is stood in for here;
    // everything on our side of navigator.share runs for real.
    const context = await browser.newContext();
    await context.addInitScript(() => {
      const calls: ShareData[] = [];
      (window as unknown as { shareCalls: ShareData[] }).shareCalls = calls;
      Object.defineProperty(navigator, 'share', {
        value: (data: ShareData) => {
          calls.push(data);
          return Promise.resolve();
        },
      });
    });
    const page = await context.newPage();
    await page.goto(`${site.preview.url}${POST}`);
    await page.getByRole('button', { name: 'Share…' }).click();
    const calls = await page.evaluate(() => (window as unknown as { shareCalls: ShareData[] }).shareCalls);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.title).toBe(TITLE);
    const shared = new URL(calls[0]?.url ?? '');
    expect(`${shared.origin}${shared.pathname}`).toBe(`https://fixture.example${POST}`);
    expect(shared.searchParams.get('sc')).toMatch(/^[0-9a-z]{10}$/);
    expect(shared.searchParams.get('utm_source')).toBe('native');
    await context.close();
  });

  it('offers to share text the reader selects, linking to that passage', async () => {
    const { page } = await open(POST);
    const opened = await answerOffline(page);
    await page.evaluate(() => {
      const paragraph = document.querySelector('article p') as HTMLElement;
      const range = document.createRange();
      range.selectNodeContents(paragraph);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
    });
    const popover = page.getByRole('group', { name: 'Share selection' });
    await popover.waitFor();
    const [tab] = await Promise.all([page.waitForEvent('popup'), popover.locator('a[data-sc="x"]').click()]);
    await tab.close();
    const intent = new URL(opened.at(-1) ?? '');
    const selected = 'The first fixture post. It has a title with an ampersand, quotes, a hash and an emoji.';
    expect(intent.searchParams.get('text')).toBe(`“${selected}”`);
    const shared = new URL(intent.searchParams.get('url') ?? '');
    expect(shared.searchParams.get('sc')).toMatch(/^[0-9a-z]{10}$/);
    expect(shared.hash).toBe('#:~:text=The%20first%20fixture%20post.%20It,a%20hash%20and%20an%20emoji.');
    // Escape dismisses it; selecting nothing hides it too.
    await page.keyboard.press('Escape');
    expect(await popover.isHidden()).toBe(true);
    await page.context().close();
  });

  it('invites a remix, carrying the post and, under a marked quote, the passage', async () => {
    const { page } = await open(PLACED);
    const opened = await answerOffline(page);
    const fromBlock = new URL((await page.locator('aside.sharecraft a[data-sc="remix"]').getAttribute('href')) ?? '');
    expect(`${fromBlock.origin}${fromBlock.pathname}`).toBe(REMIX);
    expect(fromBlock.searchParams.get('post')).toBe(`https://fixture.example${PLACED}`);
    expect(fromBlock.searchParams.get('title')).toBe('Placed by the author');
    const fromQuote = new URL((await page.locator('.sc-row a[data-sc="remix"]').getAttribute('href')) ?? '');
    expect(fromQuote.searchParams.get('quote')).toBe('Copper forgives you if you let it rest.');
    // The click leaves the post; the beacon's report of it still reaches the collector.
    await page.locator('.sc-row a[data-sc="remix"]').click();
    await expect.poll(() => opened.at(-1)).toContain('make.example/create');
    await expect.poll(() => storedEvents(site.db)).toContain('x quote-1.remix');
    await page.context().close();
  });

  it('is operable from the keyboard, with a visible focus ring', async () => {
    const { page } = await open(POST);
    await page.locator('.sharecraft a[data-sc="x"]').focus();
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(ring).not.toBe('none');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.sc)).toBe('bluesky');
    // Enter on a focused button acts: the Mastodon form opens and takes focus.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate(() => (document.activeElement as HTMLElement).id))
      .toBe('sc-mastodon-end-server');
    await page.context().close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no axe violations in the ${scheme} scheme`, async () => {
      const context = await browser.newContext({ colorScheme: scheme });
      const page = await context.newPage();
      await page.goto(`${site.preview.url}${POST}`);
      await page.addScriptTag({ content: AXE_SOURCE });
      const violations = await page.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: { run(context: string): Promise<{ violations: { id: string; nodes: unknown[] }[] }> };
          }
        ).axe;
        const result = await axe.run('.sharecraft');
        return result.violations.map((violation) => `${violation.id} (${violation.nodes.length})`);
      });
      expect(violations).toEqual([]);
      await context.close();
    });
  }
});
