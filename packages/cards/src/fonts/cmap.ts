import { inflateSync } from 'node:zlib';
import type { Ranges } from './fontsource.ts';

const u16 = (v: DataView, at: number) => v.getUint16(at);
const u32 = (v: DataView, at: number) => v.getUint32(at);

/** Finds a table in a TTF/OTF or WOFF file and returns its (inflated) bytes. */
function table(bytes: Uint8Array, wanted: string): DataView | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const woff = u32(view, 0) === 0x774f4646;
  const count = u16(view, woff ? 12 : 4);
  const first = woff ? 44 : 12;
  const size = woff ? 20 : 16;
  for (let i = 0; i < count; i++) {
    const at = first + i * size;
    const tag = String.fromCharCode(...bytes.subarray(at, at + 4));
    if (tag !== wanted) continue;
    if (!woff) return new DataView(bytes.buffer, bytes.byteOffset + u32(view, at + 8), u32(view, at + 12));
    const offset = u32(view, at + 4);
    const compressed = u32(view, at + 8);
    const original = u32(view, at + 12);
    const raw = bytes.subarray(offset, offset + compressed);
    const data = compressed < original ? inflateSync(raw) : raw;
    return new DataView(data.buffer, data.byteOffset, data.byteLength);
  }
  return null;
}

function format4(v: DataView, at: number, out: [number, number][]): void {
  const segCount = u16(v, at + 6) / 2;
  const ends = at + 14;
  const starts = ends + segCount * 2 + 2;
  const deltas = starts + segCount * 2;
  const rangeOffsets = deltas + segCount * 2;
  for (let s = 0; s < segCount; s++) {
    const end = u16(v, ends + s * 2);
    const start = u16(v, starts + s * 2);
    const delta = u16(v, deltas + s * 2);
    const rangeOffset = u16(v, rangeOffsets + s * 2);
    if (start === 0xffff) continue;
    for (let c = start; c <= end; c++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
      else {
        const where = rangeOffsets + s * 2 + rangeOffset + (c - start) * 2;
        glyph = where + 2 <= v.byteLength ? u16(v, where) : 0;
        if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
      }
      if (glyph === 0) continue;
      const last = out[out.length - 1];
      if (last && last[1] === c - 1) last[1] = c;
      else out.push([c, c]);
    }
  }
}

function format12(v: DataView, at: number, out: [number, number][]): void {
  const groups = u32(v, at + 12);
  for (let g = 0; g < groups; g++) {
    const start = u32(v, at + 16 + g * 12);
    const end = u32(v, at + 20 + g * 12);
    out.push([start, end]);
  }
}

/**
 * The code points a TTF, OTF or WOFF font has glyphs for, from its Unicode `cmap` subtable (format 12 when
 * present, else format 4). Empty for anything it cannot read (WOFF2, a symbol-only cmap).
 */
export function fontCoverage(bytes: Uint8Array): Ranges {
  try {
    const cmap = table(bytes, 'cmap');
    if (!cmap) return [];
    const subtables: { format: number; at: number; platform: number; encoding: number }[] = [];
    for (let i = 0; i < u16(cmap, 2); i++) {
      const platform = u16(cmap, 4 + i * 8);
      const encoding = u16(cmap, 6 + i * 8);
      const at = u32(cmap, 8 + i * 8);
      subtables.push({ format: u16(cmap, at), at, platform, encoding });
    }
    const unicode = (t: { platform: number; encoding: number }) =>
      t.platform === 0 || (t.platform === 3 && (t.encoding === 1 || t.encoding === 10));
    const best =
      subtables.find((t) => t.format === 12 && unicode(t)) ?? subtables.find((t) => t.format === 4 && unicode(t));
    if (!best) return [];
    const out: [number, number][] = [];
    if (best.format === 12) format12(cmap, best.at, out);
    else format4(cmap, best.at, out);
    return out.sort((a, b) => a[0] - b[0]);
  } catch {
    return [];
  }
}
