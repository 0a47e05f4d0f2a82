import { crc32, deflateSync } from 'node:zlib';

/**
 * zlib level for card PNGs. Cards are flat colour and text, so with no row filters level 2 already finds
 * the long runs: about four times as fast as resvg's own encoder, and files ~10 % smaller than it writes.
 */
const LEVEL = 2;

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The RGB rows of the last card, reused: a card's rows are 2 MB, and every card of a run has the same size. */
let rows: Buffer | undefined;

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * Encodes RGBA pixels as an RGB PNG when every pixel is opaque (then premultiplied and straight alpha are
 * the same bytes, and the alpha channel carries nothing): no row filters, zlib level 2. Returns `null`
 * when a pixel is not opaque — resvg's pixels are premultiplied, so a card with transparency is left to
 * resvg's own encoder, which un-premultiplies.
 */
export function encodeOpaquePng(rgba: Uint8Array, width: number, height: number): Buffer | null {
  if (rgba.length !== width * height * 4) return null;
  const stride = width * 3 + 1;
  const size = stride * height;
  if (!rows || rows.length < size) rows = Buffer.allocUnsafe(size);
  const raw = rows.subarray(0, size);
  // One pass: drop the alpha byte while checking it (byte reads stay small integers, which V8 keeps fast).
  let opaque = 255;
  for (let y = 0, i = 0; y < height; y++) {
    let out = y * stride;
    raw[out++] = 0; // filter: none
    for (const end = i + width * 4; i < end; i += 4, out += 3) {
      raw[out] = rgba[i] as number;
      raw[out + 1] = rgba[i + 1] as number;
      raw[out + 2] = rgba[i + 2] as number;
      opaque &= rgba[i + 3] as number;
    }
  }
  if (opaque !== 255) return null;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: LEVEL })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
