import { constants, crc32, deflateRawSync, deflateSync } from 'node:zlib';

/**
 * zlib level for card PNGs. Cards are flat colour and text, so with no row filters level 2 already finds
 * the long runs: about a third of the time resvg's own encoder takes, for files about 5 % larger.
 */
const LEVEL = 2;

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The rows of the last card, reused: a card's rows are 3 MB, and every card of a run has the same size. */
let rows: Buffer | undefined;

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Whether every pixel's alpha byte is 255. */
function everyPixelOpaque(rgba: Uint8Array): boolean {
  let alpha = 255;
  for (let i = 3; i < rgba.length; i += 4) alpha &= rgba[i] as number;
  return alpha === 255;
}

/**
 * Encodes RGBA pixels as a PNG when every pixel is opaque (then resvg's premultiplied pixels and PNG's
 * straight alpha are the same bytes): each row is copied whole behind its filter byte (none) and the lot
 * deflated at zlib level 2. Copying whole rows is what makes this fast: dropping the alpha byte to write
 * RGB took a byte-by-byte loop that cost more than the compression (measured: 2.6 ms against 0.7 ms for a
 * 1200×630 card), for files only ~10 % smaller. `knownOpaque` skips the pixel check when the caller
 * knows (see `rasterise`). Returns `null` when a pixel is not opaque: resvg's own encoder then
 * un-premultiplies.
 */
export function encodeOpaquePng(rgba: Uint8Array, width: number, height: number, knownOpaque = false): Buffer | null {
  const rowBytes = width * 4;
  if (rgba.length !== rowBytes * height) return null;
  if (!knownOpaque && !everyPixelOpaque(rgba)) return null;
  const stride = rowBytes + 1;
  const size = stride * height;
  if (!rows || rows.length < size) rows = Buffer.allocUnsafe(size);
  const raw = rows.subarray(0, size);
  for (let y = 0; y < height; y++) {
    raw[y * stride] = 0; // filter: none
    raw.set(rgba.subarray(y * rowBytes, (y + 1) * rowBytes), y * stride + 1);
  }
  return pngOf(width, height, 6, deflateSync(raw, { level: LEVEL }));
}

/** A PNG file of 8-bit pixels whose scanlines are the zlib stream `idat`. */
function pngOf(width: number, height: number, colourType: 2 | 6, idat: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = colourType; // 2: RGB, 6: RGBA
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]);
}

/** The Adler-32 modulus. */
const ADLER = 65521;

/**
 * The Adler-32 checksum zlib streams end with, from zlib itself: the end of a stream that stores the bytes
 * uncompressed (level 0, a copy). Faster than a JavaScript loop, most of all on a thread's first card,
 * before V8 has optimised anything.
 */
export function adler32(bytes: Uint8Array): number {
  const stored = deflateSync(bytes, { level: 0 });
  return stored.readUInt32BE(stored.length - 4);
}

/**
 * How an Adler-32 checksum moves when bytes of the data change: `a` sums each change, `b` sums each change
 * times its distance from the end (`length − offset`). Adler-32 is linear in the bytes, so a card's
 * checksum is its background's plus the changes its text made, without reading the card again.
 */
export interface AdlerChange {
  a: number;
  b: number;
}

/** The Adler-32 `adler` after `change` to its data. */
export function adlerAfter(adler: number, change: AdlerChange): number {
  const mod = (n: number) => ((n % ADLER) + ADLER) % ADLER;
  const a = mod((adler & 0xffff) + change.a);
  const b = mod((adler >>> 16) + change.b);
  return (b * 65536 + a) >>> 0;
}

/**
 * Deflates rows as one stretch of a larger zlib stream: raw deflate that starts afresh (no reference to
 * earlier data) and ends on a byte boundary without a final block, so stretches compressed at different
 * times can be laid end to end.
 */
export function deflateStretch(rows: Uint8Array): Buffer {
  return deflateRawSync(rows, { level: LEVEL, finishFlush: constants.Z_SYNC_FLUSH });
}

/** zlib's header for a deflate stream with a 32 KB window (CMF 0x78, then FLG with its check bits). */
const ZLIB_HEADER = [0x78, 0x5e];
/** An empty final block (fixed Huffman codes, just the end-of-block code): closes a stream of stretches. */
const LAST_BLOCK = [0x03, 0x00];

/**
 * A PNG of RGB scanlines from stretches made by {@link deflateStretch}, in order, and the Adler-32 of all
 * the scanlines: the stretches are joined into one zlib stream without being decompressed.
 */
export function encodeRgbStretches(
  stretches: readonly Uint8Array[],
  adler: number,
  width: number,
  height: number,
): Buffer {
  let size = ZLIB_HEADER.length + LAST_BLOCK.length + 4;
  for (const s of stretches) size += s.length;
  const idat = Buffer.allocUnsafe(size);
  idat.set(ZLIB_HEADER, 0);
  let at = ZLIB_HEADER.length;
  for (const s of stretches) {
    idat.set(s, at);
    at += s.length;
  }
  idat.set(LAST_BLOCK, at);
  idat.writeUInt32BE(adler, at + LAST_BLOCK.length);
  return pngOf(width, height, 2, idat);
}
