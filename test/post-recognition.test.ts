import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVersionFixture, type FixtureBuild, readBuiltPage } from './helpers/build-fixture.js';

// Which pages are posts, whatever the site's URL style: a page is a post when it renders one entry
// and its URL is that entry's own page; a home page or listing that shows an entry inline is not.
const POSTS = [
  '/blog/first-post',
  '/blog/guides',
  '/blog/guides/tinning',
  '/blog/guides/soldering',
  '/notes/latest-note',
];
const NOT_POSTS = ['/', '/pinned'];

const STYLES = [
  { name: "trailingSlash: 'always'", env: { SHARECRAFT_TRAILING_SLASH: 'always' }, base: '', slash: '/' },
  { name: "trailingSlash: 'never'", env: { SHARECRAFT_TRAILING_SLASH: 'never' }, base: '', slash: '' },
  { name: "base: '/journal'", env: { SHARECRAFT_BASE: '/journal' }, base: '/journal', slash: '/' },
];

describe.each(STYLES)('post recognition with $name', (style) => {
  let work: string;
  let build: FixtureBuild;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sharecraft-recognition-'));
    build = await buildVersionFixture('astro-7.4', { outDir: join(work, 'site'), env: style.env });
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('builds', () => {
    expect(build.exitCode, build.output).toBe(0);
  });

  it('gives each post, nested ones included, one block whose URL follows the site’s style', async () => {
    for (const path of POSTS) {
      const root = parse(await readBuiltPage(build, path));
      const blocks = root.querySelectorAll('aside.sharecraft');
      expect(blocks, path).toHaveLength(1);
      expect(root.querySelector('main > article')?.lastElementChild, path).toBe(blocks[0]);
      expect(blocks[0]?.getAttribute('data-sc-url'), path).toBe(
        `https://fixture.example${style.base}${path}${style.slash}`,
      );
    }
  });

  it('leaves the home page with its inline note, and the listing with its pinned post, without a block', async () => {
    for (const path of NOT_POSTS) {
      const html = await readBuiltPage(build, path);
      expect(html, path).not.toContain('sharecraft');
    }
    expect(await readBuiltPage(build, '/')).toContain('A short note. The home page shows it in full');
    const inline = build.output.split('\n').find((line) => line.includes('that show a Markdown entry inline')) ?? '';
    expect(inline).toContain('/ (src/content/notes/latest-note.md)');
    expect(inline).toContain('/pinned (src/content/blog/second-post.md)');
  });

  it('makes the listing a post when `posts.include` names it', async () => {
    const included = await buildVersionFixture('astro-7.4', {
      outDir: join(work, 'included'),
      env: style.env,
      options: { posts: { include: ['/blog/*', '/pinned'] } },
    });
    expect(included.exitCode, included.output).toBe(0);
    const root = parse(await readBuiltPage(included, '/pinned'));
    expect(root.querySelectorAll('aside.sharecraft')).toHaveLength(1);
    expect(root.querySelector('aside.sharecraft')?.getAttribute('data-sc-title')).toBe('Second post');
    expect(await readBuiltPage(included, '/')).not.toContain('sharecraft');
  });
});

describe('an integration listed after Sharecraft that replaces the Markdown processor', () => {
  it('still gets every post its block: the marker plugin joins the processor the site ends with', async () => {
    const work = await mkdtemp(join(tmpdir(), 'sharecraft-late-processor-'));
    try {
      const build = await buildVersionFixture('astro-7.4', {
        outDir: join(work, 'site'),
        env: { SHARECRAFT_LATE_PROCESSOR: '1' },
      });
      expect(build.exitCode, build.output).toBe(0);
      // Notes match no `posts.include` pattern: only the Markdown marker can make them posts.
      for (const path of ['/notes/latest-note', '/blog/guides/tinning']) {
        const root = parse(await readBuiltPage(build, path));
        expect(root.querySelectorAll('aside.sharecraft'), path).toHaveLength(1);
      }
      expect(build.output).not.toContain('no Sharecraft marker came out');
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
