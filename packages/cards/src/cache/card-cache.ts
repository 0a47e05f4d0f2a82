import { randomBytes } from 'node:crypto';
import { constants, renameSync, writeFileSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImageMemo } from '../assets/image-store.ts';
import type { CardMessage } from '../messages.ts';
import type { CardVariant } from '../types.ts';

/** Bump when the layout of the cache directory changes. */
const FORMAT = 1;
const INDEX = 'index.json';

/** What the cache knows about one card besides its PNG. */
export interface CacheEntry {
  postId: string;
  variant: CardVariant;
  width: number;
  height: number;
  /** The warnings drawing it produced, replayed when the card is reused so a warm build says the same. */
  messages: CardMessage[];
}

interface IndexFile {
  format: number;
  entries: Record<string, CacheEntry>;
  images: Record<string, ImageMemo>;
}

/** Writes a file atomically: to a temporary name first, then renamed into place. */
async function writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

/**
 * Writes a drawn card's PNG where it is published and, atomically, into the cache: on the drawing thread,
 * synchronously, so the bytes never travel back to the main thread and no file work waits in libuv's pool.
 */
export function writeCardFiles(png: Uint8Array, file: string, cacheFile: string | null): void {
  writeFileSync(file, png);
  if (!cacheFile) return;
  const tmp = `${cacheFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, png);
  renameSync(tmp, cacheFile);
}

/**
 * A directory of rendered cards named by content hash, with an index of their warnings. It lives between
 * builds (point CI's cache at it); entries this run did not use are pruned at the end.
 */
export class CardCache {
  readonly dir: string | null;
  readonly images: Record<string, ImageMemo>;
  readonly #entries: Map<string, CacheEntry>;
  readonly #used = new Set<string>();

  private constructor(dir: string | null, index: IndexFile) {
    this.dir = dir;
    this.images = index.images;
    this.#entries = new Map(Object.entries(index.entries));
  }

  /** Opens (or starts) the cache in `dir`; `null` gives a cache that keeps nothing. A damaged index starts afresh. */
  static async open(dir: string | null): Promise<CardCache> {
    const empty: IndexFile = { format: FORMAT, entries: {}, images: {} };
    if (!dir) return new CardCache(null, empty);
    await mkdir(dir, { recursive: true });
    try {
      const index = JSON.parse(await readFile(join(dir, INDEX), 'utf8')) as IndexFile;
      return new CardCache(dir, index.format === FORMAT && index.entries ? index : empty);
    } catch {
      return new CardCache(dir, empty);
    }
  }

  /** How many cards the cache holds. */
  get size(): number {
    return this.#entries.size;
  }

  /** The entry for a key, if the cache has it. */
  get(key: string): CacheEntry | undefined {
    return this.#entries.get(key);
  }

  /**
   * Copies a cached card to `dest`, whose directory must exist (a reflink where the file system allows).
   * False when the cached PNG is gone.
   */
  async copyTo(key: string, dest: string): Promise<boolean> {
    if (!this.dir) return false;
    try {
      await copyFile(join(this.dir, `${key}.png`), dest, constants.COPYFILE_FICLONE);
      this.#used.add(key);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      this.#entries.delete(key);
      return false;
    }
  }

  /** Where a card's PNG goes in the cache (`null` when the cache keeps nothing). */
  fileFor(key: string): string | null {
    return this.dir ? join(this.dir, `${key}.png`) : null;
  }

  /** Records a freshly drawn card whose PNG was written to {@link fileFor}. */
  add(key: string, entry: CacheEntry): void {
    this.#used.add(key);
    if (this.dir) this.#entries.set(key, entry);
  }

  /** Marks a key as still wanted without touching its file (a card that failed keeps no entry). */
  keep(key: string): void {
    if (this.#entries.has(key)) this.#used.add(key);
  }

  /** Removes every entry and stray file this run did not use; returns how many cards were removed. */
  async prune(): Promise<number> {
    if (!this.dir) return 0;
    let removed = 0;
    for (const key of [...this.#entries.keys()]) {
      if (this.#used.has(key)) continue;
      this.#entries.delete(key);
      await rm(join(this.dir, `${key}.png`), { force: true });
      removed++;
    }
    for (const name of await readdir(this.dir)) {
      if (name === INDEX) continue;
      const key = name.endsWith('.png') ? name.slice(0, -4) : null;
      if (key && this.#entries.has(key)) continue;
      await rm(join(this.dir, name), { force: true, recursive: true });
      if (key) removed++;
    }
    return removed;
  }

  /** Writes the index (with the image memo for the next run). */
  async save(images: Record<string, ImageMemo>): Promise<void> {
    if (!this.dir) return;
    const index: IndexFile = { format: FORMAT, entries: Object.fromEntries(this.#entries), images };
    await writeAtomic(join(this.dir, INDEX), JSON.stringify(index));
  }
}
