import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import satori from 'satori';
import { describe, expect, it } from 'vitest';
import { type CardTemplate, defaultCardFileName, h, markupToHtml, renderCards } from '../src/index.js';
import { encodeOpaquePng } from '../src/render/png.js';
import { rasterise, startsWithOpaqueBackdrop } from '../src/render/rasterise.js';
import { ShownImages } from '../src/render/shown-images.js';
import type { CardElement } from '../src/template/markup.js';
import { decodePng, inkBox, pngSize, tempDir } from './helpers.js';

const dir = tempDir();
const post = {
  id: 'blog/hello-world',
  title: 'How we rebuilt our coffee supply chain from the ground up',
  description: 'Three years, eleven farms and one very patient roaster.',
  author: 'Ada Lovelace',
  date: '2026-03-12',
  readingTime: 7,
  url: 'https://northwind.example/blog/hello-world/',
};

/** A 600×400 PNG: left half pure green, right half pure magenta. */
function photo(path: string): string {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="400"><rect width="300" height="400" fill="#00ff00"/><rect x="300" width="300" height="400" fill="#ff00ff"/></svg>';
  writeFileSync(path, new Resvg(svg).render().asPng());
  return path;
}

const pixel = (png: Uint8Array, x: number, y: number) => {
  const image = decodePng(png);
  const i = (y * image.width + x) * 4;
  return [...image.data.subarray(i, i + 3)];
};

describe('renderCards', { timeout: 120_000 }, () => {
  it('writes a 1200×630 PNG per post, and a 1080×1080 one with square: true', async () => {
    const outDir = join(dir, 'sizes');
    const result = await renderCards([post], { outDir, cacheDir: false, square: true, concurrency: 1 });
    expect(result.cards.map((c) => [c.variant, c.status, c.path])).toEqual([
      ['og', 'rendered', 'blog/hello-world.png'],
      ['square', 'rendered', 'blog/hello-world-square.png'],
    ]);
    expect(pngSize(readFileSync(join(outDir, 'blog/hello-world.png')))).toEqual({ width: 1200, height: 630 });
    expect(pngSize(readFileSync(join(outDir, 'blog/hello-world-square.png')))).toEqual({ width: 1080, height: 1080 });
    expect(result.messages).toEqual([]);
  });

  it('paints with the configured colours', async () => {
    const outDir = join(dir, 'colours');
    await renderCards([post], {
      outDir,
      cacheDir: false,
      concurrency: 1,
      colors: { background: 'rgb(250, 240, 230)', accent: '#123456' },
    });
    const png = readFileSync(join(outDir, 'blog/hello-world.png'));
    expect(pixel(png, 600, 40)).toEqual([250, 240, 230]);
    // The accent stripe along the inline-start edge.
    expect(pixel(png, 4, 300)).toEqual([0x12, 0x34, 0x56]);
  });

  it('embeds the post image and a logo from local files', async () => {
    const outDir = join(dir, 'image');
    photo(join(dir, 'photo.png'));
    writeFileSync(
      join(dir, 'logo.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48" fill="#0000ff"/></svg>',
    );
    const result = await renderCards([{ ...post, image: 'photo.png' }], {
      outDir,
      root: dir,
      cacheDir: false,
      concurrency: 1,
      brand: { name: 'Northwind', logo: 'logo.svg' },
    });
    expect(result.messages).toEqual([]);
    const card = decodePng(readFileSync(join(outDir, 'blog/hello-world.png')));
    const green = inkBox(card, (r, g, b) => r < 20 && g > 235 && b < 20);
    const magenta = inkBox(card, (r, g, b) => r > 235 && g < 20 && b > 235);
    const blue = inkBox(card, (r, g, b) => r < 20 && g < 20 && b > 235);
    expect(green.count).toBeGreaterThan(10_000);
    expect(magenta.count).toBeGreaterThan(10_000);
    // The picture sits on the right (green half left of the magenta half), the logo top-left.
    expect((green.box?.right ?? 0) <= (magenta.box?.left ?? 0) + 1).toBe(true);
    expect(blue.box).toMatchObject({ left: 64, top: 66 });
  });

  it('accepts a template function returning plain objects, with the h() helper', async () => {
    const outDir = join(dir, 'custom');
    const template: CardTemplate = (card, { h }) =>
      h(
        'div',
        {
          style: {
            display: 'flex',
            width: '100%',
            height: '100%',
            backgroundColor: '#ff8800',
            fontFamily: card.fontFamily,
          },
        },
        h('div', { style: { fontSize: 40, color: '#000000' } }, card.title),
      );
    const result = await renderCards([post], { outDir, cacheDir: false, template });
    expect(result.rendered).toBe(1);
    const png = readFileSync(join(outDir, 'blog/hello-world.png'));
    expect(pngSize(png)).toEqual({ width: 1200, height: 630 });
    expect(pixel(png, 1190, 620)).toEqual([255, 0x88, 0]);
  });

  it('keeps transparency when a template leaves the background clear', async () => {
    const outDir = join(dir, 'transparent');
    const template: CardTemplate = () =>
      h(
        'div',
        { style: { display: 'flex', width: '100%', height: '100%' } },
        h('div', { style: { width: 100, height: 100, backgroundColor: '#ff0000' } }),
      );
    await renderCards([post], { outDir, cacheDir: false, template });
    const png = readFileSync(join(outDir, 'blog/hello-world.png'));
    const image = decodePng(png);
    expect([...image.data.subarray(0, 4)]).toEqual([255, 0, 0, 255]);
    expect(image.data[(629 * 1200 + 1199) * 4 + 3]).toBe(0);
  });

  it('loads a template module in worker threads', async () => {
    const outDir = join(dir, 'module');
    writeFileSync(
      join(dir, 'card.mjs'),
      `export function card(data) {
        return { type: 'div', props: { style: { display: 'flex', width: '100%', height: '100%', backgroundColor: '#00ffff' },
          children: { type: 'div', props: { style: { fontSize: 30, fontFamily: data.fontFamily }, children: data.title } } } };
      }`,
    );
    const posts = [post, { ...post, id: 'blog/second', title: 'Second' }];
    const result = await renderCards(posts, {
      outDir,
      root: dir,
      cacheDir: false,
      concurrency: 2,
      template: { module: './card.mjs', export: 'card' },
    });
    expect(result.messages).toEqual([]);
    expect(result.rendered).toBe(2);
    expect(pixel(readFileSync(join(outDir, 'blog/second.png')), 600, 600)).toEqual([0, 255, 255]);
  });

  it('reports a template that returns no element as a failed card naming the post, and draws the others', async () => {
    const outDir = join(dir, 'broken-template');
    const template: CardTemplate = (card) =>
      card.id === 'bad' ? (['not', 'an', 'element'] as never) : h('div', { style: { display: 'flex' } }, card.title);
    const result = await renderCards(
      [
        { ...post, id: 'bad' },
        { ...post, id: 'good' },
      ],
      { outDir, cacheDir: false, template },
    );
    expect(result.cards.map((c) => [c.postId, c.status])).toEqual([
      ['bad', 'failed'],
      ['good', 'rendered'],
    ]);
    expect(result.messages.find((m) => m.code === 'render-failed')?.message).toMatch(
      /post "bad": its og card could not be drawn: the template returned an array/,
    );
  });
});

describe('PNG encoding', () => {
  it('encodes opaque cards itself with the same pixels resvg would, and leaves transparent ones to resvg', () => {
    const opaque = new Resvg(
      '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200"><rect width="300" height="200" fill="#123456"/><circle cx="150" cy="100" r="80" fill="#fa0"/></svg>',
    ).render();
    const ours = encodeOpaquePng(opaque.pixels, opaque.width, opaque.height) as Buffer;
    expect(pngSize(ours)).toEqual({ width: 300, height: 200 });
    expect(ours[25]).toBe(6); // colour type RGBA: whole rows copied, alpha all 255
    expect(Buffer.from(decodePng(ours).data).equals(Buffer.from(decodePng(opaque.asPng()).data))).toBe(true);
    const clear = new Resvg(
      '<svg xmlns="http://www.w3.org/2000/svg" width="30" height="20"><circle cx="15" cy="10" r="8"/></svg>',
    ).render();
    expect(encodeOpaquePng(clear.pixels, clear.width, clear.height)).toBeNull();
  });

  it('skips the pixel check only for SVGs satori starts with an opaque rectangle over the whole card', async () => {
    const card = (background: string | undefined, extra: Record<string, unknown> = {}) =>
      satori(
        h(
          'div',
          {
            style: {
              display: 'flex',
              width: '100%',
              height: '100%',
              ...(background ? { backgroundColor: background } : {}),
              ...extra,
            },
          },
          h('div', { style: { width: 100, height: 100, backgroundColor: '#ff0000' } }),
        ) as never,
        { width: 1200, height: 630, fonts: [] },
      );
    expect(startsWithOpaqueBackdrop(await card('#0f172a'))).toBe(true);
    expect(startsWithOpaqueBackdrop(await card('#fff'))).toBe(true);
    expect(startsWithOpaqueBackdrop(await card(undefined))).toBe(false);
    expect(startsWithOpaqueBackdrop(await card('rgba(15, 23, 42, 0.5)'))).toBe(false);
    expect(startsWithOpaqueBackdrop(await card('#0f172a80'))).toBe(false);
    expect(startsWithOpaqueBackdrop(await card('#0f172a', { opacity: 0.5 }))).toBe(false);
    expect(startsWithOpaqueBackdrop(await card('#0f172a', { borderRadius: 40 }))).toBe(false);
    // And what the check lets through really is opaque: every corner pixel of the drawn card.
    const png = rasterise(await card('#0f172a'));
    const image = decodePng(Buffer.from(png));
    for (const [x, y] of [
      [0, 0],
      [1199, 0],
      [0, 629],
      [1199, 629],
    ] as const) {
      expect(image.data[(y * 1200 + x) * 4 + 3]).toBe(255);
    }
  });
});

describe('markup helpers', () => {
  it('builds elements with h() and serialises them to HTML with inline styles', () => {
    const tree = h(
      'div',
      { style: { display: 'flex', fontSize: 32, lineHeight: 1.2 } },
      'A & B',
      false,
      h('img', { src: 'x.png', width: 10 }),
    );
    expect(tree.props.children).toHaveLength(2);
    expect(markupToHtml(tree)).toBe(
      '<div style="display:flex;font-size:32px;line-height:1.2">A &#38; B<img src="x.png" width="10"></div>',
    );
  });

  it('names card files after the post id', () => {
    expect(defaultCardFileName({ id: '/blog/Hello World!/' }, 'og')).toBe('blog/Hello-World.png');
    expect(defaultCardFileName({ id: 'ニュース/今日' }, 'square')).toBe('ニュース/今日-square.png');
    expect(defaultCardFileName({ id: '../../etc' }, 'og')).toBe('etc.png');
  });
});

describe('pictures drawn at the size a card shows them', () => {
  const big = new Resvg(
    '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800"><rect width="600" height="800" fill="#00ff00"/><rect x="600" width="600" height="800" fill="#ff00ff"/></svg>',
  )
    .render()
    .asPng();
  const image = { src: `data:image/png;base64,${Buffer.from(big).toString('base64')}`, width: 1200, height: 800 };
  const img = (style: Record<string, unknown>) => h('img', { src: image.src, style });

  it('draws a large picture once at its shown size, cropped as objectFit says, and reuses the drawing', () => {
    const shown = new ShownImages();
    const first = h('div', {}, img({ width: 380, height: 502, objectFit: 'cover', borderRadius: 24 }));
    const second = h('div', {}, img({ width: 380, height: 502, objectFit: 'cover' }));
    shown.fit(first, [{ image, key: 'photo' }]);
    shown.fit(second, [{ image, key: 'photo' }]);
    const src = (first.props.children as CardElement).props.src as string;
    expect(src).toMatch(/^data:image\/png;base64,/);
    expect((second.props.children as CardElement).props.src).toBe(src);
    const png = Buffer.from(src.slice(src.indexOf(',') + 1), 'base64');
    expect(pngSize(png)).toEqual({ width: 380, height: 502 });
    // Cover crops the middle: green on the left half, magenta on the right.
    expect(pixel(png, 10, 250)).toEqual([0, 255, 0]);
    expect(pixel(png, 370, 250)).toEqual([255, 0, 255]);
  });

  it('leaves pictures it cannot draw the same way to satori', () => {
    const shown = new ShownImages();
    const cases = [
      img({ width: '100%', height: 300, objectFit: 'cover' }),
      img({ width: 300, height: 200, objectFit: 'cover', objectPosition: 'left' }),
      img({ width: 300, height: 200, objectFit: 'none' }),
      img({ width: 300, height: 200, padding: 10 }),
      img({ width: 2400, height: 1600 }),
    ];
    for (const element of cases) {
      shown.fit(element, [{ image, key: 'photo' }]);
      expect(element.props.src).toBe(image.src);
    }
  });
});
