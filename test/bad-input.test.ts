import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, buildVersionFixture, readBuiltPage } from './helpers/build-fixture.js';

const FIXTURE = 'astro7-satteri-md';

describe('bad input in a real Astro build', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sharecraft-bad-input-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('fails on an unknown option, naming it, with a hint', async () => {
    const build = await buildFixture(FIXTURE, { outDir: join(work, 'unknown'), options: { netwroks: ['x'] } });
    expect(build.exitCode).not.toBe(0);
    expect(build.output).toContain('Unknown option `netwroks`');
    expect(build.output).toMatch(/Hint:[\s\S]*README/);
  });

  it('fails on an option of the wrong type, naming the option and the expected type', async () => {
    const build = await buildFixture(FIXTURE, { outDir: join(work, 'type'), options: { posts: { markdown: 'yes' } } });
    expect(build.exitCode).not.toBe(0);
    expect(build.output).toContain('Option `posts.markdown` must be a boolean; got "yes"');
  });

  it('fails on an untitled post in strict mode, naming its file', async () => {
    const build = await buildFixture(FIXTURE, { outDir: join(work, 'strict'), options: { strict: true } });
    expect(build.exitCode).not.toBe(0);
    expect(build.output).toContain('src/content/blog/untitled.md has no `title`');
  });

  it('refuses an Astro older than 6, naming the version and how to update', async () => {
    const build = await buildVersionFixture('astro-5', { outDir: join(work, 'astro-5') });
    expect(build.exitCode).not.toBe(0);
    expect(build.output).toContain('Sharecraft needs Astro 6 or 7; this site has Astro 5.9.4.');
    expect(build.output).toMatch(/Hint:[\s\S]*npx @astrojs\/upgrade/);
  });

  it('refuses a Sätteri too old to mark posts, naming its version and the fix', async () => {
    const build = await buildVersionFixture('astro-6.4', {
      outDir: join(work, 'old-satteri'),
      env: { SHARECRAFT_PROCESSOR: 'satteri' },
    });
    expect(build.exitCode).not.toBe(0);
    expect(build.output).toMatch(
      /cannot mark posts rendered by Sätteri 0\.8\.\d+ \(@astrojs\/markdown-satteri 0\.3\.0\) on Astro 6\.4\.8/,
    );
    expect(build.output).toContain('Use Astro 6’s default processor (remove `markdown.processor: satteri()`');
  });

  it('names a Markdown processor it does not know, still places blocks by URL, and names the pages it could not mark', async () => {
    const build = await buildVersionFixture('astro-7.4', {
      outDir: join(work, 'house-markdown'),
      env: { SHARECRAFT_PROCESSOR: 'house' },
    });
    expect(build.exitCode, build.output).toBe(0);
    expect(build.output).toContain('Sharecraft does not know a Markdown processor named "house-markdown"');
    expect(build.output).toContain('<ShareBar />');
    // /blog/* matches `posts.include`, so those posts still get a block; the notes do not.
    const post = await readBuiltPage(build, '/blog/first-post');
    expect(post.match(/<aside class="sharecraft"/g)).toHaveLength(1);
    expect(await readBuiltPage(build, '/notes/latest-note')).not.toContain('<aside class="sharecraft"');
    const warning = build.output.split('\n').find((line) => line.includes('no Sharecraft marker came out')) ?? '';
    expect(warning).toContain('a Markdown processor named "house-markdown"');
    expect(warning).toContain('src/pages/notes/[...slug].astro');
    expect(warning).toMatch(/\d+ of them got a share block from `posts.include` anyway/);
    expect(warning).toContain('Sharecraft adds its plugin only to processors it knows');
  });

  it('warns, naming the pages, when a site without `site` renders pages on demand', async () => {
    const build = await buildFixture('astro7-node-mount', {
      outDir: join(work, 'no-site'),
      env: { SHARECRAFT_NO_SITE: '1' },
    });
    expect(build.exitCode, build.output).toBe(0);
    const warning = build.output
      .split('\n')
      .find((line) => line.includes('render on demand') || line.includes('renders on demand'));
    expect(warning).toContain('/live');
    expect(warning).toContain('Set `site: "https://your-blog.example"`');
  });
});
