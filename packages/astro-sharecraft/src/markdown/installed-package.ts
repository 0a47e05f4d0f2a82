import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface InstalledPackage {
  version: string;
  /** The package's real folder, from which its own dependencies resolve. */
  dir: string;
}

/**
 * The package `name` as code in `fromDir` would load it: Node's lookup through the `node_modules`
 * folders above it, read from disk. `require.resolve` is no use here: packages that export neither
 * `./package.json` nor a `require` condition refuse it.
 */
export function installedPackage(name: string, fromDir: string): InstalledPackage | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const manifest = join(dir, 'node_modules', name, 'package.json');
    if (basename(dir) !== 'node_modules' && existsSync(manifest)) {
      try {
        const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown };
        if (typeof version === 'string') return { version, dir: realpathSync(dirname(manifest)) };
      } catch {
        return undefined;
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** Major and minor of a version string (`0.9.5` → [0, 9]). */
export function majorMinor(version: string): [number, number] {
  const [major = 0, minor = 0] = version.split('.').map((part) => Number.parseInt(part, 10) || 0);
  return [major, minor];
}
