import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { derivePageId, MANIFEST_PATH, PAGE_SLICE_ELEMENT_ID, parseManifest } from '@sharecraft/protocol';
import { type HTMLElement, parse } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, buildVersionFixture, type FixtureBuild, readBuiltPage } from './helpers/build-fixture.js';
import { pngSize } from './helpers/png.js';

interface FixtureCase {
  fixture: string;
  /** A fixture under `test/fixtures/versions`, built with the shared site. */
  version?: boolean;
  /** How the posts are rendered, for the test names. */
  pipeline: string;
  /** Post paths and their titles. */
  posts: Record<string, string>;
  /** Posts whose author placed the block mid-post and marked a shareable quote, and their titles. */
  placed: Record<string, string>;
  /** Pages that must not be touched. */
  untouched: string[];
  /** Post paths that opted out. */
  optedOut: string[];
  /** What the untitled-post warning must name. */
  untitledWarning: string;
}

/** The shared site of the version fixtures (test/fixtures/versions/_site): Markdown and MDX, nested folders. */
const SITE: Omit<FixtureCase, 'fixture' | 'pipeline'> = {
  version: true,
  posts: {
    '/blog/first-post': 'Fish & Chips: "the" #1 guide 🐟',
    '/blog/second-post': 'Second post',
    '/blog/untitled': '',
    // `guides/index.md`, and posts in its folder, one ending in footnotes, one (MDX) in a component.
    '/blog/guides': 'Guides',
    '/blog/guides/tinning': 'Tinning a pan',
    '/blog/guides/soldering': 'Soldering a spout',
    '/blog/page-post': 'A post that is a Markdown page',
    '/notes/latest-note': 'The shop is open on Saturday',
    '/notes/older-note': 'New tin arrived',
  },
  placed: { '/blog/placed': 'Placed by the author', '/blog/placed-mdx': 'Placed in MDX' },
  // The home page shows the latest note in full and /pinned a whole post: neither is a post.
  untouched: ['/', '/pinned', '/tags/food', '/tags/craft', '/404'],
  optedOut: ['/blog/opted-out'],
  untitledWarning: 'src/content/blog/untitled.md',
};

const MATRIX: FixtureCase[] = [
  { fixture: 'astro-6.0', pipeline: 'Astro 6.0, no markdown.processor: rehype plugins, and MDX', ...SITE },
  { fixture: 'astro-6.4', pipeline: 'Astro 6.4, default unified() processor, and MDX', ...SITE },
  { fixture: 'astro-7.0', pipeline: 'Astro 7.0, default Sätteri 0.9 (no document hooks), and MDX', ...SITE },
  { fixture: 'astro-7.0-unified', pipeline: 'Astro 7.0, unified() processor, and MDX', ...SITE },
  { fixture: 'astro-7.4', pipeline: 'Astro 7.4, default Sätteri 0.11, and MDX', ...SITE },
  { fixture: 'astro-7.4-unified', pipeline: 'Astro 7.4, unified() processor, and MDX', ...SITE },
  {
    fixture: 'astro7-astro-pages',
    pipeline: 'Astro 7, posts as .astro pages',
    posts: {
      '/blog/hello-astro': "Hello from an .astro post: <tags> & 'quotes'",
      '/blog/second': 'Second .astro post',
      '/blog/untitled': '',
    },
    placed: {},
    untouched: ['/', '/blog', '/tags/news', '/404'],
    optedOut: [],
    untitledWarning: 'src/pages/blog/untitled.astro',
  },
];

function shareBlocks(root: HTMLElement): HTMLElement[] {
  return root.querySelectorAll('aside.sharecraft');
}

describe.each(MATRIX)('$fixture ($pipeline)', (fixtureCase) => {
  let build: FixtureBuild;
  beforeAll(async () => {
    build = await (fixtureCase.version ? buildVersionFixture : buildFixture)(fixtureCase.fixture);
  });

  it('builds', () => {
    expect(build.exitCode, build.output).toBe(0);
  });

  it('puts exactly one share block at the end of each post’s content', async () => {
    for (const path of Object.keys(fixtureCase.posts)) {
      const root = parse(await readBuiltPage(build, path));
      const blocks = shareBlocks(root);
      expect(blocks, path).toHaveLength(1);
      const block = blocks[0] as HTMLElement;
      // The block closes the post: it is the last element of the post's own <article>.
      const article = root.querySelector('main > article');
      expect(article?.lastElementChild, path).toBe(block);
      // No marker is left behind.
      expect(root.querySelector('[data-sharecraft-slot]'), path).toBeNull();
    }
  });

  it('links to a network with a real href and offers copy-link', async () => {
    for (const [path, title] of Object.entries(fixtureCase.posts)) {
      const root = parse(await readBuiltPage(build, path));
      const postUrl = `https://fixture.example${path}/`;
      const x = root.querySelector('a[data-sc="x"]');
      const href = new URL(x?.getAttribute('href') ?? 'about:blank');
      expect(`${href.origin}${href.pathname}`).toBe('https://x.com/intent/tweet');
      expect(href.searchParams.get('url')).toBe(`${postUrl}?utm_source=x&utm_medium=social`);
      expect(href.searchParams.get('text') ?? '').toBe(title);
      const block = root.querySelector('aside.sharecraft');
      expect(block?.getAttribute('data-sc-url')).toBe(postUrl);
      expect(block?.querySelector('button[data-sc="copy"]')).not.toBeNull();
    }
  });

  // Only fixtures whose posts are Markdown or MDX have author-placed posts: `::share` in .md, `<ShareBar />` in MDX.
  for (const placed of Object.keys(fixtureCase.placed))
    it(`puts the block where the author placed it in ${placed}, once, and shares the marked quote`, async () => {
      const root = parse(await readBuiltPage(build, placed));
      const article = root.querySelector('main > article') as HTMLElement;
      const children = article.childNodes.filter(
        (node) => node instanceof Object && 'tagName' in node,
      ) as HTMLElement[];
      const tags = children.map(
        (child) =>
          (child.classNames.includes('sharecraft') ? child.getAttribute('data-sc-at') : undefined) ??
          child.tagName.toLowerCase(),
      );
      // Opening paragraph, the block, the quote and its share row, the closing paragraph: nothing at the end.
      expect(tags.indexOf('end')).toBeGreaterThan(tags.indexOf('p'));
      expect(shareBlocks(root)).toHaveLength(1);
      expect(children.at(-1)?.text).toContain('The closing paragraph');
      expect(root.text).not.toContain('::share');
      expect(root.text).not.toContain('[!share]');

      const quote = root.querySelector('blockquote[data-sharecraft-quote]');
      expect(quote?.text.trim()).toBe('Copper forgives you if you let it rest.');
      const x = root.querySelector('.sc-row a[data-sc="x"]');
      const intent = new URL(x?.getAttribute('href') ?? 'about:blank');
      expect(intent.searchParams.get('text')).toBe('“Copper forgives you if you let it rest.”');
      const shared = new URL(intent.searchParams.get('url') ?? '');
      expect(`${shared.origin}${shared.pathname}`).toBe(`https://fixture.example${placed}/`);
      expect(shared.hash).toBe('#:~:text=Copper%20forgives%20you%20if%20you%20let%20it%20rest.');
    });

  it('leaves the index, listing pages and the 404 untouched', async () => {
    for (const path of fixtureCase.untouched) {
      const html = await readBuiltPage(build, path);
      expect(html, path).not.toMatch(/sharecraft/);
    }
  });

  it('honours a frontmatter opt-out', async () => {
    for (const path of fixtureCase.optedOut) {
      const html = await readBuiltPage(build, path);
      expect(html, path).not.toMatch(/sharecraft/);
    }
  });

  it('emits a manifest with a stable id for each post, matching each page’s slice', async () => {
    const manifest = parseManifest(JSON.parse(await readFile(join(build.outDir, MANIFEST_PATH), 'utf8')));
    if (!manifest.ok) throw new Error(manifest.reason);
    const pages = manifest.value.pages;
    const expected = [...Object.keys(fixtureCase.posts), ...Object.keys(fixtureCase.placed)];
    expect(pages.map((page) => page.path).sort()).toEqual(expected.sort());
    for (const page of pages) {
      expect(page.id).toBe(derivePageId(page.path));
      expect(page.title).toBe(fixtureCase.posts[page.path] ?? fixtureCase.placed[page.path]);
      const root = parse(await readBuiltPage(build, page.path));
      const slice = JSON.parse(root.querySelector(`head script#${PAGE_SLICE_ELEMENT_ID}`)?.text ?? '{}');
      expect(slice.p).toBe(page.id);
      expect(Object.keys(slice).sort()).toEqual(['p', 'v']);
      // Each control's id is its container's placement and its action, exactly as the page shows it;
      // the selection popover (built by the script) offers the block's first three networks (of the
      // defaults, X and LinkedIn: native and copy are not links).
      const shown = root
        .querySelectorAll('[data-sc]')
        .map(
          (control) =>
            `${control.closest('[data-sc-at]')?.getAttribute('data-sc-at')}.${control.getAttribute('data-sc')}`,
        );
      const ids = page.ctas.map((cta) => cta.id);
      expect(ids.filter((id) => !id.startsWith('selection.'))).toEqual(shown);
      expect(ids.filter((id) => id.startsWith('selection.'))).toEqual(['selection.x', 'selection.linkedin']);
    }
  });

  it('gives every post a share card behind its meta tags, and keeps an image the page brings', async () => {
    for (const path of Object.keys(fixtureCase.posts)) {
      const root = parse(await readBuiltPage(build, path));
      const meta = (key: string) =>
        root.querySelector(`head meta[property="${key}"], head meta[name="${key}"]`)?.getAttribute('content');
      expect(meta('twitter:card'), path).toBe('summary_large_image');
      expect(meta('og:url'), path).toBe(`https://fixture.example${path}/`);
      const image = new URL(meta('og:image') ?? '', 'https://fixture.example/');
      const file = join(build.outDir, decodeURIComponent(image.pathname));
      if (path === '/blog/untitled' && fixtureCase.fixture === 'astro7-astro-pages') {
        // This page brings its own og:image, of a file the site lacks: kept, with a warning.
        expect(image.pathname, path).toBe('/missing-hero.png');
        expect(build.output).toContain(
          'The post /blog/untitled declares og:image /missing-hero.png, which is not in the built site',
        );
        continue;
      }
      expect(existsSync(file), `${path}: ${image.href}`).toBe(true);
      if (image.pathname === '/hello-hero.png') continue;
      expect(image.pathname, path).toBe(`/_sharecraft/cards/${derivePageId(path)}.png`);
      expect(pngSize(await readFile(file)), path).toEqual({ width: 1200, height: 630 });
      expect([meta('og:image:width'), meta('og:image:height'), meta('og:image:type')], path).toEqual([
        '1200',
        '630',
        'image/png',
      ]);
    }
    expect(build.output).toMatch(/\d+ share cards: \d+ rendered, \d+ reused from the cache/);
  });

  if (fixtureCase.version)
    it('says which pages rendered Markdown but got no block, and why', () => {
      const line = (text: string) => build.output.split('\n').find((candidate) => candidate.includes(text)) ?? '';
      const inline = line('that show a Markdown entry inline');
      expect(inline).toContain('No share block on 2 pages');
      expect(inline).toContain('/ (src/content/notes/latest-note.md)');
      expect(inline).toContain('/pinned (src/content/blog/second-post.md)');
      expect(inline).toContain('`posts.matchEntryUrl: false`');
      expect(line('whose post opted out')).toContain('/blog/opted-out');
      expect(build.output).not.toContain('no Sharecraft marker came out');
    });

  it('builds a post with no title and names its file in a warning', () => {
    const warning = build.output.split('\n').find((line) => line.includes('WARN') && line.includes('title'));
    expect(warning).toContain(fixtureCase.untitledWarning);
  });
});
