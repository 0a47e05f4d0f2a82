import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { REPO_ROOT } from './build-fixture.js';
import { runOrThrow } from './run-command.js';

/** The workspace folders that are published to npm, dependencies before their dependents. */
export const PUBLISHED_PACKAGES = ['protocol', 'beacon', 'cards', 'collector', 'astro-sharecraft'] as const;

export interface PackageJson {
  name: string;
  version: string;
  keywords?: string[];
  exports?: unknown;
  bin?: string | Record<string, string>;
  scripts?: Record<string, string>;
  [field: string]: unknown;
}

export interface PackedPackage {
  /** The package's folder in the workspace. */
  dir: string;
  name: string;
  tarball: string;
  /** Where the tarball was unpacked: its `package/` folder. */
  root: string;
  /** Every file in the tarball, relative to its `package/` folder, with `/` separators. */
  files: string[];
  /** The package.json inside the tarball (what npm and a user see), not the workspace one. */
  manifest: PackageJson;
}

const PNPM = join(REPO_ROOT, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs');

/**
 * Packs one workspace package with `pnpm pack`, as it would be published (pnpm turns `workspace:`
 * ranges into versions; npm pack would not), and unpacks the tarball into `dest` to read it back.
 */
export async function packPackage(folder: string, dest: string): Promise<PackedPackage> {
  const dir = join(REPO_ROOT, 'packages', folder);
  const packed = await runOrThrow(process.execPath, [PNPM, 'pack', '--pack-destination', dest, '--json'], {
    cwd: dir,
  });
  // pnpm prints the JSON report last; anything before it (a warning) is not JSON.
  const report = JSON.parse(packed.output.slice(packed.output.indexOf('{'))) as { filename: string };
  const unpacked = join(dest, folder);
  await mkdir(unpacked, { recursive: true });
  await runOrThrow('tar', ['-xzf', report.filename, '-C', unpacked], { cwd: dest });
  const root = join(unpacked, 'package');
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as PackageJson;
  return { dir, name: manifest.name, tarball: report.filename, root, files, manifest };
}

/** The names the published packages have on npm. */
export async function publishedNames(): Promise<string[]> {
  const manifests = PUBLISHED_PACKAGES.map((folder) => join(REPO_ROOT, 'packages', folder, 'package.json'));
  return Promise.all(manifests.map(async (file) => (JSON.parse(await readFile(file, 'utf8')) as PackageJson).name));
}

/**
 * Packs every published package of the workspace into `dest`. All packs finish before one that
 * failed is reported, so none is still writing into `dest` when a test removes it.
 */
export async function packWorkspace(dest: string): Promise<PackedPackage[]> {
  const results = await Promise.allSettled(PUBLISHED_PACKAGES.map((folder) => packPackage(folder, dest)));
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((result) => (result as PromiseFulfilledResult<PackedPackage>).value);
}
