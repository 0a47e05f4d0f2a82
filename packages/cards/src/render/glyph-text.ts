import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import type { HarfBuzz, HbFont, HbGlyph } from 'harfbuzzjs';
import type { SatoriFont } from '../fonts/font-book.ts';
import { toSfnt } from '../fonts/sfnt.ts';
import { type AdlerChange, adler32, adlerAfter, deflateStretch, encodeRgbStretches } from './png.ts';
import { RESVG_OPTIONS, startsWithOpaqueBackdrop } from './rasterise.ts';

/**
 * Text drawn from a glyph cache, for the common card: satori lays the card out without embedding the
 * fonts (`embedFont: false`, so each word comes as a `<text>` element with its position), resvg draws
 * everything but the text, and each glyph is then stamped onto the pixels from a cache of glyph pictures
 * (drawn by resvg once per font, size and quarter-pixel position). satori's embedded fonts instead write
 * every glyph of every card as path data that resvg parses and fills again: for a text card that was about
 * 40 % of its CPU time.
 *
 * Glyphs are placed as satori places them: words of one line and style are shaped together with HarfBuzz
 * (the shaper satori uses), from the first word's position, letter spacing after each cluster. A card the
 * cache cannot draw exactly as satori would (right-to-left text, fallback fonts, text with clipping,
 * transforms or opacity, shapes drawn over a glyph's ink, a see-through background) is left to the
 * embedded path: {@link GlyphText.draw} returns `null`. `Draw` also keeps cards with a post picture on
 * that path.
 */

/** Quarter-pixel positions: each glyph is drawn at most 16 ways per size. */
const STEPS = 4;
/** The cache is emptied when its glyph pictures pass this many bytes. */
const MAX_MASK_BYTES = 32 * 1024 * 1024;
const MAX_SHAPES = 20_000;
/** Backgrounds kept as pixels (3 MB each for a 1200×630 card). */
const BACKGROUNDS = 2;
/** Rows per band: the unit in which a background's compressed rows are reused by the cards drawn on it. */
const BAND = 8;

/** An opaque picture as PNG scanlines: each row a filter byte (0), then RGB pixels. */
export interface Canvas {
  rows: Uint8Array;
  width: number;
  height: number;
}

/**
 * A card's background, kept between cards with its bands of rows compressed as cards draw on it: a card
 * then compresses only the bands its text touched (see {@link GlyphText.png}).
 */
interface Background extends Canvas {
  /** Bands deflated on their own ({@link deflateStretch}), each once a card has left it untouched. */
  bands: (Buffer | undefined)[];
  /** The Adler-32 of all its rows, once a card has been drawn on it. */
  adler?: number;
}

/** A card drawn from the glyph cache: its rows, what it was drawn on, and what the text changed. */
export interface StampedCard extends Canvas {
  background: Background;
  /** 1 for each band of rows a glyph was stamped on (until the next card is drawn). */
  touched: Uint8Array;
  /** How the stamped text moved the rows' Adler-32 away from the background's. */
  change: AdlerChange;
}

/** Bands `from` up to (not including) `to` of a canvas's rows. */
function bandRows({ rows, width, height }: Canvas, from: number, to: number): Uint8Array {
  const stride = width * 3 + 1;
  return rows.subarray(from * BAND * stride, Math.min(to * BAND, height) * stride);
}

/** Opaque RGBA pixels (resvg's; premultiplied and straight are the same when opaque) as PNG RGB rows. */
function rgbRows(rgba: Uint8Array, width: number, height: number): Background {
  const stride = width * 3 + 1;
  const rows = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    let to = y * stride + 1;
    let from = y * width * 4;
    for (let x = 0; x < width; x++, to += 3, from += 4) {
      rows[to] = rgba[from] as number;
      rows[to + 1] = rgba[from + 1] as number;
      rows[to + 2] = rgba[from + 2] as number;
    }
  }
  return { rows, width, height, bands: [] };
}

/** A satori `<text>` element as `embedFont: false` writes it, with nothing on it the cache cannot draw. */
const TEXT =
  /<text x="(-?[\d.]+)" y="(-?[\d.]+)" width="([\d.]+)" height="[\d.]+" font-weight="(\w+)" font-style="normal" font-size="([\d.]+)" font-family="[^"]*"(?: letter-spacing="(-?[\d.]+)")? fill="#([0-9a-f]{6}|[0-9a-f]{3})">([^<]*)<\/text>/gi;
/** Definitions: not drawn where they stand. */
const DEFINITIONS = /<(mask|clipPath|defs|pattern|linearGradient|radialGradient|filter)\b[^>]*>[\s\S]*?<\/\1>/g;
/** Right-to-left letters and marks (Hebrew to NKo, presentation forms, the supplementary blocks). */
const RIGHT_TO_LEFT =
  /[\u0590-\u08ff\u200f\u202b\u202e\u2067\ufb1d-\ufdff\ufe70-\ufeff\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;
/** Where each `<text>` stood, while the others are checked. */
const MARK = '<sharecraft-text/>';
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

interface Run {
  x: number;
  y: number;
  width: number;
  weight: number;
  size: number;
  spacing: number;
  fill: [number, number, number];
  text: string;
}

/** A glyph where it is stamped. */
interface Placed {
  face: Face;
  glyph: number;
  size: number;
  x: number;
  y: number;
  fill: Run['fill'];
}

interface Face {
  font: HbFont;
  upem: number;
  shapes: Map<string, HbGlyph[]>;
  outlines: Map<number, string>;
  extents: Map<number, Extents | null>;
  masks: Map<string, Mask | null>;
}

interface Extents {
  xBearing: number;
  yBearing: number;
  width: number;
  height: number;
}

/** left, top, right, bottom in pixels. */
type Box = [number, number, number, number];

function extentsOf(face: Face, glyph: number): Extents | null {
  let extents = face.extents.get(glyph);
  if (extents === undefined) {
    extents = face.font.glyphExtents(glyph);
    face.extents.set(glyph, extents);
  }
  return extents;
}

interface Mask {
  left: number;
  top: number;
  width: number;
  height: number;
  alpha: Uint8Array;
}

function weightOf(value: string): number {
  if (value === 'normal') return 400;
  if (value === 'bold') return 700;
  return Number(value);
}

function colour(hex: string): [number, number, number] {
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  return [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
}

function decode(text: string): string | null {
  let ok = true;
  const out = text.replace(/&([^;]*);|&/g, (all, name: string | undefined) => {
    const value = name === undefined ? undefined : ENTITIES[name];
    if (value === undefined) ok = false;
    return value ?? all;
  });
  return ok ? out : null;
}

const ATTRIBUTES = {
  x: /\sx="(-?[\d.]+)"/,
  y: /\sy="(-?[\d.]+)"/,
  width: /\swidth="(-?[\d.]+)"/,
  height: /\sheight="(-?[\d.]+)"/,
};

/** A numeric position attribute of an SVG start tag, or `null` when it has none. */
function number(tag: string, name: keyof typeof ATTRIBUTES): number | null {
  const m = ATTRIBUTES[name].exec(tag);
  return m?.[1] ? Number(m[1]) : null;
}

/**
 * The text runs of satori's SVG, and the SVG with each run replaced by a mark; `null` when a run is not
 * one the cache can draw (an unknown entity, right-to-left letters) or a `<text>` has other attributes.
 */
function readRuns(svg: string): { runs: Run[]; rest: string } | null {
  const runs: Run[] = [];
  let unreadable = false;
  const rest = svg.replace(TEXT, (_all, x, y, width, weight, size, spacing, fill, content) => {
    const text = decode(content);
    if (text === null || RIGHT_TO_LEFT.test(text)) unreadable = true;
    runs.push({
      x: Number(x),
      y: Number(y),
      width: Number(width),
      weight: weightOf(weight),
      size: Number(size),
      spacing: spacing ? Number(spacing) : 0,
      fill: colour(fill),
      text: text ?? '',
    });
    return MARK;
  });
  if (unreadable || rest.includes('<text') || runs.length === 0) return null;
  return { runs, rest };
}

/**
 * Words of one line and style, side by side, joined into one run: they are shaped together, as satori
 * does when it embeds fonts. `lineOf` gives each word's line.
 */
function joinLines(runs: readonly Run[]): { lines: Run[]; lineOf: number[] } {
  const lines: Run[] = [];
  const lineOf: number[] = [];
  for (const run of runs) {
    const last = lines[lines.length - 1];
    if (
      last &&
      last.y === run.y &&
      last.weight === run.weight &&
      last.size === run.size &&
      last.spacing === run.spacing &&
      last.fill.join() === run.fill.join() &&
      Math.abs(last.x + last.width - run.x) < 0.01
    ) {
      last.text += run.text;
      last.width = run.x + run.width - last.x;
    } else lines.push({ ...run });
    lineOf.push(lines.length - 1);
  }
  return { lines, lineOf };
}

/** Draws the text of satori's `embedFont: false` SVGs from cached glyph pictures. One per thread. */
export class GlyphText {
  readonly #hb: HarfBuzz;
  readonly #faces = new WeakMap<object, Face | null>();
  /** The last backgrounds drawn, newest last. */
  readonly #backgrounds = new Map<string, Background>();
  /** The rows of the card being drawn, reused from card to card. */
  #canvas: Uint8Array = new Uint8Array(0);
  /** The background the canvas holds, apart from the bands `#dirty` marks (the last card's text). */
  #canvasHolds: Background | undefined;
  #dirty: Uint8Array = new Uint8Array(0);
  /** Every face made, so the glyph cache can be emptied across them. */
  readonly #made = new Set<Face>();
  #maskBytes = 0;

  private constructor(hb: HarfBuzz) {
    this.#hb = hb;
  }

  /** Loads HarfBuzz (a CommonJS module whose export is a promise: required, so every loader agrees). */
  static async load(): Promise<GlyphText> {
    const hb = createRequire(import.meta.url)('harfbuzzjs') as Promise<HarfBuzz>;
    return new GlyphText(await hb);
  }

  /**
   * Whether {@link draw} could take these fonts: one family (no fallback for satori to choose from), in
   * fonts HarfBuzz reads. Checked before laying out, so a card it cannot take is laid out only once.
   */
  accepts(fonts: readonly SatoriFont[]): boolean {
    const first = fonts[0];
    if (!first) return false;
    return fonts.every((f) => f.name === first.name && (f.style ?? 'normal') === 'normal' && this.#face(f) !== null);
  }

  /**
   * The card with its text stamped (RGB scanlines, opaque; encode it with {@link png}), or `null` when the
   * SVG has something this path does not draw exactly as satori's embedded fonts would: then nothing is
   * lost, the caller draws the card the usual way.
   */
  draw(svg: string, fonts: readonly SatoriFont[]): StampedCard | null {
    if (!this.accepts(fonts) || !startsWithOpaqueBackdrop(svg)) return null;
    const read = readRuns(svg);
    if (!read) return null;
    const { lines, lineOf } = joinLines(read.runs);
    const placed = this.#place(lines, fonts);
    if (!placed) return null;
    const inkBoxes = lineOf.map((line) => placed.inkBoxes[line] ?? null);
    if (!this.#textOnTop(read.rest, inkBoxes)) return null;
    return this.#stampAll(placed.glyphs, this.#background(read.rest.replaceAll(MARK, '')));
  }

  /** Where every glyph of the lines goes, and the box its ink covers on each line; `null` if a glyph is missing. */
  #place(lines: readonly Run[], fonts: readonly SatoriFont[]): { glyphs: Placed[]; inkBoxes: (Box | null)[] } | null {
    const byWeight = new Map<number, SatoriFont>(fonts.map((f) => [f.weight ?? 400, f]));
    const glyphs: Placed[] = [];
    const inkBoxes: (Box | null)[] = [];
    for (const run of lines) {
      let box: Box | null = null;
      inkBoxes.push(null);
      if (!run.text.trim()) continue;
      const font = byWeight.get(run.weight);
      const face = font ? this.#face(font) : null;
      if (!face) return null;
      const shaped = this.#shape(face, run.text);
      const scale = run.size / face.upem;
      let x = run.x;
      for (let i = 0; i < shaped.length; i++) {
        const glyph = shaped[i] as HbGlyph;
        if (glyph.g === 0) return null;
        const gx = x + glyph.dx * scale;
        const gy = run.y - glyph.dy * scale;
        glyphs.push({ face, glyph: glyph.g, size: run.size, x: gx, y: gy, fill: run.fill });
        const e = extentsOf(face, glyph.g);
        if (e && e.width !== 0 && e.height !== 0) {
          const left = gx + e.xBearing * scale - 1;
          const top = gy - e.yBearing * scale - 1;
          const right = left + e.width * scale + 2;
          const bottom = top - e.height * scale + 2;
          box = box
            ? [Math.min(box[0], left), Math.min(box[1], top), Math.max(box[2], right), Math.max(box[3], bottom)]
            : [left, top, right, bottom];
        }
        x += glyph.ax * scale;
        if (shaped[i + 1]?.cl !== glyph.cl) x += run.spacing;
      }
      inkBoxes[inkBoxes.length - 1] = box;
    }
    return { glyphs, inkBoxes };
  }

  /** Stamps the glyphs on a copy of the background, noting the bands they touch and what they change. */
  #stampAll(glyphs: readonly Placed[], background: Background): StampedCard {
    const canvas = this.#canvasOn(background);
    const touched = this.#dirty;
    const change: AdlerChange = { a: 0, b: 0 };
    for (const p of glyphs) {
      const ix = Math.floor(p.x);
      const iy = Math.floor(p.y);
      const mask = this.#mask(p.face, p.glyph, p.size, Math.round((p.x - ix) * STEPS), Math.round((p.y - iy) * STEPS));
      if (!mask) continue;
      stamp(canvas, mask, ix, iy, p.fill[0], p.fill[1], p.fill[2], change);
      const top = Math.max(0, iy + mask.top);
      const bottom = Math.min(canvas.height, iy + mask.top + mask.height);
      for (let band = Math.floor(top / BAND); band * BAND < bottom; band++) touched[band] = 1;
    }
    return { ...canvas, background, touched, change };
  }

  /**
   * The card's PNG, compressed in stretches: each run of bands the text touched, and each untouched band
   * on its own. An untouched band is the background's, so it is compressed once per background and then
   * reused, and the checksum is the background's moved by what the text changed: a card's text covers
   * about half its rows, and compressing was the largest single cost of a text card. The stretches depend
   * only on the card, never on the cards drawn before it, so a card's bytes are the same in any build.
   */
  png(card: StampedCard): Buffer {
    const { background, rows, width, height, touched } = card;
    const count = Math.ceil(height / BAND);
    const stretches: Uint8Array[] = [];
    for (let band = 0; band < count; ) {
      if (touched[band]) {
        let end = band + 1;
        while (end < count && touched[end]) end++;
        stretches.push(deflateStretch(bandRows(card, band, end)));
        band = end;
      } else {
        let kept = background.bands[band];
        if (!kept) {
          kept = deflateStretch(bandRows(card, band, band + 1));
          background.bands[band] = kept;
        }
        stretches.push(kept);
        band++;
      }
    }
    const known = background.adler;
    const adler = known === undefined ? adler32(rows) : adlerAfter(known, card.change);
    background.adler ??= adlerAfter(adler, { a: -card.change.a, b: -card.change.b });
    return encodeRgbStretches(stretches, adler, width, height);
  }

  /**
   * The canvas, holding `background`: when it already does, only the bands the last card's text touched
   * are copied back.
   */
  #canvasOn(background: Background): Canvas {
    const { rows, width, height } = background;
    const bands = Math.ceil(height / BAND);
    if (this.#canvasHolds === background && this.#canvas.length === rows.length) {
      const canvas = { rows: this.#canvas, width, height };
      for (let band = 0; band < bands; band++) {
        if (this.#dirty[band]) bandRows(canvas, band, band + 1).set(bandRows(background, band, band + 1));
      }
      this.#dirty.fill(0);
    } else {
      if (this.#canvas.length !== rows.length) this.#canvas = new Uint8Array(rows.length);
      this.#canvas.set(rows);
      this.#canvasHolds = background;
      this.#dirty = new Uint8Array(bands);
    }
    return { rows: this.#canvas, width, height };
  }

  /**
   * The card without its text (the text is stamped on a copy, see `#canvasOn`). Cards of one template often share
   * everything but their text (the default template's backdrop, accent, badge and avatar circle): the
   * last backgrounds are kept as RGB rows and copied instead of drawn again. Masks nothing refers to
   * (satori writes one per box) are left out of the comparison; they draw nothing.
   */
  #background(svg: string): Background {
    const used = new Set([...svg.matchAll(/url\(#([^)]+)\)/g)].map((m) => m[1]));
    const key = svg.replace(/<mask id="([^"]*)">[\s\S]*?<\/mask>/g, (all, id: string) => (used.has(id) ? all : ''));
    let kept = this.#backgrounds.get(key);
    if (kept) this.#backgrounds.delete(key);
    else {
      const image = new Resvg(key, RESVG_OPTIONS).render();
      kept = rgbRows(image.pixels, image.width, image.height);
      if (this.#backgrounds.size >= BACKGROUNDS)
        this.#backgrounds.delete(this.#backgrounds.keys().next().value as string);
    }
    this.#backgrounds.set(key, kept);
    return kept;
  }

  /**
   * Text is stamped after everything else is drawn, which is right only when nothing drawn after a word
   * in the SVG overlaps its ink (`runs`: each word's line's ink box, from the glyphs' extents) and no
   * group changes how it is drawn. Later shapes must say where they are (satori writes x, y, width and
   * height on them).
   */
  #textOnTop(svg: string, runs: (Box | null)[]): boolean {
    let textInDefinitions = false;
    const body = svg.replace(DEFINITIONS, (definition) => {
      if (definition.includes(MARK)) textInDefinitions = true;
      return '';
    });
    if (textInDefinitions) return false;
    // A group with attributes (opacity, a transform, a clip) may hold text: it is not stamped as drawn.
    if (/<g\s/.test(body)) return false;
    const boxes: Box[] = [];
    let next = 0;
    for (const m of body.matchAll(/<([a-zA-Z][\w-]*)\b[^>]*>/g)) {
      if (m[0] === MARK) {
        const box = runs[next++];
        if (box) boxes.push(box);
        continue;
      }
      if (boxes.length === 0 || m[1] === 'svg') continue;
      const tag = m[0];
      if (/\stransform=/.test(tag)) return false;
      const x = number(tag, 'x');
      const y = number(tag, 'y');
      const w = number(tag, 'width');
      const h = number(tag, 'height');
      if (x === null || y === null || w === null || h === null) return false;
      if (boxes.some(([l, t, r, b]) => x < r && x + w > l && y < b && y + h > t)) return false;
    }
    return next === runs.length;
  }

  #face(font: SatoriFont): Face | null {
    const key = font.data as object;
    let face = this.#faces.get(key);
    if (face === undefined) {
      const bytes = toSfnt(font.data);
      if (bytes) {
        const blob = this.#hb.createBlob(bytes);
        const hbFace = this.#hb.createFace(blob, 0);
        face = {
          font: this.#hb.createFont(hbFace),
          upem: hbFace.upem,
          shapes: new Map(),
          outlines: new Map(),
          extents: new Map(),
          masks: new Map(),
        };
        this.#made.add(face);
      } else face = null;
      this.#faces.set(key, face);
    }
    return face;
  }

  #shape(face: Face, text: string): HbGlyph[] {
    let glyphs = face.shapes.get(text);
    if (!glyphs) {
      const buffer = this.#hb.createBuffer();
      buffer.addText(text);
      buffer.guessSegmentProperties();
      this.#hb.shape(face.font, buffer);
      glyphs = buffer.json();
      buffer.destroy();
      if (face.shapes.size >= MAX_SHAPES) face.shapes.clear();
      face.shapes.set(text, glyphs);
    }
    return glyphs;
  }

  /** The glyph's coverage at `size` px, its origin `fx`/`fy` quarter pixels into the pixel at (0, 0). */
  #mask(face: Face, glyph: number, size: number, fx: number, fy: number): Mask | null {
    const key = `${glyph}:${size}:${fx}:${fy}`;
    const cached = face.masks.get(key);
    if (cached !== undefined) return cached;
    let outline = face.outlines.get(glyph);
    if (outline === undefined) {
      outline = face.font.glyphToPath(glyph);
      face.outlines.set(glyph, outline);
    }
    const extents = extentsOf(face, glyph);
    let mask: Mask | null = null;
    if (outline && extents && extents.width !== 0 && extents.height !== 0) {
      const scale = size / face.upem;
      const ox = fx / STEPS;
      const oy = fy / STEPS;
      const left = Math.floor(ox + extents.xBearing * scale) - 1;
      const right = Math.ceil(ox + (extents.xBearing + extents.width) * scale) + 1;
      const top = Math.floor(oy - extents.yBearing * scale) - 1;
      const bottom = Math.ceil(oy - (extents.yBearing + extents.height) * scale) + 1;
      const width = right - left;
      const height = bottom - top;
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><path fill="#fff" transform="translate(${ox - left} ${oy - top}) scale(${scale} ${-scale})" d="${outline}"/></svg>`;
      const rgba = new Resvg(svg, RESVG_OPTIONS).render().pixels;
      const alpha = new Uint8Array(width * height);
      for (let i = 0; i < alpha.length; i++) alpha[i] = rgba[i * 4 + 3] as number;
      mask = { left, top, width, height, alpha };
      this.#maskBytes += alpha.length;
    }
    if (this.#maskBytes > MAX_MASK_BYTES) {
      for (const made of this.#made) made.masks.clear();
      this.#maskBytes = 0;
    }
    face.masks.set(key, mask);
    return mask;
  }
}

/**
 * A blend's sum (`pixel × (255 − a) + colour × a`) divided by 255, rounded to nearest: in integers, exact
 * for every sum a blend can make (checked for all of them), and without the float division that made
 * stamping the slowest part of drawing a card's text.
 */
function over(sum: number): number {
  const x = sum + 127;
  return (x + 1 + (x >> 8)) >> 8;
}

/**
 * Paints `mask` in colour (r, g, b) over the canvas, its origin at pixel (x, y), adding what it changed to
 * `change` (see {@link AdlerChange}).
 */
function stamp(
  canvas: Canvas,
  mask: Mask,
  x: number,
  y: number,
  r: number,
  g: number,
  b: number,
  change: AdlerChange,
): void {
  const { rows, width, height } = canvas;
  const length = rows.length;
  let sum = 0;
  let weighted = 0;
  const alpha = mask.alpha;
  const stride = width * 3 + 1;
  const left = x + mask.left;
  const top = y + mask.top;
  const from = Math.max(0, -left);
  const to = Math.min(mask.width, width - left);
  for (let row = Math.max(0, -top); row < mask.height && top + row < height; row++) {
    let at = (top + row) * stride + 1 + (left + from) * 3;
    let cover = row * mask.width + from;
    for (let col = from; col < to; col++, at += 3, cover++) {
      const a = alpha[cover] as number;
      if (a === 0) continue;
      const r0 = rows[at] as number;
      const g0 = rows[at + 1] as number;
      const b0 = rows[at + 2] as number;
      let r1 = r;
      let g1 = g;
      let b1 = b;
      if (a !== 255) {
        const keep = 255 - a;
        r1 = over(r0 * keep + r * a);
        g1 = over(g0 * keep + g * a);
        b1 = over(b0 * keep + b * a);
      }
      rows[at] = r1;
      rows[at + 1] = g1;
      rows[at + 2] = b1;
      // The three bytes' changes, each weighted by its distance from the end (at, at + 1, at + 2).
      const dr = r1 - r0;
      const dg = g1 - g0;
      const db = b1 - b0;
      sum += dr + dg + db;
      weighted += (dr + dg + db) * (length - at) - dg - 2 * db;
    }
  }
  change.a += sum;
  change.b += weighted;
}
