import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FontWeight } from '../types.ts';

/** A `unicode-range` as sorted, merged code point intervals. */
export type Ranges = readonly (readonly [number, number])[];

/**
 * One Fontsource subset (`latin`, `arabic`, `[119]`) and the code points it covers. The ranges are read
 * from the `unicode-range` text when first asked for: the CJK families have over 15,000 ranges in 225
 * subsets, ~15 ms to read on every thread, and a card only asks for the subsets it searches.
 */
export class FontsourceSubset {
  readonly name: string;
  readonly #unicodeRange: string;
  #ranges: Ranges | undefined;

  constructor(name: string, unicodeRange: string) {
    this.name = name;
    this.#unicodeRange = unicodeRange;
  }

  get ranges(): Ranges {
    this.#ranges ??= parseUnicodeRange(this.#unicodeRange);
    return this.#ranges;
  }
}

/** An installed Fontsource package, described well enough to pick and load its subset files. */
export interface FontsourceFamily {
  pkg: string;
  version: string;
  /** The file name stem (`noto-sans-sc`). */
  id: string;
  /** The family name satori and CSS use (`Noto Sans SC`). */
  family: string;
  dir: string;
  subsets: FontsourceSubset[];
  /** The requested weights this package has. */
  weights: FontWeight[];
}

/** Parses a CSS `unicode-range` value (`U+0000-00FF, U+0131, U+4??`). */
export function parseUnicodeRange(value: string): Ranges {
  const out: [number, number][] = [];
  for (const part of value.split(',')) {
    const m = /^\s*U\+([0-9A-F?]+)(?:-([0-9A-F]+))?\s*$/i.exec(part);
    if (!m?.[1]) continue;
    const start = Number.parseInt(m[1].replace(/\?/g, '0'), 16);
    const end = m[2] ? Number.parseInt(m[2], 16) : Number.parseInt(m[1].replace(/\?/g, 'F'), 16);
    out.push([start, end]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** True when a code point falls in one of the (sorted) ranges. */
export function inRanges(ranges: Ranges, cp: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [start, end] = ranges[mid] as readonly [number, number];
    if (cp < start) hi = mid - 1;
    else if (cp > end) lo = mid + 1;
    else return true;
  }
  return false;
}

/**
 * Reads a Fontsource package's metadata (family, weights) and subset ranges. `from` is the file or
 * directory the package is resolved from. Throws with the package name when it is not installed.
 */
export function loadFontsource(pkg: string, from: string, weights: readonly FontWeight[]): FontsourceFamily {
  const require = createRequire(from.endsWith('/') ? from : `${from}/`);
  let manifest: string;
  try {
    manifest = require.resolve(`${pkg}/package.json`);
  } catch {
    throw new Error(`the font package ${pkg} is not installed (install it next to your site, e.g. pnpm add ${pkg})`);
  }
  const dir = dirname(manifest);
  const json = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
  const pkgJson = json('package.json') as { version?: string };
  const meta = json('metadata.json') as { id?: string; family?: string; weights?: number[] };
  const unicode = json('unicode.json') as Record<string, string>;
  if (!meta.id || !meta.family) throw new Error(`${pkg} has no Fontsource metadata.json; is it a Fontsource font?`);
  const available = new Set(meta.weights ?? []);
  const kept = weights.filter((w) => available.has(w));
  if (kept.length === 0) {
    throw new Error(`${pkg} has none of the weights ${weights.join(', ')} (it has ${[...available].join(', ')})`);
  }
  return {
    pkg,
    version: pkgJson.version ?? '0',
    id: meta.id,
    family: meta.family,
    dir,
    subsets: Object.entries(unicode).map(([name, range]) => new FontsourceSubset(name, range)),
    weights: kept,
  };
}

/** The WOFF file of one subset and weight (WOFF inflates faster than WOFF2; satori reads both). */
export function subsetFile(family: FontsourceFamily, subset: string, weight: FontWeight): string {
  const name = subset.replace(/^\[(\d+)\]$/, '$1');
  return join(family.dir, 'files', `${family.id}-${name}-${weight}-normal.woff`);
}
