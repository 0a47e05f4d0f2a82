import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { derivePageId } from '@sharecraft/protocol';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './helpers/chromium.js';
import { pngSize } from './helpers/png.js';
import { freePort, type RunningProcess, startDevServer } from './helpers/processes.js';

describe('astro dev', () => {
  let dev: RunningProcess;
  beforeAll(async () => {
    dev = await startDevServer('astro7-satteri-md', await freePort(), 'http://127.0.0.1:9/api/events');
  });
  afterAll(async () => {
    await dev?.stop();
  });

  it('shows the share block on a post while the owner writes, with working scripts', async () => {
    const html = await (await fetch(`${dev.url}/blog/second-post/`)).text();
    expect(html.match(/<aside class="sharecraft"/g)?.length, html.slice(0, 3000)).toBe(1);
    const scripts = [...html.matchAll(/<script type="module" src="(\/_sharecraft\/[^"]+)"/g)].map((match) => match[1]);
    // One file: the share script with the beacon in it, since a collector is configured.
    expect(scripts).toHaveLength(1);
    const served = async (path: string, type: string) => {
      const response = await fetch(`${dev.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toContain(type);
      return response.text();
    };
    const script = await served(scripts[0] as string, 'javascript');
    expect(script).toContain('sharecraft-page');
    // The parts it loads on demand, and the stylesheet they bring, are served under the names it asks for.
    const parts = [...script.matchAll(/"\.\/((?:mastodon|selection)\.[\w-]+\.js)"/g)].map((match) => match[1]);
    expect(parts).toHaveLength(2);
    for (const part of parts) {
      const code = await served(`/_sharecraft/${part}`, 'javascript');
      const css = /"\.\/(parts\.[\w-]+\.css)"/.exec(code)?.[1];
      expect(css, part).toBeDefined();
      expect(await served(`/_sharecraft/${css}`, 'css')).toContain('.sharecraft-popover');
    }
  });

  it('draws a post’s share card on demand, at the URL its meta tag names', async () => {
    const html = await (await fetch(`${dev.url}/blog/second-post/`)).text();
    const image = /<meta property="og:image" content="([^"]+)"/.exec(html)?.[1] ?? '';
    const path = new URL(image).pathname;
    expect(path).toBe(`/_sharecraft/cards/${derivePageId('/blog/second-post')}.png`);
    const response = await fetch(`${dev.url}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(pngSize(new Uint8Array(await response.arrayBuffer()))).toEqual({ width: 1200, height: 630 });
  });

  it('previews every post’s card as HTML, SVG and PNG, and reloads when something changes', async () => {
    const page = await (await fetch(`${dev.url}/_sharecraft/cards/`)).text();
    // Found by following the site's links from its home page, not only the posts opened so far.
    for (const post of ['/blog/first-post', '/blog/placed', '/blog/untitled']) {
      expect(page).toContain(`<code>${post}</code>`);
    }
    expect(page).toContain('/@vite/client');
    const name = /<img src="([^"]+)\.svg"/.exec(page)?.[1] ?? '';
    const svg = await (await fetch(`${dev.url}/_sharecraft/cards/${name}.svg`)).text();
    expect(svg.startsWith('<svg')).toBe(true);
    const markup = await fetch(`${dev.url}/_sharecraft/cards/${name}.html`);
    expect(markup.headers.get('content-type')).toContain('text/html');
    const missing = await fetch(`${dev.url}/_sharecraft/cards/nothing-here.png`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('/_sharecraft/cards/');
  });

  it('leaves the index alone', async () => {
    const html = await (await fetch(`${dev.url}/`)).text();
    expect(html).not.toContain('<aside class="sharecraft"');
  });
});

describe('astro dev, for a designer working on a card template', () => {
  let dev: RunningProcess;
  let work: string;
  let template: string;
  let browser: Browser;
  /** A template whose whole card is one colour, so a change shows in the PNG's bytes. */
  const templateSource = (colour: string) =>
    `export default (data, { h }) => h('div', { style: { display: 'flex', width: '100%', height: '100%', background: '${colour}', fontFamily: data.fontFamily, fontSize: 64 } }, data.title);\n`;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sharecraft-template-'));
    template = join(work, 'card.mjs');
    await writeFile(template, templateSource('#b4532a'));
    dev = await startDevServer('astro7-satteri-md', await freePort(), 'http://127.0.0.1:9/api/events', {
      cards: { template, cacheDir: false },
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await dev?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('reloads the preview when the template changes, and the cards show the change', async () => {
    const page = await browser.newPage();
    await page.goto(`${dev.url}/_sharecraft/cards/`);
    const src = await page.locator('img[src$=".png"]').first().getAttribute('src');
    const card = new URL(src ?? '', `${dev.url}/_sharecraft/cards/`).href;
    const before = Buffer.from(await (await fetch(card)).arrayBuffer());
    expect(pngSize(before)).toEqual({ width: 1200, height: 630 });

    const reloaded = page.waitForEvent('load', { timeout: 20_000 });
    await writeFile(template, templateSource('#1d4e89'));
    await reloaded;
    const after = Buffer.from(await (await fetch(card)).arrayBuffer());
    expect(pngSize(after)).toEqual({ width: 1200, height: 630 });
    expect(after.equals(before)).toBe(false);
    await page.close();
  });
});

describe('astro dev with creations on', () => {
  let dev: RunningProcess;
  beforeAll(async () => {
    dev = await startDevServer('astro7-satteri-md', await freePort(), 'http://127.0.0.1:9/api/events', {
      creations: true,
    });
  });
  afterAll(async () => {
    await dev?.stop();
  });

  it('shows the form under the block and serves its script, texts and widget from memory', async () => {
    const html = await (await fetch(`${dev.url}/blog/first-post/`)).text();
    expect(html).toContain('<details class="sc-create" data-sc-at="end">');
    expect(html).toContain('action="http://127.0.0.1:9/api/creations"');
    const share = /<script type="module" src="(\/_sharecraft\/share\.[\w-]+\.js)">/.exec(html)?.[1] as string;
    const script = await (await fetch(`${dev.url}${share}`)).text();
    const form = /\.\/(form\.[\w-]+\.js)/.exec(script)?.[1] as string;
    const formScript = await fetch(`${dev.url}/_sharecraft/${form}`);
    expect(formScript.status).toBe(200);
    const source = await formScript.text();
    // Every part the form's script loads is served, none is left as a placeholder.
    const parts = [...source.matchAll(/\.\/((?:altcha|form-texts|parts)[\w.-]*\.(?:js|css))/g)].map(
      (match) => match[1],
    );
    expect(new Set(parts.map((part) => part?.replace(/\.[\w-]+\.(js|css)$/, '.$1')))).toEqual(
      new Set(['altcha.js', 'altcha.css', 'altcha-sha.js', 'altcha-pbkdf2.js', 'form-texts.js', 'parts.css']),
    );
    expect(source).not.toContain('SC_LAZY');
    for (const part of parts) {
      const answer = await fetch(`${dev.url}/_sharecraft/${part}`);
      expect(answer.status, part).toBe(200);
      expect((await answer.text()).length, part).toBeGreaterThan(100);
    }
  });
});
