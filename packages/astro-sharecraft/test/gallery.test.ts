import { derivePageId } from '@sharecraft/protocol';
import { type HTMLElement, parse } from 'node-html-parser';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import type { GalleryCreation } from '../src/creations/gallery-data.js';
import { contentHash, readShippedPage } from '../src/manifest/read-shipped-page.js';
import { type PageConfig, transformPage } from '../src/page/transform-page.js';
import { GALLERY_TEXT_LENGTH, renderGallery } from '../src/share/render-gallery.js';
import { resolveShareStrings, SHARE_STRINGS, type ShareStrings } from '../src/share/strings.js';

const en = resolveShareStrings('en').strings;

const creation = (over: Partial<GalleryCreation> = {}): GalleryCreation => ({
  id: 'c1',
  kind: 'creation',
  title: 'Kettle in watercolour',
  text: 'First line\nSecond line',
  credit: 'Ana',
  link: 'https://ana.example/kettle',
  licence: { id: 'cc-by-4.0', label: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
  createdAt: '2026-03-04T10:00:00.000Z',
  image: { src: '/_astro/kettle.abc.webp', width: 800, height: 600, alt: 'A copper kettle, painted' },
  ...over,
});

const render = (creations: GalleryCreation[], strings: ShareStrings = en, locale = 'en') =>
  parse(renderGallery({ creations, strings, locale, lang: undefined }));

const only = (root: HTMLElement, selector: string) => {
  const found = root.querySelectorAll(selector);
  expect(found, selector).toHaveLength(1);
  return found[0] as HTMLElement;
};

describe('renderGallery', () => {
  it('shows each creation as a card: image, title, credit linked to the reader, date, text, licence', () => {
    const root = render([creation(), creation({ id: 'c2', title: 'Second', link: null, licence: null, image: null })]);
    const section = only(root, 'section.sc-gallery');
    expect(only(section, 'h2').text).toBe('What readers made');
    expect(section.getAttribute('aria-labelledby')).toBe(only(section, 'h2').id);
    const cards = section.querySelectorAll('ul > li');
    expect(cards.map((card) => card.querySelector('h3')?.text)).toEqual(['Kettle in watercolour', 'Second']);
    const first = cards[0] as HTMLElement;
    const img = only(first, 'img');
    expect(img.attributes).toEqual({
      src: '/_astro/kettle.abc.webp',
      alt: 'A copper kettle, painted',
      width: '800',
      height: '600',
      loading: 'lazy',
      decoding: 'async',
    });
    const credit = only(first, 'a[rel~=ugc]');
    expect(credit.getAttribute('href')).toBe('https://ana.example/kettle');
    expect(credit.getAttribute('rel')).toBe('ugc nofollow noopener');
    expect(credit.parentNode.text).toBe('by Ana');
    const time = only(first, 'time');
    expect(time.getAttribute('datetime')).toBe('2026-03-04T10:00:00.000Z');
    expect(time.parentNode.text).toBe('Sent March 4, 2026');
    expect(only(first, '.sc-g-text').innerHTML).toBe('First line<br>Second line');
    const licence = only(first, 'a[rel~=license]');
    expect(licence.text).toBe('CC BY 4.0');
    expect(licence.getAttribute('href')).toBe('https://creativecommons.org/licenses/by/4.0/');
    // No link, no licence, no image: plain credit, no licence line, no <img>.
    const second = cards[1] as HTMLElement;
    expect(second.querySelectorAll('a, img')).toHaveLength(0);
    expect(second.text).not.toContain('Licence');
    // No script of any kind.
    expect(root.querySelectorAll('script')).toHaveLength(0);
    expect(root.toString()).not.toMatch(/\son[a-z]+=/i);
  });

  it('lets each text a reader wrote take its own direction, whatever the page’s', () => {
    const card = only(render([creation({ title: 'دلّة', credit: 'ليلى', text: 'English text.' })]), 'li');
    expect(only(card, 'h3').getAttribute('dir')).toBe('auto');
    expect(only(card, '.sc-g-text').getAttribute('dir')).toBe('auto');
    expect(only(card, 'a[rel~=ugc] > bdi').text).toBe('ليلى');
    const unlinked = only(render([creation({ link: null, credit: 'ليلى' })]), 'li');
    expect(only(unlinked, 'bdi').text).toBe('ليلى');
  });

  it('labels mentions, and names a reader who gave no name or title', () => {
    const root = render([creation({ kind: 'mention', credit: ' ', title: '' })]);
    const card = only(root, 'li.sc-g-mention');
    expect(only(card, '.sc-g-kind').text).toBe('Mention from another site');
    expect(only(card, 'h3').text).toBe("A reader's creation");
    expect(only(card, 'a[rel~=ugc]').text).toBe('a reader');
  });

  it('never shows a letter, even when the data holds one; nothing at all when nothing is left', () => {
    const letter = creation({ id: 'l1', kind: 'letter', title: 'Private words', text: 'Only for the author' });
    expect(renderGallery({ creations: [letter], strings: en, locale: 'en', lang: undefined })).toBe('');
    expect(renderGallery({ creations: [], strings: en, locale: 'en', lang: undefined })).toBe('');
    const html = renderGallery({ creations: [letter, creation()], strings: en, locale: 'en', lang: undefined });
    expect(html).not.toContain('Private words');
    expect(html).not.toContain('Only for the author');
    expect(parse(html).querySelectorAll('li')).toHaveLength(1);
  });

  it('links only to http and https URLs: anything else is plain text', () => {
    for (const link of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox',
      '/relative/path',
      '//evil.example/x',
      'not a url',
      'ftp://files.example/x',
    ]) {
      const root = render([creation({ link, licence: { id: 'x', label: 'Odd', url: link } })]);
      expect(root.querySelectorAll('a'), link).toHaveLength(0);
      expect(only(root, 'li').text).toContain('by Ana');
      expect(only(root, 'li').text).toContain('Licence: Odd');
    }
    // An image source that is neither a site path nor http(s) is not loaded at all.
    const root = render([creation({ image: { src: 'javascript:alert(1)', width: 1, height: 1, alt: 'x' } })]);
    expect(root.querySelectorAll('img')).toHaveLength(0);
  });

  it('escapes every text and attribute a reader wrote: nothing is added to the markup', () => {
    const payload = `"><img src=x onerror=alert(1)><script>window.__pwned=1</script>' onmouseover='x' </style><svg onload=alert(1)>&amp;`;
    const plain = render([creation({ text: 'One line' })]);
    const root = render([
      creation({
        title: payload,
        text: payload,
        credit: payload,
        link: `https://ana.example/"><script>alert(1)</script>`,
        licence: { id: 'x', label: payload, url: `https://l.example/'onmouseover='alert(1)` },
        image: { src: `/img/"onerror="alert(1).png`, width: 2, height: 1, alt: payload },
      }),
    ]);
    const shape = (node: HTMLElement) =>
      node.querySelectorAll('*').map((element) => `${element.tagName}[${Object.keys(element.attributes).join(',')}]`);
    expect(shape(root)).toEqual(shape(plain));
    expect(only(root, 'h3').text).toBe(payload);
    expect(only(root, '.sc-g-text').text).toBe(payload);
    expect(only(root, 'img').getAttribute('alt')).toBe(payload);
    expect(only(root, 'a[rel~=ugc]').text).toBe(payload);
    expect(only(root, 'a[rel~=license]').text).toBe(payload);
    expect(root.toString()).not.toContain('<script');
    expect(root.toString()).not.toContain('<svg');
  });

  it('shortens long text at a word and keeps line breaks', () => {
    const long = `${'word '.repeat(100)}end`;
    const text = only(render([creation({ text: `One\r\nTwo\n\n\n\n${long}` })]), '.sc-g-text');
    expect(text.innerHTML.startsWith('One<br>Two<br><br>word')).toBe(true);
    expect(text.text.endsWith('word…')).toBe(true);
    expect(text.text.length).toBeLessThanOrEqual(GALLERY_TEXT_LENGTH + 1);
  });

  it('is translated in every language, with dates written for the page, and the owner can override', () => {
    for (const [lang, strings] of Object.entries(SHARE_STRINGS)) {
      const root = render([creation()], strings, lang);
      expect(only(root, 'h2').text).toBe(strings.gallery.heading);
      if (lang !== 'en') expect(strings.gallery.heading, lang).not.toBe(SHARE_STRINGS.en?.gallery.heading);
    }
    const arabic = render([creation()], resolveShareStrings('ar').strings, 'ar');
    expect(only(arabic, 'time').text).toBe(
      new Intl.DateTimeFormat('ar', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date('2026-03-04T10:00Z')),
    );
    const german = render([creation()], resolveShareStrings('de').strings, 'de-AT');
    expect(only(german, 'time').parentNode.text).toBe('Gesendet am 4. März 2026');
    const owned = resolveShareStrings('en', { gallery: { heading: 'Made by you' } }).strings;
    expect(only(render([creation()], owned), 'h2').text).toBe('Made by you');
    // The built-in "only on this site" licence is named in the page's language.
    const siteOnly = render(
      [creation({ licence: { id: 'site-only', label: 'Only on this site' } })],
      resolveShareStrings('fr').strings,
      'fr',
    );
    expect(only(siteOnly, 'li').text).toContain('Licence\u00a0: Uniquement sur ce site');
  });
});

const patterns = (list: string[]) => list.map((glob) => ({ glob, re: picomatch.makeRe(glob) }));
const POST = '/blog/a/';
const config: PageConfig = {
  rules: { markdown: true, matchEntryUrl: true, include: patterns(['/blog/*']), exclude: [] },
  actions: ['x', 'copy'],
  utm: false,
  locale: undefined,
  strings: undefined,
  remixUrl: undefined,
  selectionSharing: false,
  site: 'https://blog.example',
  base: '/',
  assets: { share: '/_sharecraft/share.a.js', css: '/_sharecraft/share.b.css', gallery: '/_sharecraft/gallery.c.css' },
  cards: false,
  gallery: { [derivePageId('/blog/a')]: [creation()] },
};
const withForm: PageConfig = {
  ...config,
  creations: { action: '/api/creations', licences: [{ id: 'site-only', label: 'x' }], defaultLicences: true },
};
const marker = `<div data-sharecraft-slot="end" data-sharecraft-title="A" data-sharecraft-file="src/content/blog/a.md" data-sharecraft-entry="a"></div>`;
const page = (body: string, lang = 'en') =>
  `<!doctype html><html lang="${lang}"><head><title>T</title></head><body><main><article><p>Body text.</p>${body}</article></main></body></html>`;
const request = (pathname = POST) => ({ pathname, origin: 'http://localhost' });
const count = (html: string, pattern: RegExp) => html.match(pattern)?.length ?? 0;
const GALLERY = /<section class="sc-gallery"/g;
const STYLESHEET = /<link rel="stylesheet" href="\/_sharecraft\/gallery\.c\.css">/g;

describe('the gallery on a page', () => {
  it('goes under the share block, and under the creation form when there is one, with its stylesheet', () => {
    const plain = transformPage(page(marker), request(), config).html;
    expect(plain).toMatch(/<\/aside><section class="sc-gallery"[\s\S]*<\/section><\/article>/);
    expect(count(plain, STYLESHEET)).toBe(1);
    expect(plain.indexOf('gallery.c.css')).toBeLessThan(plain.indexOf('</head>'));
    const form = transformPage(page(marker), request(), withForm).html;
    expect(form).toMatch(
      /<\/aside><details class="sc-create"[\s\S]*<p id="sc-thanks"[^>]*>[^<]*<\/p><section class="sc-gallery"/,
    );
    // Without a Markdown marker, at the end of the <article>.
    expect(transformPage(page(''), request(), config).html).toMatch(
      /<\/aside><section class="sc-gallery"[\s\S]*<\/section><\/article>/,
    );
  });

  it('adds nothing to posts without creations, nor to pages that are not posts', () => {
    for (const [html, pathname] of [
      [page(marker), '/blog/b/'],
      [page(''), '/about/'],
    ] as const) {
      const out = transformPage(html, request(pathname), config).html;
      expect(count(out, GALLERY), pathname).toBe(0);
      expect(count(out, STYLESHEET), pathname).toBe(0);
    }
    // A site with no gallery data at all.
    const { gallery: _, ...none } = config;
    expect(count(transformPage(page(marker), request(), none).html, GALLERY)).toBe(0);
  });

  it('with <Creations /> on the post, shows it there and not a second time under the block', () => {
    const html = page(`<div data-sharecraft-slot="gallery"></div><p>After the gallery.</p>${marker}`);
    const out = transformPage(html, request(), withForm).html;
    expect(count(out, GALLERY)).toBe(1);
    expect(count(out, STYLESHEET)).toBe(1);
    expect(out).toMatch(/<p>Body text\.<\/p><section class="sc-gallery"[\s\S]*<\/section><p>After the gallery\.<\/p>/);
    expect(out).not.toContain('data-sharecraft-slot');
    // On a post without creations the marker just goes.
    const empty = transformPage(html, request('/blog/b/'), config).html;
    expect(count(empty, GALLERY)).toBe(0);
    expect(empty).not.toContain('data-sharecraft-slot');
  });

  it('on a page of its own, <Creations post> shows the named post’s gallery', () => {
    const html = `<!doctype html><html lang="en"><head></head><body><main><div data-sharecraft-slot="gallery" data-sharecraft-post="/blog/a/"></div></main></body></html>`;
    const out = transformPage(html, request('/made/'), config);
    expect(out.post).toBe(false);
    expect(count(out.html, GALLERY)).toBe(1);
    expect(count(out.html, STYLESHEET)).toBe(1);
    expect(out.html).toContain('Kettle in watercolour');
  });

  it('follows the page language, and is left out of the manifest and the content hash', () => {
    const arabic = transformPage(page(marker, 'ar'), request(), config).html;
    expect(arabic).toContain('ما صنعه القرّاء');
    const without = transformPage(page(marker), request('/blog/a/'), { ...config, gallery: {} }).html;
    const withGallery = transformPage(page(marker), request('/blog/a/'), config).html;
    expect(contentHash(withGallery)).toBe(contentHash(without));
    expect(readShippedPage(withGallery)?.ctas).toEqual(readShippedPage(without)?.ctas);
    // The credit and licence links are the reader's, not share controls.
    expect(readShippedPage(withGallery)?.ctas.some((cta) => JSON.stringify(cta).includes('ana.example'))).toBe(false);
  });
});
