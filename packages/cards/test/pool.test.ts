import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { type CardPost, createCardRenderer, renderCards } from '../src/index.js';
import { decodePng, inkBox, tempDir } from './helpers.js';

const dir = tempDir();
const posts: CardPost[] = [
  {
    id: 'latin',
    title: 'Worker threads draw the same card',
    description: 'Byte for byte.',
    author: 'Alan Turing',
    date: '2026-05-01',
    readingTime: 4,
  },
  { id: 'cjk', title: '東京で最高のコーヒーを見つける方法', description: '한국어 설명도 있습니다', lang: 'ja' },
  { id: 'rtl', title: 'كيف أعدنا بناء سلسلة توريد القهوة', description: 'ثلاث سنوات', lang: 'ar' },
  { id: 'emoji', title: 'Emoji travel too ✈️ 🇯🇵 👩🏽‍💻', description: 'And come back the same 😀' },
  { id: 'long', title: 'A title long enough to be clamped '.repeat(15), description: 'd' },
];

describe('the worker pool', { timeout: 180_000 }, () => {
  it('renders exactly the bytes the main thread renders, and reports progress for every card', async () => {
    const progress: number[] = [];
    const pooled = await renderCards(posts, {
      outDir: join(dir, 'pool'),
      cacheDir: false,
      square: true,
      concurrency: 2,
      onProgress: (p) => progress.push(p.done),
    });
    const inline = await renderCards(posts, {
      outDir: join(dir, 'inline'),
      cacheDir: false,
      square: true,
      concurrency: 1,
    });
    expect(pooled).toMatchObject({ rendered: 10, failed: 0 });
    expect(inline).toMatchObject({ rendered: 10, failed: 0 });
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const card of pooled.cards) {
      const file = card.path as string;
      expect(readFileSync(join(dir, 'pool', file)).equals(readFileSync(join(dir, 'inline', file))), file).toBe(true);
    }
    // Same messages either way (order aside).
    const codes = (r: typeof pooled) => r.messages.map((m) => `${m.postId}:${m.code}`).sort();
    expect(codes(pooled)).toEqual(codes(inline));
  });

  it('renders the same bytes on demand (dev mode) as in a build', async () => {
    const renderer = await createCardRenderer({});
    const { png } = await renderer.png(posts[0] as CardPost);
    expect(Buffer.from(png).equals(readFileSync(join(dir, 'pool', 'latin.png')))).toBe(true);
    const preview = await renderer.preview(posts[0] as CardPost);
    expect(Buffer.from(preview.png).equals(Buffer.from(png))).toBe(true);
    expect(preview.svg.startsWith('<svg')).toBe(true);
    expect(preview.html).toContain('Worker threads draw the same card');
    expect(preview.key).toBe(await renderer.key(posts[0] as CardPost));
  });

  it('draws the same bytes as the main thread when a layout is turned down, and for picture cards', async () => {
    // A box over the title: the glyph cache turns the first layout down after it is made, so the card
    // goes back to be laid out with paths. The picture post is drawn whole on one worker.
    writeFileSync(
      join(dir, 'overlap.mjs'),
      `export default function (data, { h }) {
        return h('div', { style: { display: 'flex', flexDirection: 'column', width: '100%', height: '100%', backgroundColor: '#ffffff', fontFamily: data.fontFamily } },
          h('div', { style: { fontSize: 60, color: '#000000' } }, data.title),
          h('div', { style: { position: 'absolute', left: 20, top: 10, width: 200, height: 40, backgroundColor: '#ff0000' } }),
          data.image ? h('img', { src: data.image.src, width: 200, height: 100 }) : null);
      }`,
    );
    writeFileSync(
      join(dir, 'photo.png'),
      new Resvg(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#3366cc"/></svg>',
      )
        .render()
        .asPng(),
    );
    const mixed: CardPost[] = [
      { id: 'boxed-1', title: 'A box over the title', description: 'd' },
      { id: 'photo', title: 'With a photo', description: 'd', image: 'photo.png' },
      { id: 'boxed-2', title: 'Another boxed title', description: 'd' },
    ];
    const options = { root: dir, cacheDir: false as const, template: './overlap.mjs' };
    const pooled = await renderCards(mixed, { ...options, outDir: join(dir, 'mixed-pool'), concurrency: 2 });
    const inline = await renderCards(mixed, { ...options, outDir: join(dir, 'mixed-inline'), concurrency: 1 });
    expect(pooled).toMatchObject({ rendered: 3, failed: 0 });
    for (const card of inline.cards) {
      const file = card.path as string;
      expect(
        readFileSync(join(dir, 'mixed-pool', file)).equals(readFileSync(join(dir, 'mixed-inline', file))),
        file,
      ).toBe(true);
    }
    const photo = decodePng(readFileSync(join(dir, 'mixed-pool', 'photo.png')));
    expect(inkBox(photo, (r, g, b) => r < 80 && g > 80 && g < 120 && b > 180).count).toBeGreaterThan(1000);
  });

  it('survives a worker that dies: only the card that kills it fails, the others are drawn', async () => {
    writeFileSync(
      join(dir, 'crashy.mjs'),
      `export default function (data) {
        if (data.id === 'crash') process.exit(3);
        return { type: 'div', props: { style: { display: 'flex', width: '100%', height: '100%', backgroundColor: '#808080' } } };
      }`,
    );
    const ids = ['a', 'b', 'crash', 'c', 'd', 'e', 'f'];
    const result = await renderCards(
      ids.map((id) => ({ id, title: id, description: id })),
      { outDir: join(dir, 'crashy'), root: dir, cacheDir: false, concurrency: 2, template: './crashy.mjs' },
    );
    expect(result.cards.map((c) => [c.postId, c.status])).toEqual(
      ids.map((id) => [id, id === 'crash' ? 'failed' : 'rendered']),
    );
    expect(result.messages.find((m) => m.code === 'render-failed')?.message).toBe(
      'Share cards: post "crash": its og card could not be drawn: a card worker stopped (exit code 3) while drawing it.',
    );
  });

  it('survives a worker that dies drawing a laid-out card: the card is laid out again, then fails alone', async () => {
    // The template module is loaded by every worker. There it makes reading the layout of the post titled
    // "crash" (which only drawing does) end the thread, so the layout it was handed is lost with it.
    writeFileSync(
      join(dir, 'crash-drawing.mjs'),
      `import { workerData } from 'node:worker_threads';
      if (workerData) {
        const decode = TextDecoder.prototype.decode;
        TextDecoder.prototype.decode = function (bytes) {
          const text = decode.call(this, bytes);
          if (text.includes('>crash<')) process.exit(4);
          return text;
        };
      }
      export default function (data, { h }) {
        return h('div', { style: { display: 'flex', width: '100%', height: '100%', backgroundColor: '#ffffff', fontFamily: data.fontFamily, fontSize: 40 } }, data.title);
      }`,
    );
    const ids = ['a', 'b', 'crash', 'c', 'd', 'e', 'f', 'g', 'h'];
    const result = await renderCards(
      ids.map((id) => ({ id, title: id, description: id })),
      {
        outDir: join(dir, 'crash-drawing'),
        root: dir,
        cacheDir: false,
        concurrency: 2,
        template: './crash-drawing.mjs',
      },
    );
    expect(result.cards.map((c) => [c.postId, c.status])).toEqual(
      ids.map((id) => [id, id === 'crash' ? 'failed' : 'rendered']),
    );
    expect(result.messages.find((m) => m.code === 'render-failed')?.message).toBe(
      'Share cards: post "crash": its og card could not be drawn: a card worker stopped (exit code 4) while drawing it.',
    );
    for (const id of ids.filter((i) => i !== 'crash')) {
      expect(decodePng(readFileSync(join(dir, 'crash-drawing', `${id}.png`))).width, id).toBe(1200);
    }
  });

  it('fails every card with one clear message when a template module cannot be loaded', async () => {
    const result = await renderCards(posts.slice(0, 3), {
      outDir: join(dir, 'missing-template'),
      cacheDir: false,
      concurrency: 2,
      template: './no-such-template.mjs',
      root: dir,
    });
    expect(result).toMatchObject({ rendered: 0, failed: 3 });
    const errors = result.messages.filter((m) => m.code === 'render-failed');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/no-such-template\.mjs/);
  });
});
