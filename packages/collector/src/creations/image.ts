import { type CREATION_IMAGE_TYPES, MAX_CREATION_IMAGE_BYTES, MAX_CREATION_IMAGE_PIXELS } from '@sharecraft/protocol';
import type { NewCreationImage } from './creation-store.js';

/** An image re-encoded clean, or why it was refused (413 too large, 415 not an image we take). */
export type ImageCheck =
  | { ok: true; image: Omit<NewCreationImage, 'alt'> }
  | { ok: false; status: 413 | 415; error: string; reason: string };

type Sharp = typeof import('sharp');
let sharpModule: Promise<Sharp> | undefined;

/** sharp, loaded on the first image: a collector that never gets one never loads libvips. */
function loadSharp(): Promise<Sharp> {
  sharpModule ??= import('sharp').then((module) => {
    const sharp = (module as unknown as { default: Sharp }).default ?? module;
    // Decoded images are not kept around between submissions.
    sharp.cache(false);
    return sharp;
  });
  return sharpModule;
}

const FORMATS: Record<string, (typeof CREATION_IMAGE_TYPES)[number]> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

const notAnImage = (what: string): ImageCheck => ({
  ok: false,
  status: 415,
  error: 'unsupported_image',
  reason: `the image must be a JPEG, PNG or WebP picture; ${what}`,
});

/**
 * Decodes an uploaded image and encodes it again, so what is stored is only pixels: EXIF, GPS and
 * every other metadata block are gone, the orientation is applied, and anything smuggled after or
 * inside the picture (a polyglot) is not carried over. The type comes from the bytes, never the
 * name. Images over `MAX_CREATION_IMAGE_BYTES` or `MAX_CREATION_IMAGE_PIXELS` are refused with
 * 413 from their header, before any pixel is decoded.
 */
export async function reencodeImage(bytes: Uint8Array): Promise<ImageCheck> {
  if (bytes.byteLength > MAX_CREATION_IMAGE_BYTES) {
    return {
      ok: false,
      status: 413,
      error: 'image_too_large',
      reason: `the image is ${(bytes.byteLength / 1048576).toFixed(1)} MB; at most ${MAX_CREATION_IMAGE_BYTES / 1048576} MB`,
    };
  }
  const sharp = await loadSharp();
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format: string | undefined;
  let width = 0;
  let height = 0;
  try {
    const metadata = await sharp(input, { limitInputPixels: false }).metadata();
    format = metadata.format;
    width = metadata.width ?? 0;
    height = metadata.height ?? 0;
  } catch {
    return notAnImage('this file is not a picture sharp can read');
  }
  const type = format === undefined ? undefined : FORMATS[format];
  if (!type)
    return notAnImage(`this file is ${format === 'svg' ? 'an SVG drawing' : `of type ${format ?? 'unknown'}`}`);
  if (width * height > MAX_CREATION_IMAGE_PIXELS) {
    return {
      ok: false,
      status: 413,
      error: 'image_too_large',
      reason: `the image is ${width} × ${height} pixels; at most ${MAX_CREATION_IMAGE_PIXELS / 1_000_000} megapixels`,
    };
  }
  try {
    // failOn 'error': a truncated or corrupt picture is refused rather than stored half grey.
    const pipeline = sharp(input, { limitInputPixels: MAX_CREATION_IMAGE_PIXELS, failOn: 'error' }).rotate();
    const encoded =
      type === 'image/jpeg'
        ? pipeline.jpeg({ quality: 85, mozjpeg: true })
        : type === 'image/png'
          ? pipeline.png({ compressionLevel: 9 })
          : pipeline.webp({ quality: 85 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { ok: true, image: { type, width: info.width, height: info.height, bytes: new Uint8Array(data) } };
  } catch (error) {
    return notAnImage(`this one could not be decoded (${(error as Error).message})`);
  }
}
