import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from './assets/hash.ts';

const require = createRequire(import.meta.url);

/** The installed version of a dependency (read from its package.json). */
export function dependencyVersion(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

let codeHash: string | undefined;

/**
 * A hash of this package's own code (every module next to this one) and its rendering dependencies'
 * versions: any change to how cards are drawn changes every cache key.
 */
export function engineIdentity(): string {
  if (!codeHash) {
    const dir = dirname(fileURLToPath(import.meta.url));
    const files: string[] = [];
    const walk = (d: string) => {
      for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const path = join(d, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.(js|ts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(path);
      }
    };
    walk(dir);
    const parts = files.map((f) => `${f.slice(dir.length)}:${sha256(readFileSync(f))}`);
    parts.push(
      `satori@${dependencyVersion('satori')}`,
      `resvg@${dependencyVersion('@resvg/resvg-js')}`,
      `harfbuzzjs@${dependencyVersion('harfbuzzjs')}`,
    );
    codeHash = sha256(parts.join('\n')).slice(0, 16);
  }
  return codeHash;
}
