import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImageStore } from '../src/assets/image-store.js';
import { toSfnt } from '../src/fonts/sfnt.js';
import { h } from '../src/index.js';
import { MessageLog } from '../src/messages.js';
import { resolveConfig } from '../src/options/resolve-options.js';
import { cardData, preparePost } from '../src/post/prepare-post.js';
import { Draw } from '../src/render/draw.js';
import type { CardChild, CardElement } from '../src/template/markup.js';
import type { CardPost, CardsOptions, CardTemplate } from '../src/types.js';
import { decodePng, inkBox, type Pixels, tempDir } from './helpers.js';

const BRAND: CardsOptions = {
  brand: { name: 'Northwind Journal' },
  colors: { background: '#0f172a', accent: '#38bdf8' },
};

/** Two drawers with the same setup: one stamps text from the glyph cache, the other draws satori's paths. */
async function drawers(options: CardsOptions = BRAND, template?: CardTemplate) {
  const log = new MessageLog(false);
  const config = await resolveConfig(options, log);
  const cache = await Draw.create(config.draw, template);
  const paths = await Draw.create(config.draw, template, false);
  const images = new ImageStore();
  const card = async (post: CardPost) => cardData(await preparePost(post, config, images, log), 'og');
  return { cache, paths, card };
}

function meanDifference(a: Pixels, b: Pixels): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) if (i % 4 !== 3) sum += Math.abs((a.data[i] ?? 0) - (b.data[i] ?? 0));
  return sum / ((a.data.length / 4) * 3);
}

/** Light text on the dark default card: the title, the brand name and the author are near white. */
const light = (r: number, g: number, b: number) => r > 200 && g > 200 && b > 200;

/** A white card in the card's font holding `children`, in a row unless `direction` says otherwise. */
function whitePage(
  c: { fontFamily: string },
  first: CardChild,
  second?: CardChild,
  direction: 'row' | 'column' = 'row',
): CardElement {
  const style = {
    display: 'flex',
    flexDirection: direction,
    width: '100%',
    height: '100%',
    backgroundColor: '#ffffff',
    fontFamily: c.fontFamily,
  };
  return h('div', { style }, first, ...(second === undefined ? [] : [second]));
}

const POSTS: CardPost[] = [
  { id: 'a', title: 'A field guide to bread for small teams (part 3)', description: 'Issue 3: flour, water & time.' },
  {
    id: 'b',
    title: 'What nobody tells you about “denim” — and the numbers behind it: 1,234 pairs, 98% cotton',
    description: 'Quotes, dashes and digits: “curly”, ‘single’, 3–4, 5×6, “a < b > c”.',
    author: 'Grace Hopper',
    date: '2024-05-01',
    readingTime: 7,
  },
  { id: 'c', title: 'The quiet économics of naïve cafés, à la crème brûlée', description: 'Accents from Latin-1.' },
  {
    id: 'd',
    title: 'x'.repeat(40).replace(/x/g, 'Long title words ').trim(),
    description: 'Clamped with an ellipsis.',
  },
];

describe('text drawn from the glyph cache', { timeout: 60_000 }, () => {
  it('draws text cards as satori’s glyph paths would: same size, same place, pixels within rounding', async () => {
    const { cache, paths, card } = await drawers();
    for (const post of POSTS) {
      const data = await card(post);
      const fast = await cache.png(data);
      const slow = await paths.png(data);
      const a = decodePng(fast.png);
      const b = decodePng(slow.png);
      expect([a.width, a.height]).toEqual([1200, 630]);
      expect([a.width, a.height]).toEqual([b.width, b.height]);
      // Glyphs land on quarter pixels instead of tenths: edges shift by a fraction of a pixel, no more.
      expect(meanDifference(a, b), post.id).toBeLessThan(1.5);
      const inkA = inkBox(a, light);
      const inkB = inkBox(b, light);
      expect(inkA.box, post.id).not.toBeNull();
      for (const side of ['left', 'top', 'right', 'bottom'] as const) {
        expect(Math.abs((inkA.box?.[side] ?? 0) - (inkB.box?.[side] ?? 0)), `${post.id} ${side}`).toBeLessThanOrEqual(
          1,
        );
      }
      expect(Math.abs(inkA.count - inkB.count) / inkB.count, post.id).toBeLessThan(0.03);
      expect(fast.messages.map((m) => m.code)).toEqual(slow.messages.map((m) => m.code));
    }
    expect(cache.drawnWith).toEqual({ glyphCache: POSTS.length, paths: 0 });
    expect(paths.drawnWith).toEqual({ glyphCache: 0, paths: POSTS.length });
  });

  it('gives a card the same bytes whatever the thread drew before it, each a PNG that decodes', async () => {
    const { cache: busy, card } = await drawers();
    const cards = await Promise.all(POSTS.map(card));
    // The busy thread draws every card twice: by the second round its background's bands are kept
    // compressed and only the text's bands are compressed again, with the checksum worked out from the changes.
    for (const data of [...cards, ...cards]) await busy.png(data);
    for (const data of cards) {
      const { cache: fresh } = await drawers();
      const alone = Buffer.from((await fresh.png(data)).png);
      const after = Buffer.from((await busy.png(data)).png);
      expect(after.equals(alone), data.id).toBe(true);
      // Decoding inflates the stream, which checks its Adler-32.
      expect(decodePng(after).width).toBe(1200);
    }
    expect(busy.drawnWith).toEqual({ glyphCache: 3 * POSTS.length, paths: 0 });
  });

  it('draws a card with the brand logo from the cache too, the logo where the paths put it', async () => {
    const root = tempDir();
    writeFileSync(
      join(root, 'logo.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48" fill="#0000ff"/></svg>',
    );
    const { cache, paths, card } = await drawers({ ...BRAND, root, brand: { name: 'Northwind', logo: 'logo.svg' } });
    const data = await card(POSTS[1] as CardPost);
    const a = decodePng((await cache.png(data)).png);
    const b = decodePng((await paths.png(data)).png);
    expect(cache.drawnWith).toEqual({ glyphCache: 1, paths: 0 });
    expect(meanDifference(a, b)).toBeLessThan(1.5);
    const blue = (r: number, g: number, bl: number) => r < 20 && g < 20 && bl > 235;
    expect(inkBox(a, blue)).toEqual(inkBox(b, blue));
    expect(inkBox(a, blue).box).toMatchObject({ left: 64, top: 66 });
  });

  it('leaves to satori’s paths what it cannot draw exactly: right-to-left text, emoji, other fonts', async () => {
    const { cache, paths, card } = await drawers();
    const posts: CardPost[] = [
      // Łódź and Привет need Inter's latin-ext and cyrillic files too: satori then picks between fonts.
      { id: 'subsets', title: 'Łódź’s cafés and Привет', description: 'Latin Extended and Cyrillic.' },
      { id: 'rtl', title: 'שלום עולם — כרטיס', description: 'Hebrew title.', lang: 'he' },
      { id: 'ar', title: 'شارك هذه التدوينة', description: 'Arabic title.', lang: 'ar' },
      { id: 'emoji', title: 'Launch day 🚀 at last', description: 'An emoji in the title.' },
    ];
    for (const post of posts) {
      const data = await card(post);
      const fast = await cache.png(data);
      const slow = await paths.png(data);
      expect(Buffer.from(fast.png).equals(Buffer.from(slow.png)), post.id).toBe(true);
    }
    expect(cache.drawnWith).toEqual({ glyphCache: 0, paths: posts.length });
  });

  it('leaves cards with a shape over the text, a clear background, word spacing, font features or transparent text to satori’s paths', async () => {
    const post: CardPost = { id: 'p', title: 'Shapes and words', description: 'd' };
    const templates: Record<string, CardTemplate> = {
      'shape drawn over the title': (c) =>
        whitePage(
          c,
          h('div', { style: { fontSize: 60, color: '#000000' } }, c.title),
          h('div', {
            style: { position: 'absolute', left: 20, top: 10, width: 200, height: 40, backgroundColor: '#ff0000' },
          }),
        ),
      'clear background': (c) =>
        h('div', { style: { display: 'flex', width: '100%', height: '100%', fontFamily: c.fontFamily } }, c.title),
      'word spacing (satori does not write it out)': (c) =>
        whitePage(c, h('div', { style: { fontSize: 60, color: '#000000', wordSpacing: 12 } }, c.title)),
      'font features (tabular figures)': (c) =>
        whitePage(
          c,
          h('div', { style: { fontSize: 60, color: '#000000', fontFeatureSettings: '"tnum"' } }, `${c.title} 1111`),
        ),
      'half-transparent text': (c) =>
        whitePage(c, h('div', { style: { fontSize: 60, color: '#000000', opacity: 0.5 } }, c.title)),
    };
    for (const [name, template] of Object.entries(templates)) {
      const { cache, paths, card } = await drawers(BRAND, template);
      const data = await card(post);
      const fast = await cache.png(data);
      const slow = await paths.png(data);
      expect(Buffer.from(fast.png).equals(Buffer.from(slow.png)), name).toBe(true);
      expect(cache.drawnWith, name).toEqual({ glyphCache: 0, paths: 1 });
    }
  });

  it('still stamps text that only sits beside later shapes', async () => {
    const template: CardTemplate = (c) =>
      whitePage(
        c,
        h('div', { style: { fontSize: 60, color: '#000000' } }, c.title),
        h('div', { style: { marginTop: 300, width: 200, height: 40, backgroundColor: '#ff0000' } }),
        'column',
      );
    const { cache, card } = await drawers(BRAND, template);
    const image = decodePng((await cache.png(await card({ id: 'p', title: 'Beside a box', description: '' }))).png);
    expect(cache.drawnWith).toEqual({ glyphCache: 1, paths: 0 });
    expect(inkBox(image, (r, g, b) => r < 60 && g < 60 && b < 60).count).toBeGreaterThan(500);
    expect(inkBox(image, (r, g, b) => r > 200 && g < 60 && b < 60).count).toBe(200 * 40);
  });
});

describe('fonts as HarfBuzz reads them', () => {
  it('turns a WOFF into the TrueType file it wraps, passes TTF through, and refuses what is not a font', () => {
    const require = createRequire(import.meta.url);
    const files = join(dirname(require.resolve('@fontsource/inter/package.json')), 'files');
    const woff = readFileSync(join(files, 'inter-latin-400-normal.woff'));
    const ttf = toSfnt(woff);
    expect(ttf).not.toBeNull();
    const view = new DataView((ttf as Uint8Array).buffer, (ttf as Uint8Array).byteOffset);
    expect(view.getUint32(0)).toBe(0x00010000);
    expect(view.getUint16(4)).toBe(woff.readUInt16BE(12));
    expect(toSfnt(ttf as Uint8Array)).toBe(ttf);
    expect(toSfnt(readFileSync(join(files, 'inter-latin-400-normal.woff2')))).toBeNull();
    expect(toSfnt(Buffer.from('not a font at all, just some text'))).toBeNull();
  });
});
