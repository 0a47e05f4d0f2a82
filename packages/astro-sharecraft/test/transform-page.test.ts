import { derivePageId } from '@sharecraft/protocol';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { findSlots } from '../src/page/slot-marker.js';
import { type PageConfig, sitePath, transformPage } from '../src/page/transform-page.js';

const patterns = (list: string[]) => list.map((glob) => ({ glob, re: picomatch.makeRe(glob) }));

const config: PageConfig = {
  rules: {
    markdown: true,
    matchEntryUrl: true,
    include: patterns(['/blog/*']),
    exclude: patterns(['**/tags/**', '/404']),
  },
  actions: ['x', 'email', 'copy'],
  utm: true,
  locale: undefined,
  strings: undefined,
  remixUrl: undefined,
  selectionSharing: true,
  site: 'https://blog.example',
  base: '/',
  assets: {
    share: '/_sharecraft/share.def.js',
    css: '/_sharecraft/share.ghi.css',
  },
  cards: { override: false },
};

/** The end-of-post marker of an entry whose file is `a.md` (or whose slug or title is “a”). */
const marker = (title = 'A title', entry = 'a') =>
  `<div data-sharecraft-slot="end" data-sharecraft-title="${title}" data-sharecraft-file="src/content/notes/${entry}.md" data-sharecraft-entry="${entry}"></div>`;
const page = (body: string) => `<!doctype html><html><head><title>T</title></head><body>${body}</body></html>`;
const blocks = (html: string) => html.match(/<aside class="sharecraft"/g)?.length ?? 0;

describe('transformPage', () => {
  it('replaces a Markdown marker with the block and adds the slice and scripts to <head>', () => {
    const result = transformPage(
      page(`<article><p>Body</p>${marker()}</article>`),
      { pathname: '/notes/a/', origin: 'http://localhost' },
      config,
    );
    expect(result.post).toBe(true);
    expect(result.html).toMatch(/<p>Body<\/p><aside class="sharecraft"[^>]*>.*<\/aside><\/article>/);
    const slice = JSON.parse(
      /<script type="application\/json" id="sharecraft-page">(.*?)<\/script>/.exec(result.html)?.[1] ?? '{}',
    );
    expect(slice.p).toBe(derivePageId('/notes/a'));
    // The endpoint is written into the script, once for the site, not into every page.
    expect(slice).toEqual({ v: 1, p: derivePageId('/notes/a') });
    expect(result.html).toContain(
      '<link rel="stylesheet" href="/_sharecraft/share.ghi.css"><script type="module" src="/_sharecraft/share.def.js"></script></head>',
    );
    expect(blocks(result.html)).toBe(1);
  });

  it('uses the site URL, not the request origin, in share links', () => {
    const result = transformPage(
      page(`<article>${marker()}</article>`),
      { pathname: '/notes/a/', origin: 'http://localhost:4321' },
      config,
    );
    expect(result.html).toContain('data-sc-url="https://blog.example/notes/a/"');
    expect(result.html).not.toContain('localhost');
  });

  it('falls back to the request origin when the site has no `site`', () => {
    const result = transformPage(
      page(`<article>${marker()}</article>`),
      { pathname: '/notes/a/', origin: 'http://localhost:4321' },
      {
        ...config,
        site: undefined,
      },
    );
    expect(result.html).toContain('data-sc-url="http://localhost:4321/notes/a/"');
  });

  it('places the block at the end of the outer <article> of a non-Markdown post', () => {
    const html = page('<main><article><h1>Hi</h1><article>related</article><p>end</p></article></main>');
    const result = transformPage(html, { pathname: '/blog/hi/', origin: 'http://x' }, config);
    expect(result.html).toMatch(/<p>end<\/p><aside class="sharecraft".*<\/aside><\/article><\/main>/);
  });

  it('falls back to the end of <main> when there is no <article>', () => {
    const result = transformPage(
      page('<main><h1>Hi</h1></main>'),
      { pathname: '/blog/hi/', origin: 'http://x' },
      config,
    );
    expect(result.html).toMatch(/<h1>Hi<\/h1><aside class="sharecraft".*<\/aside><\/main>/);
  });

  it('warns and leaves a post alone when there is nowhere to put the block', () => {
    const result = transformPage(page('<div>Hi</div>'), { pathname: '/blog/hi/', origin: 'http://x' }, config);
    expect(result.post).toBe(false);
    expect(result.warnings).toEqual([expect.stringContaining('/blog/hi is a post but has no <article> or <main>')]);
  });

  it.each([
    ['an excluded path', page(`<article>${marker()}</article>`), '/blog/tags/food/'],
    ['the 404', page(`<article>${marker()}</article>`), '/404'],
    [
      'a listing that renders several posts',
      page(`<article>${marker()}</article><article>${marker('B')}</article>`),
      '/',
    ],
    ['a post that opted out', page('<article><div data-sharecraft-slot="off"></div></article>'), '/blog/x/'],
    ['a page that is neither Markdown nor a post route', page('<main><h1>About</h1></main>'), '/about/'],
    ['a home page that shows one note inline', page(`<main><section>${marker('Note', 'a')}</section></main>`), '/'],
    ['a listing that pins one post inline', page(`<article>${marker('Pinned', 'hello')}</article>`), '/pinned/'],
  ])('leaves %s without a block and strips markers', (_name, html, path) => {
    const result = transformPage(html, { pathname: path, origin: 'http://x' }, config);
    expect(result.post).toBe(false);
    expect(blocks(result.html)).toBe(0);
    expect(result.html).not.toContain('data-sharecraft-slot');
  });

  it('says why a page that rendered Markdown got no block, naming the entry', () => {
    const at = (html: string, pathname: string, rules: Partial<PageConfig['rules']> = {}) =>
      transformPage(page(html), { pathname, origin: 'http://x' }, { ...config, rules: { ...config.rules, ...rules } });
    expect(at(`<main>${marker('Note', 'latest')}</main>`, '/').unplaced).toEqual({
      reason: 'inline',
      file: 'src/content/notes/latest.md',
    });
    expect(at(`<article>${marker()}</article>`, '/blog/tags/food/').unplaced).toEqual({
      reason: 'excluded',
      pattern: '**/tags/**',
    });
    expect(at(`${marker()}${marker('B', 'b')}`, '/feed/').unplaced).toEqual({ reason: 'listing', documents: 2 });
    expect(
      at('<article><div data-sharecraft-slot="off" data-sharecraft-file="src/x.md"></div></article>', '/x/').unplaced,
    ).toEqual({ reason: 'opted-out', file: 'src/x.md' });
    expect(at(`<article>${marker()}</article>`, '/notes/a/', { markdown: false }).unplaced).toEqual({
      reason: 'markdown-off',
    });
    // A page with no Markdown marker is not counted among them.
    const plain = at('<main><h1>About</h1></main>', '/about/');
    expect(plain.unplaced).toBeUndefined();
    expect(plain.markerless).toBe(true);
  });

  it('makes a page that shows one entry inline a post when `include` names it or `matchEntryUrl` is off', () => {
    const inline = page(`<article>${marker('Pinned', 'hello')}</article>`);
    const request = { pathname: '/pinned/', origin: 'http://x' };
    expect(transformPage(inline, request, config).post).toBe(false);
    const rules = { ...config.rules, include: patterns(['/pinned']) };
    expect(transformPage(inline, request, { ...config, rules }).post).toBe(true);
    const anyPage = { ...config.rules, matchEntryUrl: false };
    const result = transformPage(inline, request, { ...config, rules: anyPage });
    expect(result.post).toBe(true);
    expect(result.html).toContain('data-sc-title="Pinned"');
  });

  it('decodes the title whichever way the renderer escaped it', () => {
    const result = transformPage(
      page(
        `<article><div data-sharecraft-slot="end" data-sharecraft-title="Fish &#x26; &#x22;Chips&#x22;" data-sharecraft-entry="a"></div></article>`,
      ),
      { pathname: '/notes/a/', origin: 'http://x' },
      config,
    );
    expect(result.html).toContain('data-sc-title="Fish &amp; &quot;Chips&quot;"');
  });

  it('names the source file of an untitled Markdown post', () => {
    const html = page(
      '<article><div data-sharecraft-slot="end" data-sharecraft-title="" data-sharecraft-file="src/content/blog/u.md" data-sharecraft-entry="u"></div></article>',
    );
    const result = transformPage(html, { pathname: '/notes/u/', origin: 'http://x' }, config);
    expect(result.post).toBe(true);
    expect(result.warnings).toEqual([expect.stringContaining('src/content/blog/u.md has no `title`')]);
  });

  it('never lets a title close the slice script early', () => {
    const result = transformPage(
      page('<main><h1>&lt;/script&gt;&lt;script&gt;alert(1)</h1></main>'),
      { pathname: '/blog/x/', origin: 'http://x' },
      config,
    );
    const head = result.html.slice(0, result.html.indexOf('</head>'));
    expect(head.match(/<script/g)).toHaveLength(2);
  });
});

describe('markers', () => {
  it('are found whatever their values hold, and carry what the frontmatter says about the card', () => {
    const card = JSON.stringify({ description: 'Why 1 > 0', author: 'Ada' }).replace(/"/g, '&#x22;');
    const html = page(
      `<article><div data-sharecraft-slot="end" data-sharecraft-title="1 > 0, "really"" data-sharecraft-card="${card}" data-sharecraft-entry="a"></div></article>`,
    );
    const slots = findSlots(html);
    expect(slots).toHaveLength(1);
    expect(slots[0]?.card).toEqual({ description: 'Why 1 > 0', author: 'Ada' });
    const result = transformPage(html, { pathname: '/notes/a/', origin: 'http://x' }, config);
    expect(result.html).not.toContain('data-sharecraft-slot');
    expect(blocks(result.html)).toBe(1);
  });
});

describe('the block on pages in other languages', () => {
  const post = (lang: string) =>
    `<!doctype html><html lang="${lang}"><head></head><body><main><h1>Hi</h1></main></body></html>`;
  const asideOf = (html: string) => /<aside class="sharecraft"[^>]*>/.exec(html)?.[0] ?? '';

  it('follows the page language without repeating it', () => {
    const result = transformPage(post('ar'), { pathname: '/blog/x/', origin: 'http://x' }, config);
    expect(asideOf(result.html)).not.toContain(' lang=');
    expect(result.html).toContain('<p id="sc-end">شارك هذه التدوينة</p>');
  });

  it('marks the block’s language when it falls back to another one', () => {
    const result = transformPage(post('fa'), { pathname: '/blog/x/', origin: 'http://x' }, config);
    expect(asideOf(result.html)).toContain(' lang="en"');
  });

  it('treats a regional page language as its language', () => {
    const result = transformPage(post('en-GB'), { pathname: '/blog/x/', origin: 'http://x' }, config);
    expect(asideOf(result.html)).not.toContain(' lang=');
  });
});

describe('sitePath', () => {
  it('strips the base and canonicalises', () => {
    expect(sitePath('/docs/blog/post/', '/docs/')).toBe('/blog/post');
    expect(sitePath('/docs', '/docs/')).toBe('/');
    expect(sitePath('/documents/x/', '/docs/')).toBe('/documents/x');
  });
});
