import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, type FixtureBuild } from '../helpers/build-fixture.js';
import { launchChromium } from '../helpers/chromium.js';
import { exportApproved, newCreation } from '../helpers/creations-export.js';
import { freePort, type RunningProcess, startPreview } from '../helpers/processes.js';

/*
 * "What readers made" as a reader meets it, the whole way: creations stored by the real store,
 * approved and exported with the real CLI, read by a real `astro build` (`creations.source.file`),
 * served by `astro preview` and opened in Chromium. Screenshots: /tmp/shots/gallery-{light,dark,rtl}.png.
 */

const SHOTS = '/tmp/shots';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** What readers may type, in every field the pipeline keeps: none of it may become markup. */
const PAYLOADS = [
  '<script>window.__pwned=1</script>',
  '"><img src=x onerror="window.__pwned=1">',
  "'><svg onload=window.__pwned=1>",
  '</style><script>window.__pwned=1</script><style>',
  "' onmouseover='window.__pwned=1' x='",
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '</li></ul></section><h2>Injected</h2><section>',
  '<details open ontoggle=window.__pwned=1>',
  '&lt;b&gt;not bold&lt;/b&gt; &amp;',
];
const LINKS = [
  'javascript:window.__pwned=1',
  'data:text/html,<script>alert(1)</script>',
  "https://ok.example/' onmouseover='window.__pwned=1",
  'https://ok.example/"><script>window.__pwned=1</script>',
];

async function picture(
  background: string,
  accent: string,
): Promise<{ bytes: Uint8Array; width: number; height: number }> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="420"><rect width="640" height="420" fill="${background}"/><circle cx="420" cy="190" r="120" fill="${accent}"/><rect x="80" y="250" width="300" height="90" rx="20" fill="#fff8"/></svg>`;
  return { bytes: new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer()), width: 640, height: 420 };
}

describe('the gallery of a built site, in Chromium', () => {
  let work: string;
  let build: FixtureBuild;
  let preview: RunningProcess;
  let browser: Browser;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sharecraft-gallery-e2e-'));
    await mkdir(SHOTS, { recursive: true });
    const copper = await picture('#e9c9a8', '#b4532a');
    const sea = await picture('#cfe0ea', '#3a6f8f');
    const image = (p: typeof copper, alt: string) => ({ type: 'image/png' as const, ...p, alt });
    const creations = [
      newCreation('/blog/lighthouse/', {
        title: 'Kettle sketch',
        text: 'Ink and watercolour.',
        credit: '',
        licence: 'site-only',
        image: image(sea, 'A watercolour sketch of a lighthouse'),
      }),
      newCreation('/blog/lighthouse/', {
        title: 'Why the lamp never sleeps',
        text: 'A reply post, with a few more stories from the keepers.',
        credit: 'Sam Okafor',
        links: ['https://sam.example/posts/lamp'],
        licence: null,
      }),
      newCreation('/blog/lighthouse/', {
        title: 'The lighthouse, in copper',
        text: 'Two evenings of work.\nOne very shiny lamp.',
        credit: 'Ana Ruiz',
        links: ['https://ana.example/lighthouse'],
        image: image(copper, 'A copper lighthouse model on a wooden shelf'),
      }),
      newCreation('/blog/dallah/', {
        title: 'دلّة جدّي بعد التلميع',
        text: 'جرّبت الطريقة مع الليمون والملح.\nالنتيجة رائعة!',
        credit: 'ليلى',
        links: ['https://layla.example/dallah'],
        image: image(copper, 'دلّة نحاسية لامعة على طاولة'),
      }),
      // Its text is in English: it keeps its own direction in the Arabic post.
      newCreation('/blog/dallah/', { title: 'تدوينة ردًّا على المقال', credit: 'عمر', licence: null }),
      ...PAYLOADS.map((payload, index) =>
        newCreation('/blog/payloads/', {
          title: payload,
          text: `${payload}\n${payload}`,
          credit: payload,
          links: [LINKS[index % LINKS.length] as string],
          // Not in the owner's list: the build labels it with the id the reader's data holds.
          licence: payload,
          image: image(sea, payload),
        }),
      ),
    ];
    const source = await exportApproved(work, creations, creations);
    build = await buildFixture('astro7-gallery', { outDir: join(work, 'site'), options: { creations: { source } } });
    if (build.exitCode !== 0) throw new Error(`build failed:\n${build.output}`);
    preview = await startPreview('astro7-gallery', build.outDir, await freePort());
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await preview?.stop();
    await rm(work, { recursive: true, force: true });
  });

  async function open(path: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const context = await browser.newContext({ colorScheme, viewport: { width: 1000, height: 900 } });
    // Nothing leaves loopback: a hostile link must never be fetched.
    await context.route(
      (url) => url.hostname !== '127.0.0.1' && url.hostname !== 'localhost',
      (route) => route.abort(),
    );
    const page = await context.newPage();
    await page.goto(`${preview.url}${path}`);
    return page;
  }

  for (const [name, path, scheme] of [
    ['light', '/blog/lighthouse/', 'light'],
    ['dark', '/blog/lighthouse/', 'dark'],
    ['rtl', '/blog/dallah/', 'light'],
  ] as const) {
    it(`is axe-clean in ${name}, its images loaded from the site`, async () => {
      const page = await open(path, scheme);
      expect(await page.locator('section.sc-gallery').count()).toBe(1);
      expect(await page.locator('.sc-gallery ul').evaluate((ul) => getComputedStyle(ul).display)).toBe('grid');
      // Every image is loaded, from the site itself (lazy images load once scrolled to).
      await page.locator('.sc-gallery').scrollIntoViewIfNeeded();
      for (const img of await page.locator('.sc-gallery img').all()) {
        await img.scrollIntoViewIfNeeded();
        await expect.poll(() => img.evaluate((element) => (element as HTMLImageElement).naturalWidth)).toBe(640);
        expect(new URL((await img.getAttribute('src')) ?? '', preview.url).origin).toBe(new URL(preview.url).origin);
      }
      if (name === 'rtl') {
        // The gallery runs right to left; a reader's English text keeps its own direction.
        expect(await page.locator('.sc-gallery').evaluate((element) => getComputedStyle(element).direction)).toBe(
          'rtl',
        );
        const english = page.locator('.sc-g-text', { hasText: 'Made after reading the post.' });
        expect(await english.evaluate((element) => getComputedStyle(element).direction)).toBe('ltr');
      }
      await page.addScriptTag({ content: AXE_SOURCE });
      const violations = await page.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: { run(c: string): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> };
          }
        ).axe;
        const result = await axe.run('.sc-gallery');
        return result.violations.map((v) => `${v.id} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
      });
      expect(violations).toEqual([]);
      await page.locator('.sc-gallery').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/gallery-${name}.png`, fullPage: true });
      await page.context().close();
    });
  }

  it('runs nothing and injects nothing from what readers wrote, through the store, the export and the build', async () => {
    const page = await open('/blog/payloads/');
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    for (const element of await page.locator('.sc-gallery li, .sc-gallery a, .sc-gallery img').all()) {
      await element.hover({ timeout: 2000 }).catch(() => undefined);
      await element.focus().catch(() => undefined);
    }
    const seen = await page.evaluate(() => {
      const section = document.querySelector('section.sc-gallery') as HTMLElement;
      return {
        pwned: (window as unknown as { __pwned?: unknown }).__pwned,
        sections: document.querySelectorAll('section').length,
        injected:
          document.querySelectorAll('iframe, details:not(.sc-create), svg:not(aside.sharecraft svg)').length +
          document.querySelectorAll('h2').length -
          1,
        handlers: [...document.querySelectorAll('*')].flatMap((element) =>
          [...element.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${element.tagName} ${a.name}`),
        ),
        tags: [...new Set([...section.querySelectorAll('*')].map((element) => element.tagName))].sort(),
        hrefs: [...section.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? ''),
        cards: [...section.querySelectorAll('li')].map((li) => ({
          title: li.querySelector('h3')?.textContent,
          alt: li.querySelector('img')?.getAttribute('alt'),
          credit: li.querySelector('h3 ~ p')?.textContent,
          text: li.querySelector('.sc-g-text')?.textContent,
        })),
      };
    });
    expect(dialogs).toEqual([]);
    expect(seen.pwned).toBeUndefined();
    expect(seen.sections).toBe(1);
    expect(seen.injected).toBe(0);
    expect(seen.handlers).toEqual([]);
    expect(seen.tags).toEqual(['A', 'BDI', 'BR', 'H2', 'H3', 'IMG', 'LI', 'P', 'TIME', 'UL']);
    for (const href of seen.hrefs) expect(href).toMatch(/^https:\/\/(ok\.example|creativecommons\.org)\//);
    // Newest first: the last payload stored comes first. Each text reads exactly as it was typed.
    expect(seen.cards.map((card) => card.title)).toEqual([...PAYLOADS].reverse());
    for (const [index, card] of seen.cards.entries()) {
      const payload = PAYLOADS[PAYLOADS.length - 1 - index] as string;
      expect(card.alt).toBe(payload);
      expect(card.credit).toBe(`by ${payload}`);
      expect(card.text).toBe(`${payload}${payload}`);
    }
    await page.context().close();
  });
});
