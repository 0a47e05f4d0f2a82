import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll } from 'vitest';

/** A fresh temporary directory, removed after the file's tests. */
export function tempDir(prefix = 'cards-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Width and height from a PNG's IHDR chunk; throws when the bytes are not a PNG. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const b = Buffer.from(png);
  if (b.readUInt32BE(0) !== 0x89504e47 || b.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** A decoded image: RGBA, row after row. */
export interface Pixels {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Decodes an 8-bit, non-interlaced RGB or RGBA PNG (what resvg writes). */
export function decodePng(png: Uint8Array): Pixels {
  const b = Buffer.from(png);
  const { width, height } = pngSize(png);
  const colorType = b[25];
  if (b[24] !== 8 || b[28] !== 0 || (colorType !== 6 && colorType !== 2)) throw new Error('unsupported PNG layout');
  const channels = colorType === 6 ? 4 : 3;
  const chunks: Buffer[] = [];
  for (let at = 8; at < b.length; ) {
    const length = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') chunks.push(b.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const stride = width * channels;
  const rows = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] ?? 0;
      const left = x >= channels ? (rows[y * stride + x - channels] ?? 0) : 0;
      const up = y > 0 ? (rows[(y - 1) * stride + x] ?? 0) : 0;
      const upLeft = y > 0 && x >= channels ? (rows[(y - 1) * stride + x - channels] ?? 0) : 0;
      let predicted = 0;
      if (filter === 1) predicted = left;
      else if (filter === 2) predicted = up;
      else if (filter === 3) predicted = (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        predicted = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      }
      rows[y * stride + x] = (value + predicted) & 0xff;
    }
  }
  if (channels === 4) return { width, height, data: rows };
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data.set(rows.subarray(i * 3, i * 3 + 3), i * 4);
    data[i * 4 + 3] = 255;
  }
  return { width, height, data };
}

/** A rectangle in pixels: left, top, right and bottom edges (right and bottom exclusive). */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * The bounding box of every pixel `match` accepts (within `region`, the whole image by default), and how
 * many there are; `null` box when none.
 */
export function inkBox(
  image: Pixels,
  match: (r: number, g: number, b: number) => boolean,
  region: Box = { left: 0, top: 0, right: image.width, bottom: image.height },
): { box: Box | null; count: number } {
  let box: Box | null = null;
  let count = 0;
  for (let y = Math.max(0, region.top); y < Math.min(image.height, region.bottom); y++) {
    for (let x = Math.max(0, region.left); x < Math.min(image.width, region.right); x++) {
      const i = (y * image.width + x) * 4;
      if (!match(image.data[i] ?? 0, image.data[i + 1] ?? 0, image.data[i + 2] ?? 0)) continue;
      count++;
      if (!box) box = { left: x, top: y, right: x + 1, bottom: y + 1 };
      else {
        box.left = Math.min(box.left, x);
        box.top = Math.min(box.top, y);
        box.right = Math.max(box.right, x + 1);
        box.bottom = Math.max(box.bottom, y + 1);
      }
    }
  }
  return { box, count };
}

/** Pure-ish red, the probe colour tests give the title. Anti-aliased edges are not counted. */
export const isRed = (r: number, g: number, b: number): boolean => r > 180 && g < 90 && b < 90;

/** Rebuilds a TrueType (sfnt) file from a WOFF one: the tables inflated and laid out again. */
export function woffToTtf(woff: Uint8Array): Buffer {
  const b = Buffer.from(woff);
  const count = b.readUInt16BE(12);
  const tables: { tag: string; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    const at = 44 + i * 20;
    const offset = b.readUInt32BE(at + 4);
    const compressed = b.readUInt32BE(at + 8);
    const original = b.readUInt32BE(at + 12);
    const raw = b.subarray(offset, offset + compressed);
    tables.push({
      tag: b.toString('latin1', at, at + 4),
      checksum: b.readUInt32BE(at + 16),
      data: compressed < original ? inflateSync(raw) : Buffer.from(raw),
    });
  }
  const power = 2 ** Math.floor(Math.log2(count));
  const header = Buffer.alloc(12 + count * 16);
  header.writeUInt32BE(b.readUInt32BE(4), 0);
  header.writeUInt16BE(count, 4);
  header.writeUInt16BE(power * 16, 6);
  header.writeUInt16BE(Math.log2(power), 8);
  header.writeUInt16BE(count * 16 - power * 16, 10);
  const bodies: Buffer[] = [];
  let offset = header.length;
  tables.forEach((t, i) => {
    header.write(t.tag, 12 + i * 16, 'latin1');
    header.writeUInt32BE(t.checksum, 16 + i * 16);
    header.writeUInt32BE(offset, 20 + i * 16);
    header.writeUInt32BE(t.data.length, 24 + i * 16);
    const padded = Buffer.alloc(Math.ceil(t.data.length / 4) * 4);
    t.data.copy(padded);
    bodies.push(padded);
    offset += padded.length;
  });
  return Buffer.concat([header, ...bodies]);
}

/** A font file from one of the package's Fontsource dependencies. */
export function fontsourceFile(pkg: string, file: string): string {
  return join(import.meta.dirname, '..', 'node_modules', pkg, 'files', file);
}
