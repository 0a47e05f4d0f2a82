import { DatabaseSync } from 'node:sqlite';
import { derivePageId } from '@sharecraft/protocol';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';
import { type PublishedSite, publishFixture } from '../helpers/published-site.js';
import { whenSettled } from '../helpers/settled.js';

const FIXTURE = 'astro7-satteri-md';
const POST_PATH = '/blog/second-post/';

interface Row {
  id: string;
  kind: string;
  page_id: string;
  referrer_class: string | null;
}

/** Reads the collector's SQLite file the way an owner could, while the collector keeps running. */
function rows(db: string): Row[] {
  const connection = new DatabaseSync(db, { readOnly: true });
  try {
    return connection
      .prepare('SELECT id, kind, page_id, referrer_class FROM events ORDER BY received_at')
      .all() as unknown as Row[];
  } finally {
    connection.close();
  }
}

async function waitForRows(db: string, count: number, timeoutMs = 10_000): Promise<Row[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = rows(db);
    if (found.length >= count || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a reader opens a post in Chromium', () => {
  let site: PublishedSite;
  let browser: Browser;
  let db: string;
  let preview: PublishedSite['preview'];
  let collector: PublishedSite['collector'];

  beforeAll(async () => {
    site = await publishFixture(FIXTURE);
    ({ db, preview, collector } = site);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('stores a page view with the post’s page id, and the share link points at the post', async () => {
    const page = await browser.newPage();
    await page.goto(`${preview.url}${POST_PATH}`);

    const stored = await waitForRows(db, 1);
    expect(stored, collector.output()).toHaveLength(1);
    expect(stored[0]?.kind).toBe('v');
    expect(stored[0]?.page_id).toBe(derivePageId(POST_PATH));
    expect(stored[0]?.referrer_class).toBe('d');

    const href = await page.getAttribute('.sharecraft a[data-sc="x"]', 'href');
    const intent = new URL(href ?? 'about:blank');
    expect(`${intent.origin}${intent.pathname}`).toBe('https://x.com/intent/tweet');
    expect(intent.searchParams.get('url')).toBe(`https://fixture.example${POST_PATH}?utm_source=x&utm_medium=social`);
    expect(intent.searchParams.get('text')).toBe('Second post');

    // Copy-link is revealed by the share script, copies a link carrying a fresh share token,
    // and announces what it did.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => page.textContent('.sharecraft [role="status"]')).toBe('Link copied');
    const copied = new URL(await page.evaluate(() => navigator.clipboard.readText()));
    expect(`${copied.origin}${copied.pathname}`).toBe(`https://fixture.example${POST_PATH}`);
    expect(copied.searchParams.get('sc')).toMatch(/^[0-9a-z]{10}$/);

    // The beacon reports the copy as a share of kind `c`, from the page's own id.
    const afterCopy = await waitForRows(db, 2);
    expect(afterCopy.map((row) => [row.kind, row.page_id])).toEqual([
      ['v', derivePageId(POST_PATH)],
      ['c', derivePageId(POST_PATH)],
    ]);
    await page.close();
  });

  it('sends nothing from pages that are not posts', async () => {
    // The post left open by the test before may still report its engagement as it closes.
    const before = (await whenSettled(() => rows(db))).length;
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`${preview.url}/`);
    await page.goto(`${preview.url}/tags/food/`);
    await page.waitForLoadState('networkidle');
    expect(requests.filter((url) => url.includes('/api/events'))).toEqual([]);
    expect(rows(db)).toHaveLength(before);
    await page.close();
  });
});
