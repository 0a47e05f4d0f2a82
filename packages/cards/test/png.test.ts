import { randomBytes } from 'node:crypto';
import { crc32, deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { adler32, adlerAfter, deflateStretch, encodeRgbStretches } from '../src/render/png.js';
import { decodePng } from './helpers.js';

/** Adler-32 as RFC 1950 defines it, byte by byte: what `adler32` must agree with. */
function referenceAdler(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return (b * 65536 + a) >>> 0;
}

/** The Adler-32 a compressed zlib stream of `bytes` ends with. */
const zlibAdler = (bytes: Uint8Array) => {
  const stream = deflateSync(bytes);
  return stream.readUInt32BE(stream.length - 4);
};

/** Every chunk of a PNG, its CRC checked. */
function chunks(png: Uint8Array): { type: string; data: Buffer }[] {
  const b = Buffer.from(png);
  const out: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < b.length; ) {
    const length = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    expect(crc32(b.subarray(at + 4, at + 8 + length)), `${type} CRC`).toBe(b.readUInt32BE(at + 8 + length));
    out.push({ type, data: b.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  return out;
}

describe('PNG scanlines compressed in stretches', () => {
  it('computes Adler-32 as RFC 1950 defines it, for empty, short and long data', () => {
    for (const size of [0, 1, 5551, 5552, 5553, 100_000]) {
      const bytes = size === 100_000 ? new Uint8Array(size).fill(255) : randomBytes(size);
      expect(adler32(bytes), `${size} bytes`).toBe(referenceAdler(bytes));
    }
  });

  it('moves a checksum by the changes made to the data, without reading it again', () => {
    const before = new Uint8Array(randomBytes(300_000));
    const after = before.slice();
    const change = { a: 0, b: 0 };
    for (let i = 0; i < 5_000; i++) {
      const at = Math.floor(Math.random() * after.length);
      const value = Math.floor(Math.random() * 256);
      const d = value - (after[at] as number);
      after[at] = value;
      change.a += d;
      change.b += d * (after.length - at);
    }
    expect(adlerAfter(adler32(before), change)).toBe(zlibAdler(after));
    // And back again: the background's checksum from a card's.
    expect(adlerAfter(zlibAdler(after), { a: -change.a, b: -change.b })).toBe(adler32(before));
  });

  it('joins stretches compressed separately into one valid PNG of all the rows', () => {
    const width = 40;
    const height = 30;
    const stride = width * 3 + 1;
    const rows = new Uint8Array(stride * height);
    for (let y = 0; y < height; y++) {
      rows[y * stride] = 0;
      for (let x = 1; x < stride; x++) rows[y * stride + x] = y < 10 ? 200 : (x * y) % 256;
    }
    const cuts = [0, 3, 4, 17, 30];
    const stretches = cuts
      .slice(1)
      .map((end, i) => deflateStretch(rows.subarray((cuts[i] as number) * stride, end * stride)));
    const png = encodeRgbStretches(stretches, adler32(rows), width, height);
    const found = chunks(png);
    expect(found.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    // inflate checks the Adler-32 at the end of the stream.
    expect(Buffer.from(inflateSync((found[1] as { data: Buffer }).data)).equals(Buffer.from(rows))).toBe(true);
    const image = decodePng(png);
    expect([image.width, image.height]).toEqual([width, height]);
    expect(Array.from(image.data.subarray(0, 4))).toEqual([200, 200, 200, 255]);
    // A wrong checksum is caught by any decoder: the stream really ends with it.
    const wrong = encodeRgbStretches(stretches, (adler32(rows) ^ 1) >>> 0, width, height);
    expect(() => inflateSync((chunks(wrong)[1] as { data: Buffer }).data)).toThrow();
  });
});
