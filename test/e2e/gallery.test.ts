import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { derivePageId } from '@sharecraft/protocol';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GalleryCreation, GalleryData } from '../../packages/astro-sharecraft/src/creations/gallery-data.js';
import { type PageConfig, transformPage } from '../../packages/astro-sharecraft/src/page/transform-page.js';
import { REPO_ROOT } from '../helpers/build-fixture.js';
import { launchChromium } from '../helpers/chromium.js';
import { freePort } from '../helpers/processes.js';

/*
 * The gallery as readers meet it: posts rendered by the page middleware's own transform with
 * gallery data, styled by the stylesheets the integration ships (the built files), served on
 * loopback and opened in Chromium.
 */

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const CLIENT = `${REPO_ROOT}/packages/astro-sharecraft/dist/client`;

/** Every string field gets each of these, whole. */
const TEXT_PAYLOADS = [
  '<script>window.__pwned=1</script>',
  '"><img src=x onerror="window.__pwned=1">',
  "'><svg onload=window.__pwned=1>",
  '</style><script>window.__pwned=1</script><style>',
  "' onmouseover='window.__pwned=1' x='",
  '" onfocus="window.__pwned=1" autofocus="',
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '</textarea></title></noscript><script>alert(1)</script>',
  '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#x3C;b&#x3E;',
  '<a href="javascript:window.__pwned=1">click</a>',
  '</li></ul></section><h2>Injected</h2><section>',
  '<!-- <script>window.__pwned=1</script>',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '<details open ontoggle=window.__pwned=1>',
  'line one\n<b>line two</b>\r\n"three"',
];

/** Links and licence URLs, and whether a reader may be linked there. */
const LINK_PAYLOADS: [string, boolean][] = [
  ['javascript:window.__pwned=1', false],
  ['JaVaScRiPt:window.__pwned=1', false],
  ['  javascript:window.__pwned=1', false],
  ['java\tscript:window.__pwned=1', false],
  ['data:text/html,<script>alert(1)</script>', false],
  ['vbscript:msgbox(1)', false],
  ['//evil.example/x', false],
  ['/relative', false],
  ['https://ok.example/"><script>window.__pwned=1</script>', true],
  ["https://ok.example/' onmouseover='window.__pwned=1", true],
  ['http://ok.example/?q=<svg onload=alert(1)>', true],
];

const IMAGE_PAYLOADS = [
  'javascript:window.__pwned=1',
  'data:image/svg+xml,<svg onload=alert(1)>',
  '/img/x.png" onerror="window.__pwned=1',
];

function siteConfig(gallery: GalleryData): PageConfig {
  return {
    rules: {
      markdown: true,
      matchEntryUrl: true,
      include: [{ glob: '/blog/*', re: /^\/blog\/[^/]+\/?$/ }],
      exclude: [],
    },
    actions: ['x', 'bluesky', 'email', 'copy'],
    utm: false,
    locale: undefined,
    strings: undefined,
    remixUrl: undefined,
    selectionSharing: false,
    site: undefined,
    base: '/',
    assets: { share: '/_sharecraft/share.js', css: '/_sharecraft/share.css', gallery: '/_sharecraft/gallery.css' },
    cards: false,
    gallery,
  };
}

/** A blog layout with its own light and dark colours, as a site would have. */
function layout(lang: string, title: string, body: string): string {
  const dir = lang === 'ar' ? ' dir="rtl"' : '';
  return (
    `<!doctype html><html lang="${lang}"${dir}><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>` +
    '<style>:root{color-scheme:light dark;font-family:system-ui,sans-serif;line-height:1.55;background:#fbf8f3;color:#27221c}' +
    '@media (prefers-color-scheme:dark){:root{background:#171411;color:#eee7dc}}' +
    'main{max-inline-size:52rem;margin-inline:auto;padding:2rem 1.25rem}</style></head>' +
    `<body><main><article><h1>${title}</h1>${body}<div data-sharecraft-slot="end" data-sharecraft-title="${title}" data-sharecraft-file="src/content/blog/post.md" data-sharecraft-entry="post"></div></article></main></body></html>`
  );
}

const creation = (id: string, over: Partial<GalleryCreation>): GalleryCreation => ({
  id,
  kind: 'creation',
  title: 'Untitled',
  text: '',
  credit: 'Someone',
  link: null,
  licence: null,
  createdAt: '2026-11-20T09:30:00.000Z',
  image: null,
  ...over,
});

const CC_BY = { id: 'cc-by-4.0', label: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' };

/** Pictures for the sample creations: made here, so every pixel is the test's own. */
async function picture(hue: string, accent: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="420"><rect width="640" height="420" fill="${hue}"/><circle cx="420" cy="190" r="120" fill="${accent}"/><rect x="80" y="250" width="300" height="90" rx="20" fill="#fff8" /></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const SAMPLES: Record<string, GalleryCreation[]> = {
  '/blog/kettle': [
    creation('k1', {
      title: 'My grandmother’s kettle, restored',
      text: 'Followed the lemon-and-salt steps.\nTwo evenings, one very shiny kettle.',
      credit: 'Ana Ruiz',
      link: 'https://ana.example/kettle',
      licence: CC_BY,
      image: { src: '/img/one.png', width: 640, height: 420, alt: 'A polished copper kettle on a wooden shelf' },
    }),
    creation('k2', {
      kind: 'mention',
      title: 'Why I stopped using vinegar on copper',
      text: 'A reply post, with a few more tricks for tarnish.',
      credit: 'Sam Okafor',
      link: 'https://sam.example/posts/copper',
      createdAt: '2026-11-18T18:00:00.000Z',
    }),
    creation('k3', {
      title: 'Kettle sketch',
      text: 'Ink and watercolour.',
      credit: '',
      licence: { id: 'site-only', label: 'Only on this site' },
      createdAt: '2026-11-02T12:00:00.000Z',
      image: { src: '/img/two.png', width: 640, height: 420, alt: 'A watercolour sketch of a kettle' },
    }),
  ],
  '/blog/dallah': [
    creation('d1', {
      title: 'دلّة جدّي بعد التلميع',
      text: 'جرّبت الطريقة مع الليمون والملح.\nالنتيجة رائعة!',
      credit: 'ليلى',
      link: 'https://layla.example/dallah',
      licence: CC_BY,
      image: { src: '/img/one.png', width: 640, height: 420, alt: 'دلّة نحاسية لامعة على طاولة' },
    }),
    creation('d2', {
      kind: 'mention',
      title: 'تدوينة ردًّا على المقال',
      credit: 'عمر',
      link: 'https://omar.example/reply',
      createdAt: '2026-11-15T08:00:00.000Z',
    }),
  ],
  '/blog/xss': TEXT_PAYLOADS.map((payload, index) => {
    const [link] = LINK_PAYLOADS[index % LINK_PAYLOADS.length] as [string, boolean];
    const [url] = LINK_PAYLOADS[(index + 3) % LINK_PAYLOADS.length] as [string, boolean];
    return creation(`x${index}`, {
      kind: index % 4 === 3 ? 'mention' : 'creation',
      title: payload,
      text: payload,
      credit: payload,
      link,
      licence: { id: payload, label: payload, url },
      createdAt: index === 5 ? payload : '2026-11-20T09:30:00.000Z',
      image: {
        src: index < IMAGE_PAYLOADS.length ? (IMAGE_PAYLOADS[index] as string) : '/img/one.png',
        width: 640,
        height: 420,
        alt: payload,
      },
    });
  }),
};

const byId = (data: Record<string, GalleryCreation[]>): GalleryData =>
  Object.fromEntries(Object.entries(data).map(([path, list]) => [derivePageId(path), list]));

describe('the gallery in Chromium', () => {
  let server: Server;
  let origin: string;
  let browser: Browser;
  const pages = new Map<string, string>();
  const files = new Map<string, [string, Buffer | string]>();

  beforeAll(async () => {
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    const config = siteConfig(byId(SAMPLES));
    const post = (path: string, lang: string, title: string, body: string) =>
      pages.set(`${path}/`, transformPage(layout(lang, title, body), { pathname: `${path}/`, origin }, config).html);
    post(
      '/blog/kettle',
      'en',
      'Caring for a copper kettle',
      '<p>Copper darkens with time. Here is how to bring back its shine without scratching it.</p>',
    );
    post(
      '/blog/dallah',
      'ar',
      'العناية بدلّة القهوة النحاسية',
      '<p>يفقد النحاس لمعانه مع الوقت. إليك طريقة إعادته.</p>',
    );
    post('/blog/xss', 'en', 'Payloads', '<p>Every field of every creation here is hostile.</p>');
    post('/blog/none', 'en', 'A post nobody answered yet', '<p>No creations here.</p>');
    files.set('/_sharecraft/share.css', ['text/css', readFileSync(`${CLIENT}/share-block.min.css`)]);
    files.set('/_sharecraft/gallery.css', ['text/css', readFileSync(`${CLIENT}/gallery.min.css`)]);
    files.set('/_sharecraft/share.js', ['text/javascript', readFileSync(`${CLIENT}/share-block.min.js`)]);
    files.set('/img/one.png', ['image/png', await picture('#e9c9a8', '#b4532a')]);
    files.set('/img/two.png', ['image/png', await picture('#cfe0ea', '#3a6f8f')]);
    server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', origin).pathname;
      const html = pages.get(path);
      const file = files.get(path);
      if (html) response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      else if (file) response.writeHead(200, { 'content-type': file[0] }).end(file[1]);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function open(path: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const context = await browser.newContext({ colorScheme, viewport: { width: 1000, height: 900 } });
    // Nothing leaves loopback: a hostile link must never be fetched.
    await context.route(
      (url) => url.hostname !== '127.0.0.1',
      (route) => route.abort(),
    );
    const page = await context.newPage();
    await page.goto(`${origin}${path}`);
    return page;
  }

  async function axe(page: Page): Promise<string[]> {
    await page.addScriptTag({ content: AXE_SOURCE });
    return page.evaluate(async () => {
      const run = (
        window as unknown as {
          axe: { run(c: string): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> };
        }
      ).axe;
      const result = await run.run('.sc-gallery');
      return result.violations.map((v) => `${v.id} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
    });
  }

  for (const [name, path, scheme] of [
    ['light', '/blog/kettle/', 'light'],
    ['dark', '/blog/kettle/', 'dark'],
    ['rtl', '/blog/dallah/', 'light'],
  ] as const) {
    it(`is axe-clean and readable in ${name}`, async () => {
      const page = await open(path, scheme);
      const gallery = page.locator('section.sc-gallery');
      await expect.poll(() => gallery.count()).toBe(1);
      // Its stylesheet applied: the cards sit in a grid.
      expect(await page.locator('.sc-gallery ul').evaluate((ul) => getComputedStyle(ul).display)).toBe('grid');
      // The images are loaded from the site itself, at the size they were given.
      const images = await page.locator('.sc-gallery img').evaluateAll((list) =>
        (list as HTMLImageElement[]).map((img) => ({
          src: new URL(img.src).host,
          loading: img.loading,
          natural: img.naturalWidth,
        })),
      );
      for (const image of images) expect(image.src).toBe(new URL(origin).host);
      expect(await axe(page)).toEqual([]);
      await page.context().close();
    });
  }

  it('lays the cards out from the inline start: left in English, right in Arabic', async () => {
    for (const [path, side] of [
      ['/blog/kettle/', 'left'],
      ['/blog/dallah/', 'right'],
    ] as const) {
      const page = await open(path);
      const edges = await page.locator('.sc-gallery ul').evaluate((ul) => {
        const box = (element: Element) => {
          const { left, right } = element.getBoundingClientRect();
          return { left, right };
        };
        return { list: box(ul), first: box(ul.children[0] as Element), second: box(ul.children[1] as Element) };
      });
      if (side === 'left') {
        expect(Math.abs(edges.first.left - edges.list.left)).toBeLessThan(1);
        expect(edges.second.left).toBeGreaterThan(edges.first.right);
      } else {
        expect(Math.abs(edges.first.right - edges.list.right)).toBeLessThan(1);
        expect(edges.second.right).toBeLessThan(edges.first.left);
      }
      await page.context().close();
    }
  });

  it('reaches every link in the gallery from the keyboard, in reading order, with a visible focus ring', async () => {
    const page = await open('/blog/kettle/');
    const links = await page
      .locator('.sc-gallery a')
      .evaluateAll((list) => list.map((a) => (a as HTMLAnchorElement).href));
    expect(links.length).toBeGreaterThanOrEqual(3);
    const reached: string[] = [];
    for (let press = 0; press < 40 && reached.length < links.length; press++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement;
        if (!element.closest('.sc-gallery')) return undefined;
        const style = getComputedStyle(element);
        return {
          href: (element as HTMLAnchorElement).href,
          ring: style.outlineStyle !== 'none' && style.outlineWidth !== '0px',
        };
      });
      if (focused) {
        expect(focused.ring, focused.href).toBe(true);
        reached.push(focused.href);
      }
    }
    expect(reached).toEqual(links);
    await page.context().close();
  });

  it('adds nothing to a post without creations', async () => {
    const page = await open('/blog/none/');
    expect(await page.locator('.sc-gallery').count()).toBe(0);
    expect(await page.locator('link[href="/_sharecraft/gallery.css"]').count()).toBe(0);
    expect(await page.locator('aside.sharecraft').count()).toBe(1);
    await page.context().close();
  });

  it('runs no script and injects no element or attribute, whatever readers wrote', async () => {
    const page = await open('/blog/xss/');
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    // Hover and focus every card and link, in case a handler slipped in.
    for (const card of await page.locator('.sc-gallery li, .sc-gallery a, .sc-gallery img').all()) {
      await card.hover({ timeout: 2000 }).catch(() => undefined);
      await card.focus().catch(() => undefined);
    }
    const seen = await page.evaluate(() => {
      const section = document.querySelector('section.sc-gallery') as HTMLElement;
      const all = [...document.querySelectorAll('*')];
      return {
        pwned: (window as unknown as { __pwned?: unknown }).__pwned,
        sections: document.querySelectorAll('section').length,
        // The share block's icons are the only SVG the page has; the layout has one <h2>, the gallery's.
        injected:
          document.querySelectorAll('iframe, math, details, svg:not(aside.sharecraft svg)').length +
          document.querySelectorAll('h2').length -
          1,
        handlers: all.flatMap((element) =>
          [...element.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${element.tagName} ${a.name}`),
        ),
        tags: [...new Set([...section.querySelectorAll('*')].map((element) => element.tagName))].sort(),
        attributes: [
          ...new Set(
            [section, ...section.querySelectorAll('*')].flatMap((element) =>
              [...element.attributes].map((a) => a.name),
            ),
          ),
        ].sort(),
        hrefs: [...section.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? ''),
        images: [...section.querySelectorAll('img')].map((img) => img.getAttribute('src') ?? ''),
        cards: [...section.querySelectorAll('li')].map((li) => ({
          title: li.querySelector('h3')?.textContent,
          alt: li.querySelector('img')?.getAttribute('alt') ?? null,
          elements: li.querySelectorAll('*').length,
          text: li.querySelector('.sc-g-text')?.textContent,
          links: li.querySelectorAll('a').length,
          brs: li.querySelectorAll('br').length,
        })),
      };
    });
    expect(dialogs).toEqual([]);
    expect(seen.pwned).toBeUndefined();
    expect(seen.sections).toBe(1);
    expect(seen.injected).toBe(0);
    expect(seen.handlers).toEqual([]);
    expect(seen.tags).toEqual(['A', 'BDI', 'BR', 'H2', 'H3', 'IMG', 'LI', 'P', 'TIME', 'UL']);
    expect(seen.attributes).toEqual([
      'alt',
      'aria-labelledby',
      'class',
      'datetime',
      'decoding',
      'dir',
      'height',
      'href',
      'id',
      'loading',
      'rel',
      'role',
      'src',
      'width',
    ]);
    for (const href of seen.hrefs) expect(href).toMatch(/^https?:\/\/ok\.example\//);
    for (const src of seen.images) expect(src).toMatch(/^\/img\//);
    expect(seen.cards).toHaveLength(TEXT_PAYLOADS.length);
    seen.cards.forEach((card, index) => {
      const payload = TEXT_PAYLOADS[index] as string;
      // HTML itself reads a CR LF as one line feed.
      const typed = payload.replace(/\r\n/g, '\n');
      const linked = (LINK_PAYLOADS[index % LINK_PAYLOADS.length] as [string, boolean])[1];
      const licensed = (LINK_PAYLOADS[(index + 3) % LINK_PAYLOADS.length] as [string, boolean])[1];
      // Each text comes back exactly as the reader typed it: nothing of it became markup.
      expect(card.title, payload).toBe(typed);
      const imaged = index >= IMAGE_PAYLOADS.length || IMAGE_PAYLOADS[index]?.startsWith('/');
      expect(card.alt, payload).toBe(imaged ? typed : null);
      expect(card.links, payload).toBe(Number(linked) + Number(licensed));
      const breaks = (payload.match(/\r?\n/g) ?? []).length;
      expect(card.brs, payload).toBe(breaks);
      // li's own children: img?, h3, kind?, credit p + bdi, date p + time (but not for a broken date), text p, licence p.
      const dated = index !== 5;
      const mention = index % 4 === 3;
      const expected =
        Number(Boolean(imaged)) + 1 + Number(mention) + 2 + (dated ? 2 : 0) + 1 + breaks + 1 + card.links;
      expect(card.elements, payload).toBe(expected);
    });
    await page.context().close();
  });
});
