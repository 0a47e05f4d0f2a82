import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
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
import { readShippedPage } from './read-shipped-page.js';

async function* htmlFiles(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* htmlFiles(path);
    else if (entry.name.endsWith('.html')) yield path;
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
}): Promise<ManifestSummary> {
  const { outDir, site, base } = input;
  /** The card images that made it to disk: a card that failed to render is not listed. */
  const cardsOf = (pageId: string): ManifestCard[] => {
    const card = [...(input.cards?.values() ?? [])].find((entry) => entry.pageId === pageId);
    if (!card) return [];
    const variants = [['og', 1200, 630] as const, ...(input.square ? [['square', 1080, 1080] as const] : [])];
    return variants.flatMap(([variant, width, height]) => {
      const file = cardFileName(card, variant);
      if (!existsSync(join(outDir, ...CARDS_DIR.split('/'), file))) return [];
      const path = `${base}${CARDS_DIR}/${file}`;
      return [{ url: site ? new URL(path, site).href : path, width, height }];
    });
  };
  const pages: Manifest['pages'] = [];
  for await (const file of htmlFiles(outDir)) {
    const shipped = readShippedPage(await readFile(file, 'utf8'));
    if (!shipped) continue;
    const path = canonicalPath(`/${relative(outDir, file).split(sep).join('/')}`);
    pages.push({
      id: shipped.id,
      path,
      url: site ? shipped.url : null,
      title: shipped.title,
      contentHash: shipped.contentHash,
      cards: cardsOf(shipped.id),
      ctas: shipped.ctas,
      // Creation forms arrive with the creation-form feature; the field is in the schema already.
      forms: [],
    });
  }
  pages.sort((a, b) => a.path.localeCompare(b.path));
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
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, `${JSON.stringify(manifest)}\n`);
  return { manifest, file };
}
