import { describe, expect, it } from 'vitest';
import {
  type CardPost,
  type CardVariant,
  createCardRenderer,
  estimateLines,
  fitText,
  SAFE_INSET,
} from '../src/index.js';
import { type Box, decodePng, inkBox, isRed } from './helpers.js';

// The title (and the brand name and author, which share its colour) are pure red; nothing else is.
const renderer = await createCardRenderer({
  brand: { name: 'Probe' },
  colors: { background: '#ffffff', foreground: '#ff0000', muted: '#0000ff', accent: '#00aa00' },
});

const TOLERANCE = 4;
const inside = (inner: Box, outer: Box, slack = 0) =>
  inner.left >= outer.left - slack &&
  inner.top >= outer.top - slack &&
  inner.right <= outer.right + slack &&
  inner.bottom <= outer.bottom + slack;

/**
 * Renders a post and measures it: the red ink must lie inside the safe area, and every red pixel must be
 * inside the layout box of the brand name, the title or the author (so a title that overflowed its box,
 * onto the description or the footer, fails even when it stays on the card).
 */
async function measure(post: CardPost, variant: CardVariant = 'og') {
  const preview = await renderer.preview(post, variant);
  const image = decodePng(preview.png);
  const inset = SAFE_INSET[variant];
  const safe: Box = { left: inset, top: inset, right: image.width - inset, bottom: image.height - inset };
  const boxOf = (pred: (n: (typeof preview.nodes)[number]) => boolean): Box | undefined => {
    const n = preview.nodes.find(pred);
    return n && { left: n.left, top: n.top, right: n.left + n.width, bottom: n.top + n.height };
  };
  const title = boxOf((n) => n.part === 'title') as Box;
  const description = boxOf((n) => n.part === 'description');
  const brand = boxOf((n) => n.text === 'Probe') as Box;
  const author = post.author ? (boxOf((n) => n.text === post.author) as Box) : undefined;
  const allowed = [title, brand, author].filter((b): b is Box => Boolean(b));
  let stray = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 4;
      if (!isRed(image.data[i] ?? 0, image.data[i + 1] ?? 0, image.data[i + 2] ?? 0)) continue;
      const pixel = { left: x, top: y, right: x + 1, bottom: y + 1 };
      if (!allowed.some((b) => inside(pixel, b, TOLERANCE))) stray++;
    }
  }
  const titleInk = inkBox(image, isRed, title);
  const footerTop = Math.min(
    ...preview.nodes.filter((n) => post.author && (n.text === post.author || n.text === 'AL')).map((n) => n.top),
  );
  return { preview, image, safe, title, description, footerTop, stray, titleInk, all: inkBox(image, isRed) };
}

/** The title-clamped warning names the size and line count; the title's box may be no taller than that. */
function clampedHeight(m: Awaited<ReturnType<typeof measure>>, id: string): number {
  const clamped = m.preview.messages.find((x) => x.code === 'title-clamped');
  expect(clamped?.message).toMatch(new RegExp(`post "${id}": the title \\(500 characters\\).*ellipsis`));
  const [, size, lines] = /shown at (\d+)px and cut after (\d+) lines/.exec(clamped?.message ?? '') ?? [];
  return Number(size) * Number(lines) * 1.12 + 2;
}

describe('text fitting, measured on the rendered card', { timeout: 120_000 }, () => {
  it('shrinks and clamps a 500-character title so it stays in its box, inside the safe area', async () => {
    const title = 'The long and winding road of a title that never seems to end '.repeat(9).slice(0, 500);
    expect(title).toHaveLength(500);
    const m = await measure({ id: 'long', title, description: 'A short description.', author: 'Ada Lovelace' });
    expect(m.all.box && inside(m.all.box, m.safe)).toBe(true);
    expect(m.stray).toBe(0);
    expect(inside(m.title, m.safe)).toBe(true);
    expect(m.title.bottom).toBeLessThanOrEqual(m.description?.top ?? Number.POSITIVE_INFINITY);
    expect(m.title.bottom).toBeLessThanOrEqual(m.footerTop);
    expect(m.titleInk.count).toBeGreaterThan(20_000);
    expect(clampedHeight(m, 'long')).toBeGreaterThanOrEqual(m.title.bottom - m.title.top);
  });

  it('clamps a long title on the square card too', async () => {
    const title = 'Square cards need fitting as well, even with more room to spare '.repeat(9).slice(0, 500);
    const m = await measure(
      { id: 'long-square', title, description: 'Description.', author: 'Ada Lovelace' },
      'square',
    );
    expect(m.image.width).toBe(1080);
    expect(m.all.box && inside(m.all.box, m.safe)).toBe(true);
    expect(m.stray).toBe(0);
    expect(m.title.bottom).toBeLessThanOrEqual(m.description?.top ?? Number.POSITIVE_INFINITY);
    expect(clampedHeight(m, 'long-square')).toBeGreaterThanOrEqual(m.title.bottom - m.title.top);
  });

  it('breaks a single 300-character word instead of letting it run off the card', async () => {
    const m = await measure({ id: 'word', title: `https://example.com/${'a'.repeat(280)}`, description: 'D.' });
    expect(m.all.box && inside(m.all.box, m.safe)).toBe(true);
    expect(m.stray).toBe(0);
  });

  it('keeps a CJK title inside the safe area, drawn with the bundled CJK fonts', async () => {
    const m = await measure({
      id: 'cjk',
      title: '東京で最高のコーヒーを見つける方法と、その歴史について。한국의 카페 문화도 소개합니다',
      description: '日本語の説明文です。',
      author: '山田太郎',
      lang: 'ja',
    });
    expect(m.preview.messages.filter((x) => x.code === 'uncovered-script')).toEqual([]);
    expect(m.all.box && inside(m.all.box, m.safe)).toBe(true);
    expect(m.stray).toBe(0);
    expect(m.titleInk.count).toBeGreaterThan(10_000);
  });

  it('keeps a right-to-left (Arabic) title inside the safe area, aligned to the right', async () => {
    const m = await measure({
      id: 'arabic',
      title: 'كيف أعدنا بناء سلسلة توريد القهوة من الصفر، وما تعلمناه من المزارعين في الطريق',
      description: 'ثلاث سنوات وإحدى عشرة مزرعة',
      author: 'ليلى أحمد',
      lang: 'ar',
    });
    expect(m.preview.messages.filter((x) => x.code === 'uncovered-script')).toEqual([]);
    expect(m.all.box && inside(m.all.box, m.safe)).toBe(true);
    expect(m.stray).toBe(0);
    const ink = m.titleInk.box as Box;
    expect(m.safe.right - ink.right).toBeLessThan(12);
    expect(ink.left - m.safe.left).toBeGreaterThan(12);
  });

  it('draws emoji as Twemoji pictures and keeps the title inside the safe area', async () => {
    const m = await measure({
      id: 'emoji',
      title: 'Coffee time ☕️ with friends 👩🏽‍💻 🎉 🇯🇵 and a very long tail to make it wrap over lines 🚀',
      description: 'Emoji 😀',
    });
    expect(m.preview.messages.filter((x) => x.code === 'missing-emoji' || x.code === 'uncovered-script')).toEqual([]);
    expect(m.preview.svg.match(/<image[^>]+data:image\/svg\+xml/g)?.length ?? 0).toBeGreaterThanOrEqual(6);
    expect(m.all.box && inside(m.all.box, m.safe)).toBe(true);
    expect(m.stray).toBe(0);
    // Twemoji's colours (the rocket's blue-grey, the flag's white/red, skin tones) appear inside the title box.
    const colourful = inkBox(
      m.image,
      (r, g, b) => Math.max(r, g, b) - Math.min(r, g, b) > 60 && !isRed(r, g, b) && !(b > 200 && r < 60 && g < 60),
    );
    expect(colourful.count).toBeGreaterThan(500);
  });
});

describe('fitText', () => {
  it('keeps the largest size when the text fits', () => {
    const fitted = fitText('Short title', { width: 1000, maxHeight: 300, sizes: [72, 48] });
    expect(fitted).toMatchObject({ fontSize: 72, clamped: false, lines: 1 });
  });

  it('shrinks before it clamps, and clamps to the lines that fit', () => {
    const medium = 'A title that needs a second or third line at the largest size we try here';
    expect(fitText(medium, { width: 600, maxHeight: 170, sizes: [72, 56, 44] }).fontSize).toBeLessThan(72);
    const long = fitText('word '.repeat(400), { width: 600, maxHeight: 170, sizes: [72, 56, 44], lineHeight: 1.15 });
    expect(long).toMatchObject({ fontSize: 44, clamped: true, maxLines: 3 });
    expect(long.style).toMatchObject({ lineClamp: 3, display: 'block' });
    expect(long.text.length).toBeLessThan(2000);
  });

  it('estimates CJK text wider than Latin text of the same length', () => {
    expect(estimateLines('東'.repeat(40), 40, 800)).toBeGreaterThan(estimateLines('e'.repeat(40), 40, 800));
  });
});
