import {
  siBluesky,
  siFacebook,
  siMastodon,
  siReddit,
  siTelegram,
  siThreads,
  siWhatsapp,
  siX,
  siYcombinator,
} from 'simple-icons';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { BRAND_ICON_PRECISION, compactPath, type IconName, iconSvg } from '../src/share/icons.js';

const ICON_NAMES = [
  'x',
  'bluesky',
  'threads',
  'mastodon',
  'linkedin',
  'facebook',
  'reddit',
  'hackernews',
  'whatsapp',
  'telegram',
  'email',
  'native',
  'copy',
  'remix',
  'quote',
] as const;
expectTypeOf<(typeof ICON_NAMES)[number]>().toEqualTypeOf<IconName>();

const BRANDS = {
  x: siX,
  bluesky: siBluesky,
  threads: siThreads,
  mastodon: siMastodon,
  facebook: siFacebook,
  reddit: siReddit,
  hackernews: siYcombinator,
  whatsapp: siWhatsapp,
  telegram: siTelegram,
} as const;

const SVG =
  /^<svg viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" (?:fill="currentColor"|fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round")><path d="([^"<>]+)"\/><\/svg>$/;
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const pathOf = (svg: string) => SVG.exec(svg)?.[1] ?? '';

const SIZES = Object.fromEntries(ICON_NAMES.map((name) => [name, bytes(iconSvg(name))]));
const TOTAL = Object.values(SIZES).reduce((sum, size) => sum + size, 0);

/**
 * Every point of path data (end and control points) in absolute terms, where each segment ends,
 * and the other arc numbers (radii, rotation, flags): an evaluator written apart from
 * `compactPath`, to check it against.
 */
function parsePath(d: string): { points: number[][]; ends: number[][]; arcs: number[][] } {
  const points: number[][] = [];
  const ends: number[][] = [];
  const arcs: number[][] = [];
  let index = 0;
  let command = '';
  let [x, y, startX, startY] = [0, 0, 0, 0];
  const skip = () => {
    while (index < d.length && /[\s,]/.test(d[index] as string)) index++;
  };
  const number = () => {
    skip();
    const match = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(d.slice(index));
    if (!match) throw new Error(`no number at ${index}`);
    index += match[0].length;
    return Number(match[0]);
  };
  const flag = () => {
    skip();
    return Number(d[index++]);
  };
  for (skip(); index < d.length; skip()) {
    if (/[a-z]/i.test(d[index] as string)) command = d[index++] as string;
    const relative = command === command.toLowerCase();
    const [dx, dy] = relative ? [x, y] : [0, 0];
    switch (command.toUpperCase()) {
      case 'Z':
        [x, y] = [startX, startY];
        points.push([x, y]);
        break;
      case 'H':
        x = number() + dx;
        points.push([x, y]);
        break;
      case 'V':
        y = number() + dy;
        points.push([x, y]);
        break;
      case 'A':
        arcs.push([number(), number(), number(), flag(), flag()]);
        [x, y] = [number() + dx, number() + dy];
        points.push([x, y]);
        break;
      default: {
        const pairs = { M: 1, L: 1, T: 1, C: 3, S: 2, Q: 2 }[command.toUpperCase()];
        if (!pairs) throw new Error(`unknown command ${command}`);
        for (let pair = 0; pair < pairs; pair++) {
          [x, y] = [number() + dx, number() + dy];
          points.push([x, y]);
        }
        if (command.toUpperCase() === 'M') {
          [startX, startY] = [x, y];
          command = relative ? 'l' : 'L';
        }
      }
    }
    ends.push([x, y]);
  }
  return { points, ends, arcs };
}

describe('iconSvg', () => {
  it.each(ICON_NAMES)('%s is one well-formed, decorative, theme-coloured SVG', (name) => {
    const svg = iconSvg(name);
    expect(svg).toMatch(SVG);
    expect(svg.match(/<svg\b/g)).toHaveLength(1);
    expect(svg.match(/<path\b/g)).toHaveLength(1);
    expect(svg).toContain('aria-hidden="true"');
    expect(svg).toContain('viewBox="0 0 24 24"');
    // Inline in HTML: no namespace declaration, nothing fetched, no title to be read out.
    expect(svg).not.toMatch(/http|xmlns|<title|url\(/i);
    expect(pathOf(svg)).toMatch(/^M[-+\d.]/);
    expect(pathOf(svg)).toMatch(/^[MmLlHhVvCcSsQqTtAaZz\d.,\s+-]+$/);
  });

  it.each(ICON_NAMES)('%s stays inside the 24 × 24 box', (name) => {
    // Control points may lie outside; a segment's ends may not.
    for (const [x, y] of parsePath(pathOf(iconSvg(name))).ends) {
      expect(x).toBeGreaterThanOrEqual(-0.01);
      expect(x).toBeLessThanOrEqual(24.01);
      expect(y).toBeGreaterThanOrEqual(-0.01);
      expect(y).toBeLessThanOrEqual(24.01);
    }
  });

  it('draws every icon differently', () => {
    expect(new Set(ICON_NAMES.map((name) => pathOf(iconSvg(name)))).size).toBe(ICON_NAMES.length);
  });

  it.each(Object.entries(BRANDS))('%s is the Simple Icons mark (the copy in icons.ts is up to date)', (name, icon) => {
    expect(pathOf(iconSvg(name as IconName))).toBe(
      compactPath(icon.path, BRAND_ICON_PRECISION.digits, BRAND_ICON_PRECISION.steps),
    );
  });

  it('refuses a name it has no icon for', () => {
    expect(() => iconSvg('myspace' as IconName)).toThrow(/no icon named "myspace"/);
    expect(() => iconSvg('constructor' as IconName)).toThrow(/no icon named/);
  });

  it('returns the same markup every time', () => {
    for (const name of ICON_NAMES) expect(iconSvg(name)).toBe(iconSvg(name));
  });

  it(`weighs ${TOTAL} bytes for all ${ICON_NAMES.length} icons`, () => {
    console.log(
      `Icon sizes in bytes (total ${TOTAL}):`,
      Object.entries(SIZES)
        .map(([name, size]) => `${name} ${size}`)
        .join(', '),
    );
    // A budget, so a heavier icon or a lost compaction shows up here (without it: ~1 kB more).
    expect(TOTAL).toBeLessThan(8 * 1024);
  });
});

describe('compactPath', () => {
  it.each(Object.entries(BRANDS))(
    'rounds %s to two decimals, every point within 0.005 of the original',
    (_name, icon) => {
      const original = parsePath(icon.path);
      const compact = parsePath(compactPath(icon.path));
      for (const part of ['points', 'arcs'] as const) {
        expect(compact[part]).toHaveLength(original[part].length);
        compact[part].forEach((numbers, i) => {
          numbers.forEach((value, j) => {
            expect(Math.abs(value - (original[part][i]?.[j] as number))).toBeLessThanOrEqual(0.005 + 1e-9);
          });
        });
      }
      expect(bytes(compactPath(icon.path))).toBeLessThan(bytes(icon.path));
    },
  );

  it.each(Object.entries(BRANDS))('snaps %s to halves, every point within a quarter unit', (_name, icon) => {
    const original = parsePath(icon.path).points;
    const snapped = parsePath(compactPath(icon.path, 1, 2)).points;
    expect(snapped).toHaveLength(original.length);
    snapped.forEach((point, i) => {
      point.forEach((value, j) => {
        expect(value * 2).toBe(Math.round(value * 2));
        expect(Math.abs(value - (original[i]?.[j] as number))).toBeLessThanOrEqual(0.25 + 1e-9);
      });
    });
  });

  it('keeps path data that is already as precise as asked', () => {
    expect(compactPath(siX.path, 3)).toBe(siX.path);
    expect(compactPath(siReddit.path, 3)).toBe(siReddit.path);
  });

  it('does not let rounding errors add up along relative moves', () => {
    // Ten moves of 0.104 end at 1.04; rounding each move to 0.1 alone would end at 1.
    const d = `M0 0${'l.104 0'.repeat(10)}`;
    const last = parsePath(compactPath(d)).points.at(-1);
    expect(last?.[0]).toBeCloseTo(1.04, 9);
  });

  it('writes numbers, commands and arc flags compactly', () => {
    expect(compactPath('M 10.000 , 0.500 L -0.250 3 L 4 5 l 1 1 1 1 Z')).toBe('M10 .5-.25 3 4 5l1 1 1 1Z');
    expect(compactPath('M1 1 2 2 3 3')).toBe('M1 1 2 2 3 3');
    expect(compactPath('m1 1 2 2m1 1 2 2')).toBe('m1 1 2 2m1 1 2 2');
    expect(compactPath('M0 0a1.5 1.5 0 0 1 3 0A1.5 1.5 0 1 0 0 0')).toBe('M0 0a1.5 1.5 0 013 0A1.5 1.5 0 100 0');
    expect(compactPath('M0 0a1 1 0 01.5.5')).toBe('M0 0a1 1 0 01.5.5');
    expect(compactPath('M0 0h.004v-.004')).toBe('M0 0h0v0');
    expect(compactPath('M.5.5l.25.25')).toBe('M.5.5l.25.25');
  });

  it('rejects what is not path data', () => {
    expect(() => compactPath('M0 0 L x')).toThrow(/expected a number/);
    expect(() => compactPath('M0 0 B1 1')).toThrow(/unknown command/);
    expect(() => compactPath('M0 0a1 1 0 2 0 1 1')).toThrow(/arc flag/);
  });
});
