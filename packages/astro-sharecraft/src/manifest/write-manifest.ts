import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { canonicalPath, MANIFEST_PATH, MANIFEST_VERSION, type Manifest, parseManifest } from '@sharecraft/protocol';
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
export async function writeManifest(outDir: string, site: string | undefined): Promise<ManifestSummary> {
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
      ctas: shipped.ctas,
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
