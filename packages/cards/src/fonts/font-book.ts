import { readFileSync } from 'node:fs';
import type { FontWeight } from '../types.ts';
import { fontCoverage } from './cmap.ts';
import { isEmojiPart } from './emoji.ts';
import { type FontsourceFamily, type FontsourceSubset, inRanges, type Ranges, subsetFile } from './fontsource.ts';
import { toSfnt } from './sfnt.ts';

/** A font as satori takes it. */
export interface SatoriFont {
  name: string;
  data: Buffer;
  weight: FontWeight;
  style: 'normal' | 'italic';
}

/** An owner's font, already read and checked. */
export interface LoadedFont {
  family: string;
  weight: FontWeight;
  style: 'normal' | 'italic';
  data: Uint8Array;
  /** The file (or given name) for messages. */
  source: string;
}

const MAX_SETS = 16;

/** Where a code point's glyph comes from. */
interface Need {
  /** An owner font or a Fontsource subset has a glyph for it. */
  covered: boolean;
  /** The Fontsource family and subset that has it, or −1. */
  family: number;
  subset: number;
}

/**
 * A font's bytes as satori gets them: WOFF unwrapped to TrueType (Node's zlib inflates the tables;
 * satori would inflate them again in JavaScript on every thread, and optimise its inflater to do it), any
 * other format as it is.
 */
function unwrapped(data: Uint8Array): Buffer {
  const bytes = toSfnt(data) ?? data;
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Every font a renderer may use, and the choice of which to hand satori for one card. Owner fonts always
 * go first. Fontsource families are split into subsets by Unicode range; a card gets, per family, only
 * the subsets its text needs, so a Latin card never parses a CJK font. Font buffers and the chosen sets
 * are reused (satori caches its parsed fonts by buffer identity, so reuse matters for speed).
 */
export class FontBook {
  readonly #owner: SatoriFont[];
  readonly #families: FontsourceFamily[];
  readonly #files = new Map<string, Buffer>();
  readonly #sets = new Map<string, SatoriFont[]>();
  readonly #coverages = new Map<string, Ranges>();
  readonly #ownerCoverage: Ranges[];
  /** What each code point seen so far needs (see {@link FontBook.#need}). */
  readonly #needs = new Map<number, Need | null>();

  constructor(owner: LoadedFont[], families: FontsourceFamily[]) {
    this.#owner = owner.map((f) => ({
      name: f.family,
      data: unwrapped(f.data),
      weight: f.weight,
      style: f.style,
    }));
    this.#families = families;
    // WOFF2 coverage is not read (empty): such a font never makes a text "complete", which is only slower.
    this.#ownerCoverage = this.#owner.map((f) => fontCoverage(f.data));
  }

  /** The CSS `font-family` list, owner families first. */
  get fontFamily(): string {
    const names = [...new Set([...this.#owner.map((f) => f.name), ...this.#families.map((f) => f.family)])];
    return names.map((n) => (/^[\w-]+$/.test(n) ? n : `"${n}"`)).join(', ');
  }

  /**
   * The fonts satori needs to draw `text`: owner fonts, then each family's subsets that cover a character.
   * `complete` is true when every character is known to have a glyph and there is no emoji, so satori need
   * not look for missing glyphs (it checks every grapheme when it may load more).
   */
  fontsFor(text: string): { fonts: SatoriFont[]; complete: boolean } {
    const chosen = this.#families.map(() => new Set<number>());
    // The first subset of the first family is always there, so text nothing covers still has a font to fall back on.
    if (this.#families.length > 0) chosen[0]?.add(this.#baseSubset(0));
    const seen = new Set<number>();
    let complete = true;
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i) as number;
      if (cp > 0xffff) i++;
      if (seen.has(cp)) continue;
      seen.add(cp);
      const need = this.#need(cp);
      if (!need) continue;
      if (!need.covered) complete = false;
      if (need.family >= 0) chosen[need.family]?.add(need.subset);
    }
    // Satori keeps one font per name and weight, so every subset after a family's first gets a name of its
    // own: it is then a fallback satori searches, instead of a duplicate it ignores.
    const files: { name: string; file: string; weight: FontWeight }[] = [];
    chosen.forEach((subsets, f) => {
      const family = this.#families[f] as FontsourceFamily;
      [...subsets]
        .sort((a, b) => a - b)
        .forEach((s, nth) => {
          const subset = family.subsets[s]?.name ?? '';
          const name = nth === 0 ? family.family : `${family.family} ${subset}`;
          for (const weight of family.weights) files.push({ name, file: subsetFile(family, subset, weight), weight });
        });
    });
    const key = files.map((f) => f.file).join('|');
    let set = this.#sets.get(key);
    if (!set) {
      set = [
        ...this.#owner,
        ...files.map(({ name, file, weight }) => ({ name, data: this.#read(file), weight, style: 'normal' as const })),
      ];
      if (this.#sets.size >= MAX_SETS) this.#sets.delete(this.#sets.keys().next().value as string);
      this.#sets.set(key, set);
    }
    return { fonts: set, complete };
  }

  /**
   * What one code point needs, worked out once per book: `null` for spaces and controls; else the
   * family and subset that has it (`family` −1 when none does), and whether it is `covered` (an owner font
   * or a subset has a glyph; never for emoji, which satori draws as pictures).
   */
  #need(cp: number): Need | null {
    let need = this.#needs.get(cp);
    if (need !== undefined) return need;
    need = null;
    if (cp >= 0x21 && !/\s/u.test(String.fromCodePoint(cp))) {
      need = { covered: false, family: -1, subset: -1 };
      if (!isEmojiPart(cp)) {
        need.covered = this.#ownerCoverage.some((ranges) => inRanges(ranges, cp));
        search: for (let f = 0; f < this.#families.length; f++) {
          const family = this.#families[f] as FontsourceFamily;
          for (let s = 0; s < family.subsets.length; s++) {
            if (inRanges((family.subsets[s] as FontsourceSubset).ranges, cp) && inRanges(this.#coverage(f, s), cp)) {
              need = { covered: true, family: f, subset: s };
              break search;
            }
          }
        }
      }
    }
    this.#needs.set(cp, need);
    return need;
  }

  /**
   * What a subset file really has glyphs for. A subset's unicode-range is only what it may hold (Noto Sans
   * SC's ranges name Hangul it has no glyphs for), so the choice is checked against the font's cmap.
   */
  #coverage(f: number, s: number): Ranges {
    const key = `${f}:${s}`;
    let ranges = this.#coverages.get(key);
    if (!ranges) {
      const family = this.#families[f] as FontsourceFamily;
      const file = subsetFile(family, family.subsets[s]?.name ?? '', family.weights[0] as FontWeight);
      ranges = fontCoverage(this.#read(file));
      this.#coverages.set(key, ranges);
    }
    return ranges;
  }

  #baseSubset(f: number): number {
    const family = this.#families[f] as FontsourceFamily;
    const latin = family.subsets.findIndex((s) => s.name === 'latin');
    return Math.max(latin, 0);
  }

  #read(file: string): Buffer {
    let data = this.#files.get(file);
    if (!data) {
      data = unwrapped(readFileSync(file));
      this.#files.set(file, data);
    }
    return data;
  }
}
