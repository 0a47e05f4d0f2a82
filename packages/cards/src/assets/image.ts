import { readFile } from 'node:fs/promises';
import type { CardImage } from '../types.ts';

/** Image formats a card can embed. */
export type ImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | 'image/svg+xml';

/** An image's format and intrinsic size, read from its header. */
export interface ImageInfo {
  type: ImageType;
  width: number;
  height: number;
}

const u16be = (b: Uint8Array, i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
const u16le = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, i: number) => u16le(b, i) | ((b[i + 2] ?? 0) << 16);
const u32be = (b: Uint8Array, i: number) => u16be(b, i) * 65536 + u16be(b, i + 2);
const ascii = (b: Uint8Array, start: number, end: number) => String.fromCharCode(...b.subarray(start, end));

function jpegSize(b: Uint8Array): { width: number; height: number } | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1] ?? 0;
    if (marker === 0xff) {
      i++;
      continue;
    }
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return { height: u16be(b, i + 5), width: u16be(b, i + 7) };
    i += 2 + u16be(b, i + 2);
  }
  return null;
}

function webpSize(b: Uint8Array): { width: number; height: number } | null {
  const chunk = ascii(b, 12, 16);
  if (chunk === 'VP8X') return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  if (chunk === 'VP8 ') return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  if (chunk === 'VP8L') {
    const bits = (b[21] ?? 0) | ((b[22] ?? 0) << 8) | ((b[23] ?? 0) << 16) | ((b[24] ?? 0) << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  return null;
}

function svgLength(value: string | undefined): number | null {
  if (!value) return null;
  const m = /^\s*([\d.]+)\s*(px)?\s*$/.exec(value);
  return m ? Number(m[1]) : null;
}

function svgSize(text: string): { width: number; height: number } | null {
  const tag = /<svg\b[^>]*>/i.exec(text)?.[0];
  if (!tag) return null;
  const attr = (name: string) => new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(tag)?.[1];
  const box = attr('viewBox')
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  const boxW = box?.length === 4 ? box[2] : undefined;
  const boxH = box?.length === 4 ? box[3] : undefined;
  const width = svgLength(attr('width')) ?? boxW;
  const height = svgLength(attr('height')) ?? boxH;
  if (width && height && Number.isFinite(width) && Number.isFinite(height)) return { width, height };
  if (width && boxW && boxH) return { width, height: (width * boxH) / boxW };
  if (height && boxW && boxH) return { width: (height * boxW) / boxH, height };
  return { width: 100, height: 100 };
}

/** Reads an image's format and size from its first bytes; `null` when it is no format a card can embed. */
export function sniffImage(bytes: Uint8Array): ImageInfo | null {
  if (bytes.length < 12) return null;
  if (bytes[0] === 0x89 && ascii(bytes, 1, 4) === 'PNG') {
    return { type: 'image/png', width: u32be(bytes, 16), height: u32be(bytes, 20) };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    const size = jpegSize(bytes);
    return size ? { type: 'image/jpeg', ...size } : null;
  }
  if (ascii(bytes, 0, 4) === 'GIF8') return { type: 'image/gif', width: u16le(bytes, 6), height: u16le(bytes, 8) };
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') {
    const size = webpSize(bytes);
    return size ? { type: 'image/webp', ...size } : null;
  }
  const head = new TextDecoder().decode(bytes.subarray(0, Math.min(bytes.length, 4096)));
  if (/^\uFEFF?\s*</.test(head) && /<svg\b/i.test(head)) {
    const size = svgSize(new TextDecoder().decode(bytes));
    return size ? { type: 'image/svg+xml', ...size } : null;
  }
  return null;
}

/** Why an image could not be used. */
export type ImageProblem = 'not-found' | 'unsupported' | 'remote';

/** An image reference resolved to a local file, or the reason it cannot be one. */
export type ImageSource = { path: string } | { bytes: Uint8Array } | { problem: ImageProblem; detail: string };

/** Turns what a post or option gave as an image into a local file path or bytes. Never touches the network. */
export function imageSource(image: string | URL | Uint8Array, resolvePath: (p: string) => string): ImageSource {
  if (image instanceof Uint8Array) return { bytes: image };
  const text = String(image);
  if (/^https?:/i.test(text)) return { problem: 'remote', detail: text };
  if (text.startsWith('data:')) {
    const m = /^data:[^,]*?(;base64)?,(.*)$/s.exec(text);
    if (!m) return { problem: 'unsupported', detail: 'a malformed data: URL' };
    const payload = m[2] ?? '';
    return { bytes: m[1] ? Buffer.from(payload, 'base64') : Buffer.from(decodeURIComponent(payload)) };
  }
  if (text.startsWith('file:')) return { path: new URL(text).pathname };
  return { path: resolvePath(text) };
}

/** Reads an image file and checks that a card can embed it. */
export async function readImage(
  source: { path: string } | { bytes: Uint8Array },
): Promise<{ bytes: Uint8Array; info: ImageInfo } | { problem: ImageProblem; detail: string }> {
  let bytes: Uint8Array;
  if ('bytes' in source) bytes = source.bytes;
  else {
    try {
      bytes = await readFile(source.path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return { problem: 'not-found', detail: code === 'ENOENT' ? 'no such file' : String(code ?? e) };
    }
  }
  const info = sniffImage(bytes);
  if (!info) return { problem: 'unsupported', detail: 'not a PNG, JPEG, GIF, WebP or SVG image' };
  return { bytes, info };
}

/** An image as markup can use it: a base64 data URL and the intrinsic size. */
export function toCardImage(bytes: Uint8Array, info: ImageInfo): CardImage {
  return {
    src: `data:${info.type};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`,
    width: info.width,
    height: info.height,
  };
}
