import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture } from './helpers/build-fixture.js';

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
});
