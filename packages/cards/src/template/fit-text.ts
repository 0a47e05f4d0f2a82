import type { CardStyle } from './markup.ts';

/** How {@link fitText} may size a text. */
export interface FitTextOptions {
  /** The box's width in pixels. */
  width: number;
  /** The box's height in pixels: the number of lines is what fits in it. */
  maxHeight: number;
  /** Font sizes to try, largest first. The smallest one is used (and clamped) when none fits. */
  sizes: readonly number[];
  /** Line height as a multiple of the font size. Default 1.15. */
  lineHeight?: number;
  /** Never more lines than this, whatever fits. */
  maxLines?: number;
  /** Width of an average glyph in ems, to widen or narrow the estimate for a font. Default 1 (Inter Bold). */
  widthFactor?: number;
}

/** The chosen size, and a style that clamps the text with an ellipsis so it can never leave its box. */
export interface FittedText {
  text: string;
  fontSize: number;
  /** Lines the text is estimated to take at that size. */
  lines: number;
  /** The clamp: the most lines the box shows. */
  maxLines: number;
  /** True when even the smallest size did not fit, so the text ends in an ellipsis. */
  clamped: boolean;
  /** Spread this on the text's element. */
  style: CardStyle;
}

let segmenter: Intl.Segmenter | undefined;

/**
 * The grapheme segmenter, made on first use: the first one a thread makes loads ICU's break rules
 * (~8 ms), which importing the package should not cost.
 */
export function graphemes(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmenter;
}

/** Estimated advance width of one grapheme, in ems, for a bold sans-serif like Inter. */
function graphemeWidth(g: string): number {
  const cp = g.codePointAt(0) ?? 0;
  if (/\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(g)) return 1.2;
  if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u.test(g)) {
    return 1;
  }
  if (g === ' ') return 0.27;
  if (/[iIl1!|.,:;'`]/.test(g)) return 0.3;
  if (/[fjrt()[\]{}\-"/]/.test(g)) return 0.42;
  if (/[mwMW@%]/.test(g)) return 0.9;
  if (/[0-9]/.test(g)) return 0.64;
  if (/[A-Z]/.test(g)) return 0.7;
  if (/[a-z]/.test(g)) return 0.58;
  if (/[\p{Script=Arabic}\p{Script=Hebrew}]/u.test(g)) return 0.55;
  if (cp < 0x2000 && /\p{Lu}/u.test(g)) return 0.72;
  return 0.62;
}

/** Splits text into words the way a line breaker would: at spaces, and between CJK characters. */
function words(text: string): string[][] {
  const out: string[][] = [];
  let word: string[] = [];
  for (const { segment } of graphemes().segment(text)) {
    if (/^\s+$/u.test(segment)) {
      if (word.length) out.push(word);
      word = [];
      continue;
    }
    word.push(segment);
    if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(segment)) {
      out.push(word);
      word = [];
    }
  }
  if (word.length) out.push(word);
  return out;
}

/** Estimates how many lines `text` takes at `fontSize` in a box `width` wide (words wrap; long words break). */
export function estimateLines(text: string, fontSize: number, width: number, widthFactor = 1): number {
  const space = graphemeWidth(' ') * fontSize * widthFactor;
  let lines = 1;
  let used = 0;
  for (const word of words(text)) {
    const widths = word.map((g) => graphemeWidth(g) * fontSize * widthFactor);
    const total = widths.reduce((a, b) => a + b, 0);
    const needed = used === 0 ? total : used + space + total;
    if (needed <= width) {
      used = needed;
      continue;
    }
    if (used > 0) {
      lines++;
      used = 0;
    }
    if (total <= width) {
      used = total;
      continue;
    }
    for (const w of widths) {
      if (used + w > width && used > 0) {
        lines++;
        used = 0;
      }
      used += w;
    }
  }
  return lines;
}

/** Cuts text to at most `count` graphemes (never inside an emoji or a combining sequence). */
function truncateGraphemes(text: string, count: number): string {
  let out = '';
  let n = 0;
  for (const { segment } of graphemes().segment(text)) {
    if (n++ >= count) break;
    out += segment;
  }
  return out;
}

/**
 * Fits a text to a box: the largest size whose estimated lines fit is chosen; if none does, the smallest
 * size is used and the text is clamped to the lines that fit, ending in an ellipsis. The estimate only
 * picks the size; the clamp (`lineClamp` with a `maxHeight`) is what guarantees the text stays inside.
 * Very long text is cut before layout (still well past the clamp), so a 5,000-character title costs no more
 * to lay out than a 300-character one.
 */
export function fitText(text: string, options: FitTextOptions): FittedText {
  const lineHeight = options.lineHeight ?? 1.15;
  const factor = options.widthFactor ?? 1;
  const sizes = options.sizes.length ? options.sizes : [48];
  const linesAt = (size: number) =>
    Math.max(1, Math.min(options.maxLines ?? 99, Math.floor(options.maxHeight / (size * lineHeight) + 1e-6)));
  let chosen = sizes[sizes.length - 1] as number;
  let lines = 0;
  let clamped = true;
  for (const size of sizes) {
    const estimate = estimateLines(text, size, options.width, factor);
    if (estimate <= linesAt(size)) {
      chosen = size;
      lines = estimate;
      clamped = false;
      break;
    }
  }
  const maxLines = linesAt(chosen);
  let shown = text;
  if (clamped) {
    // Generous: twice what fits even if every glyph were as narrow as a space.
    const capacity = Math.ceil((options.width / (chosen * 0.27 * factor)) * maxLines * 2);
    shown = truncateGraphemes(text, capacity);
    lines = maxLines;
  }
  return {
    text: shown,
    fontSize: chosen,
    lines,
    maxLines,
    clamped,
    style: {
      display: 'block',
      fontSize: chosen,
      lineHeight,
      lineClamp: maxLines,
      maxHeight: Math.floor(maxLines * chosen * lineHeight) + 1,
      wordBreak: 'break-word',
    },
  };
}
