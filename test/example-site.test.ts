import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { creationRecordSchema, derivePageId, MANIFEST_PATH, parseManifest } from '@sharecraft/protocol';
import { parse } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { weighPost } from './helpers/budget.js';
import { buildSite, type FixtureBuild, REPO_ROOT, readBuiltPage } from './helpers/build-fixture.js';

const SITE = join(REPO_ROOT, 'example-site');

/** The most the block's HTML, CSS and JS, with the beacon, may add to a post: 3 KB, gzip -9. */
const BUDGET = 3 * 1024;
/** The most a post may gain with the creation form on, all told (the anti-spam widget waits for a reader's first input). */
const BUDGET_WITH_FORM = 4 * 1024;

/** Weighs every post of a build; prints the table, so a post over budget shows where its bytes went. */
async function weighPosts(build: FixtureBuild, posts: Post[], budget: number): Promise<Map<string, number>> {
  const rows: string[] = [];
  const weights = new Map<string, number>();
  for (const post of posts) {
    const weight = await weighPost(await readBuiltPage(build, post.path), build.outDir);
    rows.push(
      `${post.path.padEnd(48)} ${[weight.html, weight.css, weight.js, weight.total, weight.meta, weight.gallery].map((n) => String(n).padStart(6)).join(' ')}`,
    );
    weights.set(post.path, weight.total);
  }
  console.log(
    `Bytes Sharecraft adds to each post (gzip -9; budget ${budget}):\n${'post'.padEnd(48)}${['html', 'css', 'js', 'total', 'card tags', 'gallery'].map((n) => n.padStart(6)).join(' ')}\n${rows.join('\n')}`,
  );
  return weights;
}

interface Post {
  path: string;
  title: string;
  lang: string;
  dir: string;
}

describe('the example site', () => {
  let build: FixtureBuild;
  let posts: Post[];

  beforeAll(async () => {
    build = await buildSite(SITE, { endpoint: 'http://127.0.0.1:4322/api/events' });
    if (build.exitCode !== 0) throw new Error(`example-site build failed:\n${build.output}`);
    const slugs = await readdir(join(build.outDir, 'blog'));
    posts = await Promise.all(
      slugs.map(async (slug) => {
        const root = parse(await readBuiltPage(build, `/blog/${slug}`));
        const html = root.querySelector('html');
        return {
          path: `/blog/${slug}`,
          title: root.querySelector('article h1')?.text.trim() ?? '',
          lang: html?.getAttribute('lang') ?? '',
          dir: html?.getAttribute('dir') ?? 'ltr',
        };
      }),
    );
  });

  it('publishes at least 12 posts, mixing .md and .mdx, and no draft', async () => {
    expect(posts.length).toBeGreaterThanOrEqual(12);
    const sources = await readdir(join(SITE, 'src/content/blog'));
    expect(sources.filter((file) => file.endsWith('.mdx')).length).toBeGreaterThanOrEqual(1);
    expect(sources.filter((file) => file.endsWith('.md')).length).toBeGreaterThanOrEqual(1);
    const drafts: string[] = [];
    for (const file of sources) {
      if (/^draft:\s*true/m.test(await readFile(join(SITE, 'src/content/blog', file), 'utf8'))) drafts.push(file);
    }
    expect(drafts).toHaveLength(1);
    const draftSlug = (drafts[0] as string).replace(/\.mdx?$/, '');
    expect(posts.map((post) => post.path)).not.toContain(`/blog/${draftSlug}`);
    expect(await readBuiltPage(build, '/')).not.toContain(draftSlug);
  });

  it('has the awkward posts a real blog has', () => {
    expect(posts.some((post) => [...post.title].length >= 150)).toBe(true);
    expect(posts.some((post) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(post.title))).toBe(true);
    expect(posts.some((post) => post.dir === 'rtl' && /[\u0590-\u06ff]/.test(post.title))).toBe(true);
    expect(posts.some((post) => /\p{Extended_Pictographic}/u.test(post.title))).toBe(true);
  });

  it('puts one share block on every post and lists every post in the manifest', async () => {
    const manifest = parseManifest(JSON.parse(await readFile(join(build.outDir, MANIFEST_PATH), 'utf8')));
    if (!manifest.ok) throw new Error(manifest.reason);
    expect(manifest.value.pages.map((page) => page.path).sort()).toEqual(posts.map((post) => post.path).sort());
    for (const post of posts) {
      const html = await readBuiltPage(build, post.path);
      expect(html.match(/<aside class="sharecraft"/g), post.path).toHaveLength(1);
      const page = manifest.value.pages.find((entry) => entry.path === post.path);
      expect(page?.title, post.path).toBe(post.title);
    }
  });

  it('loads nothing from third parties on its pages', async () => {
    for (const path of ['/', ...posts.map((post) => post.path)]) {
      const root = parse(await readBuiltPage(build, path));
      const loaded = [
        ...root.querySelectorAll('script[src]').map((element) => element.getAttribute('src')),
        ...root
          .querySelectorAll('link[href]')
          // Links a browser never fetches: the canonical URL, and where other sites send webmentions.
          .filter((l) => !['canonical', 'webmention'].includes(l.getAttribute('rel') ?? ''))
          .map((l) => l.getAttribute('href')),
        ...root.querySelectorAll('img[src]').map((element) => element.getAttribute('src')),
      ];
      for (const url of loaded) expect(url, `${path} loads ${url}`).toMatch(/^\/(?!\/)/);
    }
  });

  it('puts the creation form under the block of every post, and on no other page but the one made for it', async () => {
    const manifest = parseManifest(JSON.parse(await readFile(join(build.outDir, MANIFEST_PATH), 'utf8')));
    if (!manifest.ok) throw new Error(manifest.reason);
    for (const post of posts) {
      const root = parse(await readBuiltPage(build, post.path));
      const forms = root.querySelectorAll('details.sc-create');
      expect(forms, post.path).toHaveLength(1);
      expect(root.querySelector('aside.sharecraft')?.nextElementSibling, post.path).toBe(forms[0]);
      expect(root.querySelector('form#sc-c')?.getAttribute('action'), post.path).toBe(
        'http://127.0.0.1:4322/api/creations',
      );
      expect(root.querySelectorAll('form#sc-c label').length, post.path).toBeGreaterThanOrEqual(9);
      const page = manifest.value.pages.find((entry) => entry.path === post.path);
      expect(page?.forms, post.path).toEqual([{ id: 'end', placement: 'end' }]);
      expect(
        page?.ctas.some((cta) => cta.id === 'end.remix'),
        post.path,
      ).toBe(true);
    }
    for (const path of ['/', '/about', '/tags/copper']) {
      expect(await readBuiltPage(build, path), path).not.toContain('sc-create');
    }
    // The owner's page for creations: <CreationForm />, open, answering the care guide.
    const own = parse(await readBuiltPage(build, '/show-us'));
    expect(own.querySelector('details.sc-create')?.getAttribute('open')).toBe('');
    expect(own.querySelector('input[name="sc-post"]')?.getAttribute('value')).toBe(
      'https://kettlewren.example/blog/copper-kettle-care-guide/',
    );
    expect(own.querySelector('aside.sharecraft')).toBeNull();
  });

  it('ships approved sample creations, each with an image and its alt text, for at least two posts', async () => {
    const records = (JSON.parse(await readFile(join(SITE, 'creations.json'), 'utf8')) as unknown[]).map((entry) =>
      creationRecordSchema.parse(entry),
    );
    expect(records.length).toBeGreaterThanOrEqual(4);
    const built = new Set(posts.map((post) => derivePageId(post.path)));
    const shown = new Set(records.map((record) => record.pageId));
    expect(shown.size).toBeGreaterThanOrEqual(2);
    for (const record of records) {
      // As `sharecraft creations export --approved` writes them: approved creations, no email.
      expect(record).toMatchObject({ status: 'approved', kind: 'creation', consent: true });
      expect(record.email).toBeUndefined();
      expect(built.has(record.pageId), `${record.postUrl} is one of the site's posts`).toBe(true);
      expect(derivePageId(record.postUrl)).toBe(record.pageId);
      expect(record.image?.alt.trim().length, `alt text of ${record.id}`).toBeGreaterThan(20);
    }
    // Each image is copied into the build, under a name of its own.
    const images = await readdir(join(build.outDir, '_sharecraft', 'creations'));
    expect(images).toHaveLength(records.length);
    expect(build.output).toContain(`${records.length} approved creations for ${shown.size} posts from creations.json`);
  });

  it(`adds at most ${BUDGET_WITH_FORM} bytes (gzip -9) to every post with the creation form, beacon included`, async () => {
    const weights = await weighPosts(build, posts, BUDGET_WITH_FORM);
    for (const [path, total] of weights) expect(total, path).toBeLessThanOrEqual(BUDGET_WITH_FORM);
    // The measurement is real: the form is in it.
    expect(Math.min(...weights.values())).toBeGreaterThan(BUDGET);
  });
});

describe('the example site with creations off', () => {
  it(`adds at most ${BUDGET} bytes (gzip -9) to every post, beacon included`, async () => {
    const build = await buildSite(SITE, {
      endpoint: 'http://127.0.0.1:4322/api/events',
      env: { SHARECRAFT_CREATIONS: 'off' },
    });
    if (build.exitCode !== 0) throw new Error(`example-site build failed:\n${build.output}`);
    const slugs = await readdir(join(build.outDir, 'blog'));
    const posts = slugs.map((slug) => ({ path: `/blog/${slug}`, title: '', lang: '', dir: '' }));
    for (const post of posts) expect(await readBuiltPage(build, post.path), post.path).not.toContain('sc-create');
    const weights = await weighPosts(build, posts, BUDGET);
    for (const [path, total] of weights) expect(total, path).toBeLessThanOrEqual(BUDGET);
    // The measurement is real: a post carries a block, a stylesheet and a script of some weight.
    expect(Math.max(...weights.values())).toBeGreaterThan(1500);
  });
});
