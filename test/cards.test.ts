import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MANIFEST_PATH, type Manifest } from '@sharecraft/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture } from './helpers/build-fixture.js';

const FIXTURE = 'astro7-satteri-md';
/** The integration's own summary line, e.g. "5 share cards: 5 rendered, 0 reused from the cache, …". */
const SUMMARY = /(\d+) share cards?: (\d+) rendered, (\d+) reused from the cache, (\d+) stale removed, (\d+) failed/;

function summary(output: string) {
  const match = SUMMARY.exec(output);
  if (!match) throw new Error(`no share-card summary in the build output:\n${output}`);
  const [total, rendered, reused, removed, failed] = match.slice(1).map(Number);
  return { total, rendered, reused, removed, failed };
}

describe('share cards in a real Astro build', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sharecraft-cards-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('draws each card once: a second build of the unchanged site reuses them all, from a CI-style cache folder', async () => {
    const cacheDir = join(work, 'ci-cache');
    const first = await buildFixture(FIXTURE, {
      outDir: join(work, 'first'),
      options: { cards: { cacheDir, square: true } },
    });
    expect(first.exitCode, first.output).toBe(0);
    const cold = summary(first.output);
    // Four posts, two cards each (1200×630 and 1080×1080).
    expect(cold).toEqual({ total: 8, rendered: 8, reused: 0, removed: 0, failed: 0 });

    const second = await buildFixture(FIXTURE, {
      outDir: join(work, 'second'),
      options: { cards: { cacheDir, square: true } },
    });
    expect(second.exitCode, second.output).toBe(0);
    expect(summary(second.output)).toEqual({ total: 8, rendered: 0, reused: 8, removed: 0, failed: 0 });

    // The manifest lists each post's two cards, at URLs whose files the build wrote, and the same
    // content hashes as the first build: nothing a reader sees changed.
    const manifestOf = async (dir: string): Promise<Manifest> =>
      JSON.parse(await readFile(join(dir, MANIFEST_PATH), 'utf8'));
    const [before, after] = [await manifestOf(first.outDir), await manifestOf(second.outDir)];
    expect(after.pages).toHaveLength(4);
    for (const page of after.pages) {
      expect(
        page.cards.map((card) => [card.width, card.height]),
        page.path,
      ).toEqual([
        [1200, 630],
        [1080, 1080],
      ]);
      for (const card of page.cards) {
        expect(card.url.startsWith('https://fixture.example/_sharecraft/cards/'), card.url).toBe(true);
        expect(existsSync(join(second.outDir, new URL(card.url).pathname)), card.url).toBe(true);
      }
    }
    expect(after.pages.map((page) => page.contentHash)).toEqual(before.pages.map((page) => page.contentHash));

    // Dropping the square cards leaves their cache entries orphaned: the next build cleans them up.
    const third = await buildFixture(FIXTURE, { outDir: join(work, 'third'), options: { cards: { cacheDir } } });
    expect(summary(third.output)).toEqual({ total: 4, rendered: 0, reused: 4, removed: 4, failed: 0 });
  });

  it('warns about bad card input, naming the post, option or file, and still builds every card', async () => {
    const build = await buildFixture(FIXTURE, {
      outDir: join(work, 'bad'),
      options: {
        cards: {
          cacheDir: false,
          colors: { accent: 'copperish' },
          fonts: [{ path: 'package.json', family: 'Not a font' }],
        },
      },
    });
    expect(build.exitCode, build.output).toBe(0);
    const warnings = build.output.split('\n').filter((line) => line.includes('WARN'));
    const said = (pattern: RegExp) =>
      expect(
        warnings.some((line) => pattern.test(line)),
        String(pattern),
      ).toBe(true);
    said(/cards\.colors\.accent is "copperish"/);
    said(/cards\.fonts\[0\]: .*package\.json is not a font/);
    said(/\/blog\/untitled.*title|title.*\/blog\/untitled/);
    said(/\/blog\/second-post.*missing-cover\.png|missing-cover\.png.*\/blog\/second-post/);
    expect(summary(build.output).failed).toBe(0);
  });

  it('fails in strict mode on bad card input, once every card was tried', async () => {
    const build = await buildFixture(FIXTURE, {
      outDir: join(work, 'strict'),
      options: {
        strict: true,
        posts: { exclude: ['/blog/untitled'] },
        cards: { cacheDir: false, colors: { accent: 'copperish' } },
      },
    });
    expect(build.exitCode).not.toBe(0);
    expect(build.output).toMatch(/copperish/);
    expect(build.output).toMatch(/Hint:/);
  });
});
