/**
 * "What readers made" in a real site: creations stored through the real store, approved and
 * exported with the real CLI (`sharecraft creations export --approved --out … --images …`), then a
 * real `astro build` of a fixture that reads them from that file (`creations.source: { file }`).
 * The gallery lands under the share block, where `<Creations />` is, in Arabic, on a page of its
 * own, and nowhere on a post without creations; its stylesheet ships and loads only where it shows.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { derivePageId, MANIFEST_PATH } from '@sharecraft/protocol';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, type FixtureBuild } from './helpers/build-fixture.js';
import { newCreation as creation, exportApproved } from './helpers/creations-export.js';
import { solidPng } from './helpers/png.js';

const red = solidPng(48, 32, [200, 40, 40]);
const drawing = creation('/blog/lighthouse/', {
  title: 'Lighthouse <in> "red" ink',
  text: 'Two nights of work.\nOne lamp.',
  credit: 'Ada <script>alert(1)</script>',
  links: ['javascript:alert(1)', 'https://art.example/ada'],
  image: { type: 'image/png', width: 48, height: 32, alt: 'A red lighthouse on a rock', bytes: red },
});
const poem = creation('/blog/lighthouse/', { title: 'A poem for the keeper', credit: 'Basil', licence: 'site-only' });
const tide = creation('/blog/tide/', { title: 'Tide table, printed', credit: 'Cleo', licence: null });
const dallah = creation('/blog/dallah/', { title: 'دلّة جدّي', credit: 'ليلى' });
const waiting = creation('/blog/quiet/', { title: 'Still in the queue' });
const letter = creation('/blog/quiet/', {
  kind: 'letter',
  status: 'unread',
  title: 'Private thanks',
  consent: false,
  licence: null,
});

let work: string;
let build: FixtureBuild;
const html = (path: string) => readFile(join(build.outDir, path, 'index.html'), 'utf8');

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sharecraft-gallery-'));
  const { file, images } = await exportApproved(
    work,
    [drawing, poem, tide, dallah, waiting, letter],
    [drawing, poem, tide, dallah],
  );
  build = await buildFixture('astro7-gallery', {
    outDir: join(work, 'site'),
    options: { creations: { source: { file, images } } },
  });
  expect(build.exitCode, build.output).toBe(0);
}, 240_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** The page's gallery stylesheet, checked to be a file of the build. */
function galleryStylesheets(page: string): string[] {
  return [...page.matchAll(/<link rel="stylesheet" href="(\/_sharecraft\/gallery\.[\w-]+\.css)">/g)].map(
    (match) => match[1] as string,
  );
}

describe('the gallery in a built site', () => {
  it('shows a post’s approved creations under its share block, escaped, linked only to the reader’s http(s) link', async () => {
    const page = await html('blog/lighthouse');
    // Under the block and the creation form (on with a source of creations), at the end of the post.
    expect(page).toMatch(
      /<\/aside><details class="sc-create"[\s\S]*?<p id="sc-thanks"[^>]*>[^<]*<\/p><section class="sc-gallery"[\s\S]*?<\/section><\/article>/,
    );
    const root = parse(page);
    const gallery = root.querySelectorAll('section.sc-gallery');
    expect(gallery).toHaveLength(1);
    const section = gallery[0];
    expect(section?.querySelector('h2')?.text).toBe('What readers made');
    const cards = section?.querySelectorAll('li') ?? [];
    // Newest first, as the data gives them.
    expect(cards.map((card) => card.querySelector('h3')?.text)).toEqual([
      'A poem for the keeper',
      'Lighthouse <in> "red" ink',
    ]);
    const drawn = cards[1];
    const credit = drawn?.querySelector('a');
    expect(credit?.getAttribute('href')).toBe('https://art.example/ada');
    expect(credit?.getAttribute('rel')).toBe('ugc nofollow noopener');
    expect(credit?.text).toBe('Ada <script>alert(1)</script>');
    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toContain('javascript:');
    const img = drawn?.querySelector('img');
    expect(img?.getAttribute('alt')).toBe('A red lighthouse on a rock');
    expect(img?.getAttribute('width')).toBe('48');
    expect(img?.getAttribute('loading')).toBe('lazy');
    // The image is a file of the build: no reader's browser asks the collector for it.
    const src = img?.getAttribute('src') ?? '';
    expect(src.startsWith('/_sharecraft/')).toBe(true);
    expect(new Uint8Array(await readFile(join(build.outDir, src)))).toEqual(red);
    expect(drawn?.querySelector('time')?.getAttribute('datetime')).toBe(new Date(drawing.createdAt).toISOString());
    expect(drawn?.querySelector('.sc-g-text')?.innerHTML).toBe('Two nights of work.<br>One lamp.');
    expect(cards[0]?.text).toContain('Licence: Only on this site');
    // Its stylesheet: loaded once, shipped with the build.
    const sheets = galleryStylesheets(page);
    expect(sheets).toHaveLength(1);
    expect(existsSync(join(build.outDir, sheets[0] as string))).toBe(true);
  });

  it('puts the gallery where <Creations /> is, once', async () => {
    const page = await html('blog/tide');
    expect(page.match(/<section class="sc-gallery"/g)).toHaveLength(1);
    expect(page).toMatch(
      /<p>What the tide tables leave out\.<\/p>\s*<section class="sc-gallery"[\s\S]*?Tide table, printed[\s\S]*?<\/section>\s*<p>The last paragraph/,
    );
    expect(page).not.toContain('data-sharecraft-slot');
    expect(galleryStylesheets(page)).toHaveLength(1);
  });

  it('speaks the post’s language', async () => {
    const page = await html('blog/dallah');
    expect(parse(page).querySelector('section.sc-gallery h2')?.text).toBe('ما صنعه القرّاء');
    expect(page).toContain('دلّة جدّي');
  });

  it('adds nothing, stylesheet included, to a post without approved creations; never a letter', async () => {
    const page = await html('blog/quiet');
    expect(page).toContain('<aside class="sharecraft"');
    expect(page).not.toContain('sc-gallery');
    expect(galleryStylesheets(page)).toEqual([]);
    for (const path of ['blog/quiet', 'blog/lighthouse', 'blog/tide', 'made']) {
      const shipped = await html(path);
      expect(shipped).not.toContain('Private thanks');
      expect(shipped).not.toContain('Still in the queue');
      expect(shipped).not.toContain('@mail.example');
    }
  });

  it('shows the named post’s creations on a page of its own', async () => {
    const page = await html('made');
    expect(page).not.toContain('<aside class="sharecraft"');
    expect(
      parse(page)
        .querySelectorAll('section.sc-gallery li')
        .map((li) => li.querySelector('h3')?.text),
    ).toEqual(['A poem for the keeper', 'Lighthouse <in> "red" ink']);
    expect(galleryStylesheets(page)).toHaveLength(1);
  });

  it('lists no gallery link in the manifest', async () => {
    const manifest = await readFile(join(build.outDir, MANIFEST_PATH), 'utf8');
    expect(manifest).toContain(derivePageId('/blog/lighthouse/'));
    expect(manifest).not.toContain('art.example');
    expect(manifest).not.toContain('creativecommons');
  });
});
