import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import {
  canonicalPath,
  MANIFEST_PATH,
  MANIFEST_VERSION,
  type Manifest,
  type ManifestCard,
  parseManifest,
} from '@sharecraft/protocol';
import { cardFileName } from '../cards/card-options.js';
import { CARDS_DIR, type PageCard } from '../page/transform-page.js';
import { readShippedPage, type ShippedPage } from './read-shipped-page.js';

/**
 * Every `.html` file under `dir`, in one synchronous walk. A site's output is thousands of files,
 * and awaiting each directory and each read cost more than the reading itself: on a busy machine the
 * promises queue behind Astro's own I/O (see `bench/manifest.mjs`).
 */
function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory() && entry.name.endsWith('.html'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * What each page ships, read from the HTML the page middleware hands to Astro, which Astro writes as
 * it is, so the manifest need not read every page back from the output. Each page is read on the
 * turn of the event loop after its own, while Astro writes it to disk and the main thread would
 * otherwise wait: reading the output back took 0.2-0.3 s at the end of a 1,000-post build (see
 * bench/build.mjs). The JSON round trip copies an entry's strings, so it does not keep its whole
 * page alive until the end of the build.
 */
export class ShippedPages {
  /** By canonical path; undefined for a page without a slice. */
  readonly byPath = new Map<string, ShippedPage | undefined>();

  /** `html` as shipped; `contentHtml`, the page before Sharecraft added to it (see `readShippedPage`). */
  record(path: string, html: string, contentHtml = html): void {
    setImmediate(() => {
      const page = readShippedPage(html, contentHtml);
      this.byPath.set(path, page && JSON.parse(JSON.stringify(page)));
    });
  }

  /** Resolves once every page recorded so far has been read. */
  settled(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
  }
}

export interface ManifestSummary {
  manifest: Manifest;
  file: string;
}

/**
 * Builds the manifest from the pages as shipped in `outDir` and writes it to
 * `<outDir>/_sharecraft/manifest.json`. Throws if the result fails its own schema, which would be
 * a Sharecraft bug, not the owner's.
 */
export async function writeManifest(input: {
  outDir: string;
  site: string | undefined;
  /** The site's base path, `/` or `/docs/`. */
  base: string;
  /** The posts' cards, by page id, when the site renders cards. */
  cards?: ReadonlyMap<string, PageCard> | undefined;
  /** Whether square cards were rendered too. */
  square?: boolean | undefined;
  /** Pages the middleware read at this build; any other page is read back from `outDir`. */
  shipped?: ShippedPages | undefined;
}): Promise<ManifestSummary> {
  const { outDir, site, base } = input;
  await input.shipped?.settled();
  const recorded = input.shipped?.byPath ?? new Map<string, ShippedPage | undefined>();
  // Looked up once per page: by page id, and the card files on disk in one listing.
  const cardByPage = new Map([...(input.cards?.values() ?? [])].map((card) => [card.pageId, card]));
  const cardsDir = join(outDir, ...CARDS_DIR.split('/'));
  const cardFiles = new Set(cardByPage.size > 0 && existsSync(cardsDir) ? readdirSync(cardsDir) : []);
  const variants = [['og', 1200, 630] as const, ...(input.square ? [['square', 1080, 1080] as const] : [])];
  /** The card images that made it to disk: a card that failed to render is not listed. */
  const cardsOf = (pageId: string): ManifestCard[] => {
    const card = cardByPage.get(pageId);
    if (!card) return [];
    return variants.flatMap(([variant, width, height]) => {
      const file = cardFileName(card, variant);
      if (!cardFiles.has(file)) return [];
      const path = `${base}${CARDS_DIR}/${file}`;
      return [{ url: site ? new URL(path, site).href : path, width, height }];
    });
  };
  const pages: Manifest['pages'] = [];
  for (const file of htmlFiles(outDir)) {
    const path = canonicalPath(`/${relative(outDir, file).split(sep).join('/')}`);
    const shipped = recorded.has(path) ? recorded.get(path) : readShippedPage(readFileSync(file, 'utf8'));
    if (!shipped) continue;
    pages.push({
      id: shipped.id,
      path,
      url: site ? shipped.url : null,
      title: shipped.title,
      contentHash: shipped.contentHash,
      cards: cardsOf(shipped.id),
      ctas: shipped.ctas,
      forms: shipped.forms,
    });
  }
  // Code-unit order, not `localeCompare`: the same on every machine whatever its locale (so the
  // build id is too), and without waking ICU's collator, which cost a cold build a third of a second.
  pages.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // The build id is a hash of what shipped: an unchanged site keeps its id across rebuilds.
  const buildId = createHash('sha256').update(JSON.stringify(pages)).digest('base64url').slice(0, 12);
  const manifest: Manifest = {
    version: MANIFEST_VERSION,
    site: site ?? null,
    buildId,
    generatedAt: new Date().toISOString(),
    pages,
  };
  const checked = parseManifest(manifest);
  if (!checked.ok) throw new Error(`Sharecraft produced a manifest that fails its own schema: ${checked.reason}`);
  const file = join(outDir, ...MANIFEST_PATH.split('/'));
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, `${JSON.stringify(manifest)}\n`);
  return { manifest, file };
}
