import { inflateSync } from 'node:zlib';

const WOFF = 0x774f4646;
const TRUETYPE = [0x00010000, 0x74727565, 0x4f54544f]; // 1.0, 'true', 'OTTO'

/**
 * A font's bytes as a plain TrueType/OpenType file, which HarfBuzz reads (it does not read WOFF). WOFF
 * tables are inflated and laid out behind a new table directory; TTF and OTF come back as they are. `null`
 * for anything else (WOFF2, collections, not a font).
 */
export function toSfnt(bytes: Uint8Array): Uint8Array | null {
  if (bytes.byteLength < 12) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const signature = view.getUint32(0);
  if (TRUETYPE.includes(signature)) return bytes;
  if (signature !== WOFF || bytes.byteLength < 44) return null;
  const count = view.getUint16(12);
  if (bytes.byteLength < 44 + count * 20) return null;
  let search = 1;
  let selector = 0;
  while (search * 2 <= count) {
    search *= 2;
    selector++;
  }
  const header = Buffer.alloc(12 + count * 16);
  header.writeUInt32BE(view.getUint32(4), 0); // the flavour: TrueType or CFF outlines
  header.writeUInt16BE(count, 4);
  header.writeUInt16BE(search * 16, 6);
  header.writeUInt16BE(selector, 8);
  header.writeUInt16BE(count * 16 - search * 16, 10);
  const parts: Uint8Array[] = [header];
  let offset = header.length;
  for (let i = 0; i < count; i++) {
    const at = 44 + i * 20;
    const start = view.getUint32(at + 4);
    const compressed = view.getUint32(at + 8);
    const original = view.getUint32(at + 12);
    if (start + compressed > bytes.byteLength) return null;
    const raw = bytes.subarray(start, start + compressed);
    let data: Uint8Array;
    try {
      data = compressed < original ? inflateSync(raw) : raw;
    } catch {
      return null;
    }
    if (data.byteLength !== original) return null;
    const entry = 12 + i * 16;
    header.writeUInt32BE(view.getUint32(at), entry); // tag
    header.writeUInt32BE(view.getUint32(at + 16), entry + 4); // checksum
    header.writeUInt32BE(offset, entry + 8);
    header.writeUInt32BE(original, entry + 12);
    const padding = (4 - (original % 4)) % 4;
    parts.push(data, new Uint8Array(padding));
    offset += original + padding;
  }
  return Buffer.concat(parts);
}
