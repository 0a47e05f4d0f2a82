import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** What Sharecraft adds to one built post, in bytes after gzip -9, part by part. */
export interface PostWeight {
  /** The share block and the `<head>` lines, measured inside the page as it compresses. */
  html: number;
  /** The share card's meta tags (not part of the block's budget; reported apart). */
  meta: number;
  /**
   * Readers' creations on the post ("What readers made") and their stylesheet: content that grows
   * with what readers made, not part of the block's budget; reported apart, 0 on posts without.
   */
  gallery: number;
  css: number;
  /** The share script, with the beacon in it when the site has a collector. */
  js: number;
  total: number;
}

export const gzipSize = (text: string | Buffer): number => gzipSync(text, { level: 9 }).byteLength;

/** Sharecraft's own markup in a page: the block, the creation form, quote rows, the slice and the asset tags. */
const ADDED = [
  /<aside class="sharecraft"[^>]*>[\s\S]*?<\/aside>/g,
  /<details class="sc-create"[^>]*>[\s\S]*?<\/details>/g,
  /<p id="sc-thanks"[^>]*>[^<]*<\/p>/g,
  /<div class="sc-row"[^>]*>[\s\S]*?<\/div>/g,
  /<script type="application\/json" id="sharecraft-page">[^<]*<\/script>/g,
  /<link rel="stylesheet" href="\/_sharecraft\/[^"]+">/g,
  /<script type="module" src="\/_sharecraft\/[^"]+"><\/script>/g,
];

/**
 * The share card's tags: og:image and its details, and twitter:card. Measured apart, on a site whose
 * layout declares none of these itself (as the example site's does not).
 */
/** The gallery of readers' creations and the tag that loads its stylesheet (see `gallery`). */
const GALLERY =
  /<section class="sc-gallery"[^>]*>[\s\S]*?<\/section>|<link rel="stylesheet" href="\/_sharecraft\/gallery\.[^"]+">/g;

const CARD_META = /<meta (?:property="og:image[:a-z]*"|name="twitter:card") content="[^"]*">/g;

/**
 * Weighs what Sharecraft adds to the built page `html` of the site in `outDir`: the page with and
 * without Sharecraft's markup, each gzip -9 (so the block is measured as it compresses among the
 * page it sits in), plus the stylesheet and script the page loads, each gzip -9 as a server sends
 * them. The parts loaded only when a reader asks (Mastodon form, selection popover) are not loaded
 * with the post and are not counted here.
 */
export async function weighPost(html: string, outDir: string): Promise<PostWeight> {
  const withoutCards = html.replace(CARD_META, '');
  const withoutMeta = withoutCards.replace(GALLERY, '');
  const gallerySheet = /<link rel="stylesheet" href="(\/_sharecraft\/gallery\.[^"]+\.css)">/.exec(html)?.[1];
  let bare = withoutMeta;
  for (const pattern of ADDED) bare = bare.replace(pattern, '');
  if (/sharecraft|data-sc/.test(bare))
    throw new Error('Sharecraft markup left in the page: the measurement would be short');
  const asset = async (pattern: RegExp) => {
    const path = pattern.exec(html)?.[1];
    if (!path) throw new Error(`the page loads no ${pattern}`);
    return gzipSize(await readFile(join(outDir, path)));
  };
  const weight = {
    html: gzipSize(withoutMeta) - gzipSize(bare),
    css: await asset(/<link rel="stylesheet" href="(\/_sharecraft\/[^"]+\.css)">/),
    js: await asset(/<script type="module" src="(\/_sharecraft\/[^"]+\.js)"><\/script>/),
  };
  return {
    ...weight,
    meta: gzipSize(html) - gzipSize(withoutCards),
    gallery:
      gzipSize(withoutCards) -
      gzipSize(withoutMeta) +
      (gallerySheet ? gzipSize(await readFile(join(outDir, gallerySheet))) : 0),
    total: weight.html + weight.css + weight.js,
  };
}
