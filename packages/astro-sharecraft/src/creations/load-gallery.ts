import { createHash } from 'node:crypto';
import { type CreationLicence, DEFAULT_CREATION_LICENCES } from '@sharecraft/protocol';
import type { CreationSource } from '../options.js';
import type { GalleryCreation, GalleryData } from './gallery-data.js';
import { type LoadedCreation, type LoadLogger, loadCreations } from './load-creations.js';

/** Where the build serves creation images, under the site's base. */
export const CREATION_IMAGES_DIR = '_sharecraft/creations';

const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

/** An image file the build writes (and `astro dev` serves from memory). */
export interface GalleryFile {
  bytes: Uint8Array;
  contentType: string;
}

/** The gallery the build shows, the image files it serves (by site path, base included), and a summary. */
export interface Gallery {
  data: GalleryData;
  files: Map<string, GalleryFile>;
  /** "N approved creations for M posts from <source>". */
  summary: string;
}

/** The file name a creation image gets: a hash of its bytes, so a changed image gets a new URL. */
export function imageFileName(image: { type: string; bytes: Uint8Array }): string {
  const hash = createHash('sha256').update(image.bytes).digest('hex').slice(0, 16);
  return `${hash}.${EXTENSIONS[image.type] ?? 'bin'}`;
}

/** The first link that is http or https, or null: the credit links only there. */
export function firstWebLink(links: readonly string[]): string | null {
  for (const link of links) {
    try {
      const url = new URL(link);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
    } catch {
      // Not a URL: skipped.
    }
  }
  return null;
}

/**
 * The licence a creation was sent under, from the owner's list; then from the defaults (the owner
 * may have changed the list since); else one labelled with its id, with a warning.
 */
export function resolveLicence(
  id: string | null,
  licences: readonly CreationLicence[],
  logger?: LoadLogger,
): CreationLicence | null {
  if (id === null) return null;
  const found = licences.find((licence) => licence.id === id) ?? DEFAULT_CREATION_LICENCES.find((l) => l.id === id);
  if (found) return found;
  logger?.warn(
    `A creation was sent under the licence "${id}", which \`creations.licences\` no longer lists: shown by its id.`,
  );
  return { id, label: id };
}

/**
 * The gallery from loaded creations: by page id, newest first, each image at
 * `<base>_sharecraft/creations/<hash>.<ext>`.
 */
export function buildGallery(
  creations: readonly LoadedCreation[],
  options: { base: string; licences: readonly CreationLicence[]; from: string; logger?: LoadLogger },
): Gallery {
  const data: GalleryData = {};
  const files = new Map<string, GalleryFile>();
  const sorted = [...creations].sort((a, b) => b.record.createdAt.localeCompare(a.record.createdAt));
  for (const { record, image } of sorted) {
    let shown: GalleryCreation['image'] = null;
    if (image && record.image) {
      const src = `${options.base}${CREATION_IMAGES_DIR}/${imageFileName(image)}`;
      files.set(src, { bytes: image.bytes, contentType: image.type });
      shown = { src, width: record.image.width, height: record.image.height, alt: record.image.alt };
    }
    const entry: GalleryCreation = {
      id: record.id,
      kind: record.kind,
      title: record.title,
      text: record.text,
      credit: record.credit,
      link: firstWebLink(record.links),
      licence: resolveLicence(record.licence, options.licences, options.logger),
      createdAt: record.createdAt,
      image: shown,
    };
    data[record.pageId] ??= [];
    data[record.pageId]?.push(entry);
  }
  const count = sorted.length;
  const posts = Object.keys(data).length;
  const summary = `${count} approved creation${count === 1 ? '' : 's'} for ${posts} post${posts === 1 ? '' : 's'} from ${options.from}`;
  return { data, files, summary };
}

/** Reads `creations.source` and makes the gallery (see `loadCreations` for what fails the build). */
export async function loadGallery(options: {
  source: CreationSource;
  root: string;
  base: string;
  licences: readonly CreationLicence[];
  logger: LoadLogger;
  env?: NodeJS.ProcessEnv;
}): Promise<Gallery> {
  const loaded = await loadCreations(options.source, {
    root: options.root,
    logger: options.logger,
    ...(options.env ? { env: options.env } : {}),
  });
  return buildGallery(loaded.creations, { ...options, from: loaded.from });
}
