import type { CreationLicence } from '@sharecraft/protocol';

/**
 * What the build knows of readers' approved creations, as the gallery under each post and the
 * `<Creations />` component show them. Made once per build from `creations.source` (the collector's
 * owner API, or a file from `sharecraft creations export --approved`), with each image copied into
 * the build: nothing is ever loaded from the collector by a reader's browser.
 */
export interface GalleryCreation {
  id: string;
  /** `creation`, or `mention` (a webmention a moderator approved). Letters never get here. */
  kind: string;
  title: string;
  /** Plain text as the reader typed it: every renderer escapes it. */
  text: string;
  /** Name to credit. */
  credit: string;
  /** The first link the reader gave (http or https only): the credit links there, `rel="ugc nofollow"`. */
  link: string | null;
  /** The licence the reader chose, resolved against the owner's list; null for "no licence given". */
  licence: CreationLicence | null;
  /** When it was submitted (ISO 8601). */
  createdAt: string;
  /** The image as the build serves it (a site path, base included), with its size and alt text. */
  image: { src: string; width: number; height: number; alt: string } | null;
}

/** Approved creations per post, by page id, newest first. */
export type GalleryData = Record<string, GalleryCreation[]>;
