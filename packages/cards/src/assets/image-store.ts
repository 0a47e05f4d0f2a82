import { stat } from 'node:fs/promises';
import { sha256 } from './hash.ts';
import { type ImageInfo, type ImageProblem, readImage, sniffImage } from './image.ts';

/** What the store remembers of an image file between runs. */
export interface ImageMemo {
  size: number;
  mtimeMs: number;
  hash: string;
  info: ImageInfo;
}

/**
 * Checks images and hashes them for cache keys. A file whose size and modification time match the
 * memo from the last run is not read again, so a warm build reads no image at all.
 */
export class ImageStore {
  readonly #memo: Map<string, ImageMemo>;
  readonly #used = new Map<string, ImageMemo>();

  constructor(memo: Record<string, ImageMemo> = {}) {
    this.#memo = new Map(Object.entries(memo));
  }

  /** The image's hash and format, or why it cannot be used. */
  async check(
    source: { path: string } | { bytes: Uint8Array },
  ): Promise<{ hash: string; info: ImageInfo } | { problem: ImageProblem; detail: string }> {
    if ('bytes' in source) {
      const info = sniffImage(source.bytes);
      return info
        ? { hash: sha256(source.bytes), info }
        : { problem: 'unsupported', detail: 'not a PNG, JPEG, GIF, WebP or SVG image' };
    }
    const known = this.#used.get(source.path) ?? this.#memo.get(source.path);
    if (known) {
      const now = await stat(source.path).catch(() => null);
      if (now?.isFile() && now.size === known.size && now.mtimeMs === known.mtimeMs) {
        this.#used.set(source.path, known);
        return known;
      }
    }
    const [read, info] = await Promise.all([readImage(source), stat(source.path).catch(() => null)]);
    if ('problem' in read) return read;
    const memo: ImageMemo = {
      size: info?.size ?? 0,
      mtimeMs: info?.mtimeMs ?? 0,
      hash: sha256(read.bytes),
      info: read.info,
    };
    this.#used.set(source.path, memo);
    return memo;
  }

  /** The memo to keep for the next run: only images this run used. */
  toJSON(): Record<string, ImageMemo> {
    return Object.fromEntries(this.#used);
  }
}
