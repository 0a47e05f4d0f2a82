/**
 * The collector's own pages for readers, in Chromium with JavaScript off, as a reader without it
 * meets them: a plain form POST that comes back to the post with the receipt, an error page that
 * lists each problem and keeps what was typed, and the receipt page that deletes for good with the
 * keyboard. axe finds nothing in light, dark and right-to-left; no script runs on any of them.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CREATIONS_PATH, derivePageId } from '@sharecraft/protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGLISH_PAGE_STRINGS, openCollector } from '../../packages/collector/dist/index.js';
import { manifestOf } from '../../packages/collector/test/support.js';
import { launchChromium } from '../helpers/chromium.js';
import { type CollectorProcess, freePort, startCollector } from '../helpers/processes.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PAGE = derivePageId('/blog/made');

let work: string;
let collector: CollectorProcess;
let blog: Server;
let blogUrl: string;
let browser: Browser;

/** The post: a plain multipart form, as the integration renders it, posting to the collector. */
function postHtml(action: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Made</title></head><body><main>
<h1>Made</h1>
<p id="sc-thanks">Post body.</p>
<form method="post" action="${action}" enctype="multipart/form-data">
<input type="hidden" name="sc-form" value="end"><input type="hidden" name="sc-page" value="${PAGE}">
<input type="hidden" name="sc-post" value="${blogUrl}/blog/made/">
<input type="hidden" name="kind" value="creation"><input type="hidden" name="licence" value="cc-by-4.0">
<label>Title <input name="title"></label>
<label>Text <textarea name="text"></textarea></label>
<label>Name to credit <input name="credit"></label>
<label><input type="checkbox" name="consent" value="yes"> I agree</label>
<button type="submit">Send</button>
</form></main></body></html>`;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sharecraft-creation-pages-'));
  const blogPort = await freePort();
  blogUrl = `http://127.0.0.1:${blogPort}`;
  const manifest = join(work, 'manifest.json');
  await writeFile(
    manifest,
    JSON.stringify(manifestOf('b1', { '/blog/made': { title: 'Made', ctas: [], forms: ['end'] } })),
  );
  collector = await startCollector({
    db: join(work, 'pages.db'),
    port: await freePort(),
    manifest,
    extra: ['--allow-origin', blogUrl, '--unverified-per-hour', '0'],
  });
  blog = createServer((_request, response) => {
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end(postHtml(`${collector.url}${CREATIONS_PATH}`));
  });
  await new Promise<void>((resolve) => blog.listen(blogPort, '127.0.0.1', resolve));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await collector?.stop();
  await new Promise((resolve) => blog?.close(resolve));
  await rm(work, { recursive: true, force: true });
});

/** axe's violations on the whole page (its script added past the page's CSP, which allows none). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: Document,
          ): Promise<{ violations: { id: string; nodes: { target: string[]; failureSummary?: string }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document);
    return result.violations.map(
      (violation) =>
        `${violation.id}: ${violation.nodes.map((node) => `${node.target.join(' ')} ${node.failureSummary ?? ''}`).join('; ')}`,
    );
  });
}

/**
 * A reader's page in a colour scheme. With `javaScript: false` the reader has it off; otherwise it
 * is on only so axe can run, added past the page's CSP (none of these pages has a script of its own).
 */
async function readerPage(colorScheme: 'light' | 'dark' = 'light', javaScript = true): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: javaScript, colorScheme, bypassCSP: true });
  return context.newPage();
}

/** Whether a page's script ran when loaded with JavaScript on (and its CSP in force). */
async function scriptRan(url: string): Promise<boolean> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  const ran = await page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned === true);
  await context.close();
  return ran;
}

describe('the reader pages in Chromium without JavaScript', () => {
  it('sends a plain form back to the post with the receipt, and shows the receipt page', async () => {
    const page = await readerPage('light', false);
    await page.goto(`${blogUrl}/blog/made/`);
    await page.getByLabel('Title').fill('Lighthouse in <b>ink</b>');
    await page.getByLabel('Text').fill('Line one\nLine two <img src=x onerror="window.pwned=true">');
    await page.getByLabel('Name to credit').fill('Ada');
    await page.getByLabel('I agree').check();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.waitForURL(/sc-receipt=/);
    const back = new URL(page.url());
    expect(`${back.origin}${back.pathname}`).toBe(`${blogUrl}/blog/made/`);
    expect(back.hash).toBe('#sc-thanks');
    const receipt = back.searchParams.get('sc-receipt') as string;

    const receiptUrl = `${collector.url}/creations/receipt/${receipt}`;
    for (const scheme of ['light', 'dark'] as const) {
      const view = await readerPage(scheme);
      await view.goto(receiptUrl);
      await expect(view.getByRole('heading', { level: 1, name: 'What you sent' }).count()).resolves.toBe(1);
      await expect(view.getByText('Lighthouse in <b>ink</b>').count()).resolves.toBe(1);
      expect(await axeViolations(view), scheme).toEqual([]);
      await view.context().close();
    }
    expect(await scriptRan(receiptUrl)).toBe(false);

    // Delete with the keyboard alone.
    const view = await readerPage();
    await view.goto(receiptUrl);
    await view.keyboard.press('Tab');
    expect(await view.evaluate(() => document.activeElement?.textContent)).toBe('Delete it for good');
    await view.keyboard.press('Enter');
    // Waits for the page the POST answers with.
    await view.getByRole('heading', { level: 1, name: 'Deleted for good' }).waitFor();
    await view.goto(receiptUrl);
    await expect(view.getByRole('heading', { level: 1, name: 'Nothing here' }).count()).resolves.toBe(1);
    await view.context().close();
    await page.context().close();
  });

  it('answers a refused form with a page that names each problem and keeps the text, axe clean', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await readerPage(scheme);
      await page.goto(`${blogUrl}/blog/made/`);
      const typed = `Everything I wrote <script>window.pwned = true</script> (${scheme})`;
      await page.getByLabel('Text').fill(typed);
      await page.getByRole('button', { name: 'Send' }).click();
      await page.waitForURL(`${collector.url}${CREATIONS_PATH}`);
      await expect(page.getByRole('heading', { level: 1, name: 'Your submission was not sent' }).count()).resolves.toBe(
        1,
      );
      const problems = await page.getByRole('listitem').allTextContents();
      expect(problems.some((problem) => problem.startsWith('Title:'))).toBe(true);
      expect(problems.some((problem) => problem.startsWith('Name to credit:'))).toBe(true);
      expect(problems.some((problem) => problem.startsWith('Consent:'))).toBe(true);
      expect(await page.getByLabel('Text').inputValue()).toBe(typed);
      expect(await page.getByRole('link', { name: 'Back to the post' }).getAttribute('href')).toBe(
        `${blogUrl}/blog/made/`,
      );
      expect(await axeViolations(page), scheme).toEqual([]);
      await page.context().close();
    }
  });

  it('lays the pages out right to left in a right-to-left language, axe clean', async () => {
    const db = join(work, 'rtl.db');
    const opened = await openCollector({
      db,
      manifests: [],
      allowedOrigins: ['*'],
      pageStrings: {
        ...ENGLISH_PAGE_STRINGS,
        lang: 'ar',
        dir: 'rtl',
        errorTitle: 'لم تُرسل مشاركتك',
        backToPost: 'العودة إلى المقال',
      },
      log: { info: () => {}, error: () => {} },
    });
    try {
      const form = new FormData();
      form.append('sc-form', 'end');
      form.append('sc-page', PAGE);
      form.append('sc-post', `${blogUrl}/blog/made/`);
      form.append('text', 'نص القارئ');
      const response = await opened.creations(
        new Request(`http://collector.test${CREATIONS_PATH}`, {
          method: 'POST',
          body: form,
          headers: { origin: blogUrl },
        }),
      );
      expect(response.status).toBe(422);
      const page = await readerPage();
      await page.setContent(await response.text());
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('ar');
      await expect(page.getByRole('heading', { level: 1, name: 'لم تُرسل مشاركتك' }).count()).resolves.toBe(1);
      // Text runs from the right: the first problem's words end at the list item's right edge.
      const edges = await page.evaluate(() => {
        const item = document.querySelector('li') as HTMLElement;
        const range = document.createRange();
        range.selectNodeContents(item);
        return { text: range.getBoundingClientRect().right, item: item.getBoundingClientRect().right };
      });
      expect(Math.abs(edges.text - edges.item)).toBeLessThan(2);
      expect(await axeViolations(page)).toEqual([]);
      await page.context().close();
    } finally {
      await opened.close();
    }
  });
});
