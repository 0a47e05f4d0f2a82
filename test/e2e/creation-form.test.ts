import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { type CreationRecord, MANIFEST_PATH } from '@sharecraft/protocol';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, type FixtureBuild, REPO_ROOT } from '../helpers/build-fixture.js';
import { launchChromium } from '../helpers/chromium.js';
import {
  type CollectorProcess,
  freePort,
  type RunningProcess,
  startCollector,
  startPreview,
} from '../helpers/processes.js';
import { type PublishedSite, publishFixture } from '../helpers/published-site.js';

const SITE = join(REPO_ROOT, 'example-site');
const POST = '/blog/copper-kettle-care-guide/';
const ARABIC_POST = '/blog/ar-copper-dallah-amman/';
const ADMIN = 'form-test-admin-token-0123456789';
const SHOTS = '/tmp/shots';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** The anti-spam widget's files, as the site serves them (`/_sharecraft/altcha.<hash>.js` and its workers). */
const WIDGET = /\/_sharecraft\/altcha[.-]/;

/** Runs axe on what matches `selector`; returns its violations as `id (nodes)`. */
async function axeViolations(page: Page, selector: string): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (within) => {
    const axe = (
      window as unknown as {
        axe: {
          run(context: string): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(within);
    return result.violations.map(
      (violation) => `${violation.id} (${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')})`,
    );
  }, selector);
}

describe('the creation form in Chromium, against a real collector', () => {
  let build: FixtureBuild;
  let collector: CollectorProcess;
  let preview: RunningProcess;
  let browser: Browser;
  let work: string;
  let db: string;
  let image: Buffer;
  /** A port for the site served under a strict Content-Security-Policy (the collector allows it too). */
  let cspPort: number;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sharecraft-form-'));
    db = join(work, 'events.db');
    await mkdir(SHOTS, { recursive: true });
    const collectorPort = await freePort();
    const sitePort = await freePort();
    const origin = `http://127.0.0.1:${sitePort}`;
    cspPort = await freePort();
    build = await buildSite(SITE, {
      endpoint: `http://127.0.0.1:${collectorPort}/api/events`,
      env: { SITE_URL: origin },
    });
    if (build.exitCode !== 0) throw new Error(`example-site build failed:\n${build.output}`);
    collector = await startCollector({
      db,
      port: collectorPort,
      manifest: join(build.outDir, MANIFEST_PATH),
      // A test fills the form faster than a person, and sends more than a person would in an hour.
      extra: [
        '--allow-origin',
        origin,
        '--allow-origin',
        `http://127.0.0.1:${cspPort}`,
        '--min-fill',
        '0',
        '--creations-per-hour',
        '0',
        '--unverified-per-hour',
        '0',
        '--creations-cap',
        '0',
      ],
      env: { SHARECRAFT_ADMIN_TOKEN: ADMIN },
    });
    preview = await startPreview(SITE, build.outDir, sitePort);
    browser = await launchChromium();
    image = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#b4532a' } })
      .png()
      .toBuffer();
  });
  afterAll(async () => {
    await browser?.close();
    await preview?.stop();
    await collector?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  async function open(path: string, options: BrowserContextOptions = {}): Promise<{ page: Page; requests: string[] }> {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`${preview.url}${path}`);
    await page.waitForLoadState('networkidle');
    return { page, requests };
  }

  /** What the owner's API holds, newest first. */
  async function stored(): Promise<CreationRecord[]> {
    const answer = await fetch(`${collector.url}/api/creations?limit=1000`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(answer.status).toBe(200);
    return (await answer.json()) as CreationRecord[];
  }

  async function storedTitled(title: string): Promise<CreationRecord | undefined> {
    return (await stored()).find((record) => record.title === title);
  }

  /** Opens the form by its invitation, and waits for the form's script (with JavaScript). */
  async function openForm(page: Page): Promise<void> {
    const loaded = page.waitForResponse((response) => /\/_sharecraft\/form\.[\w-]+\.js$/.test(response.url()));
    await page.click('.sc-create summary');
    await loaded;
    await formReady(page);
    // The form's finish (parts.css) arrives with its script.
    await page.waitForFunction(
      () => getComputedStyle(document.querySelector('.sc-create summary') as Element).fontWeight === '650',
    );
  }

  /**
   * Waits until the form's script has taken the form over: it loads its texts after itself, then
   * turns the browser's own checks off and listens for the submission, in one go.
   */
  async function formReady(page: Page): Promise<void> {
    await page.waitForFunction(() => (document.querySelector('form#sc-c') as HTMLFormElement | null)?.noValidate);
  }

  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

  it('sits under the share block on a post, closed, with every field labelled', async () => {
    const { page } = await open(POST);
    const order = await page.evaluate(() => {
      const block = document.querySelector('aside.sharecraft');
      const form = document.querySelector('.sc-create');
      return block && form ? block.compareDocumentPosition(form) : 0;
    });
    // DOCUMENT_POSITION_FOLLOWING: the form comes after the block.
    expect(order & 4).toBe(4);
    expect(await page.locator('details.sc-create').getAttribute('open')).toBeNull();
    await page.click('.sc-create summary');
    for (const name of [
      'Title',
      'Text',
      'Link 1',
      'Link 2',
      'Link 3',
      'Image',
      'Image description',
      'Name to credit',
    ]) {
      expect(await page.getByLabel(name, { exact: true }).count(), name).toBe(1);
    }
    expect(await page.getByLabel('Email (optional, never shown)').count()).toBe(1);
    expect(await page.getByRole('radio', { name: 'Something I made, to show here' }).isChecked()).toBe(true);
    expect(await page.getByRole('combobox', { name: 'Licence' }).inputValue()).toBe('cc-by-4.0');
    // The honeypot: out of sight and out of reach.
    const honeypot = page.locator('input[name="website"]');
    expect(await honeypot.getAttribute('tabindex')).toBe('-1');
    expect(await honeypot.getAttribute('aria-hidden')).toBe('true');
    expect(
      await honeypot.evaluate((input) => [getComputedStyle(input).position, getComputedStyle(input).clipPath]),
    ).toEqual(['absolute', 'inset(50%)']);
    await page.context().close();
  });

  it('with JavaScript: sends a creation with an image by fetch, confirms it with the receipt link, loads the widget only on the first input', async () => {
    // The visit arrived by a share: the creation is joined to it by the share's token.
    const { page, requests } = await open(`${POST}?sc=parent0001`);
    expect(requests.filter((url) => WIDGET.test(url) || url.includes('/api/creations'))).toEqual([]);
    await openForm(page);
    // Opening the form loads its script, not the widget.
    expect(requests.filter((url) => WIDGET.test(url))).toEqual([]);
    const challenge = page.waitForResponse((response) => response.url().endsWith('/api/creations/challenge'));
    await page.getByLabel('Title', { exact: true }).fill('Tinned the old kettle');
    expect((await challenge).status()).toBe(200);
    expect(requests.some((url) => WIDGET.test(url))).toBe(true);

    await page.getByLabel('Text', { exact: true }).fill('I followed the guide, and wiped the tin by hand.');
    await page.getByLabel('Link 1', { exact: true }).fill('https://maker.example/kettle');
    await page
      .getByLabel('Image', { exact: true })
      .setInputFiles({ name: 'kettle.png', mimeType: 'image/png', buffer: image });
    await page.getByLabel('Image description', { exact: true }).fill('A copper kettle, freshly tinned');
    await page.getByLabel('Name to credit', { exact: true }).fill('Rana');
    await page.getByLabel('Email (optional, never shown)').fill('rana@maker.example');
    await page.getByLabel('I agree to its publication with my name').check();
    const sent = page.waitForResponse(
      (response) => response.url().endsWith('/api/creations') && response.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Send' }).click();
    const answer = await sent;
    expect(answer.status(), await answer.text()).toBe(201);

    const thanks = page.locator('#sc-thanks');
    await thanks.waitFor({ state: 'visible' });
    expect(await thanks.getAttribute('role')).toBe('status');
    expect(await focusedId(page)).toBe('sc-thanks');
    const receipt = await thanks
      .getByRole('link', { name: 'Your private link, to see or delete what you sent' })
      .getAttribute('href');
    expect(receipt).toMatch(new RegExp(`^${collector.url}/creations/receipt/[\\w-]+\\.[\\w-]+$`));
    await page.screenshot({ path: `${SHOTS}/form-thanks.png`, fullPage: false });

    const record = await storedTitled('Tinned the old kettle');
    expect(record).toMatchObject({
      kind: 'creation',
      status: 'pending',
      formId: 'end',
      credit: 'Rana',
      consent: true,
      licence: 'cc-by-4.0',
      links: ['https://maker.example/kettle'],
      verified: true,
      token: 'parent0001',
    });
    expect(record?.postUrl).toBe(`${preview.url}${POST}`);
    expect(record?.image).toMatchObject({ width: 64, height: 48, alt: 'A copper kettle, freshly tinned' });
    // The receipt shows the reader what they sent.
    expect(await (await fetch(receipt as string)).text()).toContain('Tinned the old kettle');
    // The beacon reported the submission with the form's id.
    await expect
      .poll(
        () => {
          const connection = new DatabaseSync(db, { readOnly: true });
          try {
            return connection.prepare(`SELECT form_id FROM events WHERE kind = 'f'`).all();
          } finally {
            connection.close();
          }
        },
        { timeout: 30_000 },
      )
      .toEqual([{ form_id: 'end' }]);
    await page.context().close();
  });

  it('with JavaScript: sends a private letter, which needs no consent, licence or credit', async () => {
    const { page } = await open(POST);
    await openForm(page);
    await page.getByRole('radio', { name: 'A private letter to the author' }).check();
    // Consent and licence do not apply to a letter: they go away.
    expect(await page.getByLabel('I agree to its publication with my name').isVisible()).toBe(false);
    expect(await page.getByRole('combobox', { name: 'Licence' }).isVisible()).toBe(false);
    const hint = await page
      .getByRole('radio', { name: 'A private letter to the author' })
      .evaluate((radio) => document.getElementById(radio.getAttribute('aria-describedby') ?? '')?.textContent);
    expect(hint).toBe('A letter stays private: no consent or licence needed.');
    await page.getByLabel('Title', { exact: true }).fill('A note about the spice tea');
    await page
      .getByLabel('Text', { exact: true })
      .fill('Thank you for the recipe; my grandmother made it the same way.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('#sc-thanks').waitFor({ state: 'visible' });
    expect(await focusedId(page)).toBe('sc-thanks');
    expect(await storedTitled('A note about the spice tea')).toMatchObject({
      kind: 'letter',
      status: 'unread',
      consent: false,
      licence: null,
      verified: true,
    });
    await page.context().close();
  });

  it('on a page of its own (<CreationForm post>): sends for the post it names', async () => {
    const { page, requests } = await open('/show-us/');
    expect(await page.locator('details.sc-create').getAttribute('open')).toBe('');
    // Shown open, the form's script runs from the start: sending goes by fetch.
    expect(requests.some((url) => /\/_sharecraft\/form\.[\w-]+\.js$/.test(url))).toBe(true);
    await page.getByRole('radio', { name: 'A private letter to the author' }).check();
    await page.getByLabel('Title', { exact: true }).fill('From the page of its own');
    await page.getByLabel('Text', { exact: true }).fill('Sent from /show-us.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('#sc-thanks').waitFor({ state: 'visible' });
    expect(await storedTitled('From the page of its own')).toMatchObject({
      kind: 'letter',
      formId: 'end',
      postUrl: `${preview.url}${POST}`,
    });
    expect(new URL(page.url()).pathname).toBe('/show-us/');
    await page.context().close();
  });

  it('with JavaScript but no widget (it failed to load): the creation still goes out, unverified', async () => {
    const { page } = await open(POST);
    await page.route(WIDGET, (route) => route.abort());
    await openForm(page);
    await page.getByRole('radio', { name: 'A private letter to the author' }).check();
    await page.getByLabel('Title', { exact: true }).fill('Sent while the widget was blocked');
    await page.getByLabel('Text', { exact: true }).fill('A blocker ate the anti-spam widget.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('#sc-thanks').waitFor({ state: 'visible' });
    // By fetch, not by a page load: the post never left.
    expect(new URL(page.url()).search).toBe('');
    expect(await page.locator('#sc-thanks a').count()).toBe(1);
    expect(await storedTitled('Sent while the widget was blocked')).toMatchObject({ kind: 'letter', verified: false });
    await page.context().close();
  });

  it('works under a strict Content-Security-Policy: the widget, its workers and the fetch, with no violation', async () => {
    const policy = `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src ${collector.url}; form-action ${collector.url}`;
    const types: Record<string, string> = {
      '.html': 'text/html; charset=utf-8',
      '.js': 'text/javascript; charset=utf-8',
      '.css': 'text/css; charset=utf-8',
      '.svg': 'image/svg+xml',
      '.png': 'image/png',
    };
    const server = createServer(async (request, response) => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
      const file = join(build.outDir, path.endsWith('/') ? `${path}index.html` : path);
      try {
        const body = await readFile(file);
        response.writeHead(200, {
          'content-type': types[extname(file)] ?? 'application/octet-stream',
          'content-security-policy': policy,
        });
        response.end(body);
      } catch {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(cspPort, '127.0.0.1', resolve));
    try {
      const context = await browser.newContext();
      await context.addInitScript(() => {
        const seen: string[] = [];
        (window as unknown as { violations: string[] }).violations = seen;
        document.addEventListener('securitypolicyviolation', (event) =>
          seen.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`),
        );
      });
      const page = await context.newPage();
      const response = await page.goto(`http://127.0.0.1:${cspPort}${POST}`);
      expect(response?.headers()['content-security-policy']).toBe(policy);
      await page.waitForLoadState('networkidle');
      // The post's own markup may break the policy (the example site's code blocks carry inline
      // styles): what the form and the widget do must add nothing to that.
      const own = await page.evaluate(() => [...(window as unknown as { violations: string[] }).violations]);
      await openForm(page);
      await page.getByRole('radio', { name: 'A private letter to the author' }).check();
      await page.getByLabel('Title', { exact: true }).fill('Sent under a strict policy');
      await page.getByLabel('Text', { exact: true }).fill('Nothing inline, nothing from elsewhere.');
      await page.getByRole('button', { name: 'Send' }).click();
      await page.locator('#sc-thanks').waitFor({ state: 'visible' });
      expect(await storedTitled('Sent under a strict policy')).toMatchObject({ verified: true });
      expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual(own);
      await context.close();
    } finally {
      server.close();
    }
  });

  it('without JavaScript: a plain multipart POST, a 303 back to the post, and a visible, focused thank-you', async () => {
    // The example site scrolls smoothly unless the reader asks for less motion: asked, the return
    // to `#sc-thanks` lands at once, so where it lands can be checked.
    const { page, requests } = await open(POST, { javaScriptEnabled: false, reducedMotion: 'reduce' });
    await page.click('.sc-create summary');
    await page.getByLabel('Title', { exact: true }).fill('Hammered a dallah lid');
    await page.getByLabel('Text', { exact: true }).fill('No script on this machine, and it still went through.');
    await page
      .getByLabel('Image', { exact: true })
      .setInputFiles({ name: 'lid.png', mimeType: 'image/png', buffer: image });
    await page.getByLabel('Image description', { exact: true }).fill('A hammered lid');
    await page.getByLabel('Name to credit', { exact: true }).fill('Samir');
    await page.getByLabel('I agree to its publication with my name').check();
    await Promise.all([page.waitForURL(/#sc-thanks$/), page.getByRole('button', { name: 'Send' }).click()]);
    const back = new URL(page.url());
    expect(back.pathname).toBe(POST);
    expect(back.searchParams.get('sc-receipt')).toMatch(/^[\w-]+\.[\w-]+$/);
    const thanks = page.locator('#sc-thanks');
    expect(await thanks.isVisible()).toBe(true);
    expect(await thanks.textContent()).toBe('Thank you! It has arrived.');
    expect(await focusedId(page)).toBe('sc-thanks');
    // Scrolled to, in view.
    const { top, bottom } = await thanks.evaluate((box) => box.getBoundingClientRect().toJSON());
    expect(top).toBeGreaterThanOrEqual(0);
    expect(bottom).toBeLessThanOrEqual(720);
    // No widget without JavaScript: held as unverified.
    expect(requests.some((url) => WIDGET.test(url))).toBe(false);
    expect(await storedTitled('Hammered a dallah lid')).toMatchObject({ verified: false, credit: 'Samir' });
    await page.screenshot({ path: `${SHOTS}/form-nojs-thanks.png` });
    await page.context().close();
  });

  it('without JavaScript: a letter goes through as well', async () => {
    const { page } = await open(POST, { javaScriptEnabled: false });
    await page.click('.sc-create summary');
    await page.getByRole('radio', { name: 'A private letter to the author' }).check();
    await page.getByLabel('Title', { exact: true }).fill('Letter without script');
    await page.getByLabel('Text', { exact: true }).fill('Plain HTML reached you.');
    await Promise.all([page.waitForURL(/#sc-thanks$/), page.getByRole('button', { name: 'Send' }).click()]);
    expect(await page.locator('#sc-thanks').isVisible()).toBe(true);
    expect(await storedTitled('Letter without script')).toMatchObject({ kind: 'letter', verified: false });
    await page.context().close();
  });

  it('with JavaScript, after a return without it (?sc-receipt=): shows the receipt link and cleans the address', async () => {
    const { page } = await open(`${POST}?sc-receipt=abc123.def456#sc-thanks`);
    const link = page.locator('#sc-thanks a');
    await link.waitFor({ state: 'visible' });
    expect(await link.getAttribute('href')).toBe(`${collector.url}/creations/receipt/abc123.def456`);
    expect(new URL(page.url()).search).toBe('');
    await page.context().close();
  });

  it('shows problems inline and in a focused summary, all by keyboard', async () => {
    const { page } = await open(POST);
    await page.focus('.sc-create summary');
    const loaded = page.waitForResponse((response) => /\/_sharecraft\/form\.[\w-]+\.js$/.test(response.url()));
    await page.keyboard.press('Enter');
    await loaded;
    await formReady(page);
    // Nothing typed: Enter in the title field sends the form; the browser's own check stops it.
    await page.getByLabel('Title', { exact: true }).focus();
    await page.keyboard.press('Enter');
    const summary = page.locator('.sc-errs');
    await summary.waitFor({ state: 'visible' });
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('sc-errs');
    const title = page.getByLabel('Title', { exact: true });
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    const described = await title.evaluate((input) =>
      (input.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent)
        .join(' '),
    );
    expect(described.length).toBeGreaterThan(0);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe('title');

    // What only the collector knows: a creation needs a credit and consent.
    await page.keyboard.type('Forgot my name');
    await page.keyboard.press('Enter');
    await page.locator('.sc-e').first().waitFor({ state: 'visible' });
    expect(await page.locator('.sc-errs li').count()).toBe(2);
    for (const name of ['credit', 'consent']) {
      const control = page.locator(`[name="${name}"]`);
      expect(await control.getAttribute('aria-invalid'), name).toBe('true');
      const error = await control.evaluate(
        (input) =>
          document.getElementById((input.getAttribute('aria-describedby') ?? '').split(' ').at(-1) ?? '')?.textContent,
      );
      expect(error, name).toMatch(/credit|letter/);
    }
    // The summary names each field as its label does.
    expect(await page.locator('.sc-errs li').allTextContents()).toEqual([
      expect.stringMatching(/^Name to credit: /),
      expect.stringMatching(/^I agree to its publication with my name: /),
    ]);
    expect(await title.getAttribute('aria-invalid')).toBeNull();
    await page.locator('.sc-create').screenshot({ path: `${SHOTS}/form-errors.png` });
    const violations = await axeViolations(page, '.sc-create');
    expect(violations).toEqual([]);
    await page.context().close();
  });

  for (const [name, path, options] of [
    ['light', POST, { colorScheme: 'light' }],
    ['dark', POST, { colorScheme: 'dark' }],
    ['rtl', ARABIC_POST, { colorScheme: 'light' }],
    ['phone', POST, { colorScheme: 'dark', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }],
  ] as const) {
    it(`is axe clean, open, in the ${name} view`, async () => {
      const { page } = await open(path, options);
      await openForm(page);
      await page.locator('.sc-create summary').scrollIntoViewIfNeeded();
      if (name === 'rtl') {
        expect(
          await page.evaluate(() => getComputedStyle(document.querySelector('.sc-create form') as Element).direction),
        ).toBe('rtl');
        expect(await page.locator('.sc-create summary').textContent()).toBe('صنعت شيئًا منها؟ أرِنا إياه');
      }
      // Nothing wider than the screen on a phone.
      if (name === 'phone') {
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      }
      await page.locator('.sc-create').screenshot({ path: `${SHOTS}/form-${name}.png` });
      expect(await axeViolations(page, '.sc-create')).toEqual([]);
      await page.context().close();
    });
  }
});

describe('the remix call-to-action with creations on', () => {
  let site: PublishedSite;
  let browser: Browser;

  beforeAll(async () => {
    site = await publishFixture('astro7-satteri-md', { creations: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('leads to the form on the same page, opens it, and carries the marked quote into it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site.preview.url}/blog/placed/`);
    await page.waitForLoadState('networkidle');
    const remix = page.locator('.sc-row a[data-sc="remix"]');
    expect(await remix.getAttribute('href')).toBe('#sc-c');
    const quote = (await page.locator('.sc-row').getAttribute('data-sc-title'))?.slice(1, -1) ?? '';
    expect(quote.length).toBeGreaterThan(10);
    await remix.click();
    await expect.poll(() => page.locator('details.sc-create').getAttribute('open'), { timeout: 30_000 }).toBe('');
    await expect
      .poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name), { timeout: 30_000 })
      .toBe('kind');
    expect(await page.locator('input[name="sc-quote"]').inputValue()).toBe(quote);
    expect(await page.locator('.sc-create blockquote').textContent()).toBe(quote);
    // The block's own remix invitation gives way to the form's.
    expect(await page.locator('aside.sharecraft a[data-sc="remix"]').count()).toBe(0);
    await context.close();
  });

  it('invites a remix of the text a reader selects, carrying it into the form', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site.preview.url}/blog/first-post/`);
    await page.waitForLoadState('networkidle');
    const selected = await page.evaluate(() => {
      const paragraph = document.querySelector('article p') as HTMLElement;
      getSelection()?.selectAllChildren(paragraph);
      return paragraph.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    });
    const remix = page.locator('.sharecraft-popover a[data-sc="remix"]');
    await remix.waitFor({ state: 'visible' });
    expect(await remix.getAttribute('aria-label')).toBe('Share selection: Made something from this? Show us');
    await remix.click();
    await expect
      .poll(
        () =>
          page
            .locator('input[name="sc-quote"]')
            .inputValue()
            .catch(() => ''),
        { timeout: 30_000 },
      )
      .toBe(selected);
    expect(await page.locator('details.sc-create').getAttribute('open')).toBe('');
    await context.close();
  });
});
