// What each published package really ships: its tarball from `pnpm pack`, unpacked and read back.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PackedPackage, PUBLISHED_PACKAGES, packWorkspace } from './helpers/pack-workspace.js';
import { exportTargets, filesOf } from './helpers/package-exports.js';

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;
/** Scripts npm runs on the machine of whoever installs the package. */
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'];

/** Files a user never needs: tests, benchmarks, TypeScript's build state and configs. */
function isDevelopmentFile(file: string): boolean {
  return (
    /(^|\/)(test|tests|__tests__|bench|benchmarks?|fixtures)\//.test(file) ||
    /\.(test|spec|bench)\.[cm]?[jt]sx?(\.map)?$/.test(file) ||
    /\.(test|spec|bench)\.d\.[cm]?ts(\.map)?$/.test(file) ||
    file.endsWith('.tsbuildinfo') ||
    // A shipped tsconfig that extends the workspace's base breaks tools that read it from node_modules.
    /(^|\/)tsconfig[^/]*\.json$/.test(file)
  );
}

const isTypeScriptSource = (file: string) => /\.[cm]?tsx?$/.test(file) && !/\.d\.[cm]?ts$/.test(file);

/** `from 'x'`, `import 'x'`, `import('x')`, `require('x')`: the specifier. */
const IMPORT_SPECIFIER = /(?:\bfrom\s*|\bimport\s*(?:\(\s*)?|\brequire\s*\(\s*)['"]([\w@][\w@./:-]*)['"]/g;

/** The package names that shipped JavaScript (or an .astro component) imports. */
function importedPackages(source: string): string[] {
  const names: string[] = [];
  for (const match of source.matchAll(IMPORT_SPECIFIER)) {
    const specifier = match[1] as string;
    if (specifier.startsWith('.') || specifier.startsWith('/') || /^[a-z]+:/.test(specifier)) continue;
    names.push(
      specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/'),
    );
  }
  return names;
}

describe('npm pack contents', () => {
  let work: string;
  const packed = new Map<string, PackedPackage>();
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sharecraft-pack-'));
    for (const pkg of await packWorkspace(work)) packed.set(pkg.dir.split(/[\\/]/).pop() as string, pkg);
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });
  const get = (folder: string) => packed.get(folder) as PackedPackage;

  describe.each(PUBLISHED_PACKAGES)('packages/%s', (folder) => {
    it('ships no tests, benchmarks, TypeScript build info or configs', () => {
      const { files } = get(folder);
      expect(files.filter(isDevelopmentFile), 'files that only the workspace needs').toEqual([]);
    });

    it('ships no TypeScript source but what its exports point at', () => {
      const { files, manifest } = get(folder);
      const exported = new Set(exportTargets(manifest.exports).flatMap(({ target }) => filesOf(target, files)));
      const unneeded = files.filter(
        (file) => (isTypeScriptSource(file) || file.startsWith('src/')) && !exported.has(file),
      );
      expect(unneeded, 'sources no export points at').toEqual([]);
    });

    it('resolves every exports entry and bin to a file in the tarball', () => {
      const { files, manifest } = get(folder);
      const targets = exportTargets(manifest.exports);
      expect(targets.length, 'exports entries').toBeGreaterThan(0);
      const missing = targets
        .filter(({ target }) => filesOf(target, files).length === 0)
        .map(({ subpath, conditions, target }) => `${subpath} [${conditions.join(' > ')}] → ${target}`);
      const bins = typeof manifest.bin === 'string' ? { [manifest.name]: manifest.bin } : (manifest.bin ?? {});
      for (const [command, target] of Object.entries(bins)) {
        if (filesOf(target, files).length === 0) missing.push(`bin ${command} → ${target}`);
      }
      expect(
        missing,
        `exports of ${manifest.name} that point at nothing; the tarball has:\n${files.join('\n')}`,
      ).toEqual([]);
    });

    it('has type declarations wherever an export names them', () => {
      const { files, manifest } = get(folder);
      const typed = exportTargets(manifest.exports).filter(({ conditions }) => conditions.includes('types'));
      const bad = typed.filter(({ target }) => {
        const found = filesOf(target, files);
        return found.length === 0 || !found.every((file) => /\.d\.[cm]?ts$/.test(file));
      });
      expect(bad, 'types conditions without a declaration file').toEqual([]);
    });

    it('names versions, not workspace: ranges, in its package.json', () => {
      const { manifest } = get(folder);
      const left = DEPENDENCY_FIELDS.flatMap((field) =>
        Object.entries((manifest[field] ?? {}) as Record<string, string>)
          .filter(([, range]) => range.startsWith('workspace:'))
          .map(([name, range]) => `${field}.${name}: ${range}`),
      );
      expect(left).toEqual([]);
      expect(JSON.stringify(manifest)).not.toContain('workspace:');
    });

    it('runs no install scripts on the user’s machine', () => {
      const scripts = Object.keys(get(folder).manifest.scripts ?? {});
      expect(scripts.filter((name) => INSTALL_SCRIPTS.includes(name))).toEqual([]);
    });

    it('imports only packages it declares as dependencies or peers', async () => {
      const { files, manifest, root } = get(folder);
      const declared = new Set([
        manifest.name,
        ...builtinModules,
        ...['dependencies', 'peerDependencies', 'optionalDependencies'].flatMap((field) =>
          Object.keys((manifest[field] ?? {}) as Record<string, string>),
        ),
      ]);
      const undeclared: string[] = [];
      for (const file of files.filter((path) => /\.([cm]?[jt]s|astro)$/.test(path) && !/\.d\.[cm]?ts$/.test(path))) {
        for (const name of importedPackages(await readFile(join(root, file), 'utf8'))) {
          if (!declared.has(name)) undeclared.push(`${file}: ${name}`);
        }
      }
      expect(undeclared, 'imports a user’s install would not satisfy').toEqual([]);
    });
  });

  it('astro-sharecraft exports its content loader, built and typed', () => {
    const { manifest, files } = get('astro-sharecraft');
    expect((manifest.exports as Record<string, unknown>)['./loaders']).toEqual({
      types: './dist/loaders.d.ts',
      default: './dist/loaders.js',
    });
    expect(files).toEqual(expect.arrayContaining(['dist/loaders.js', 'dist/loaders.d.ts']));
  });

  it('astro-sharecraft carries the keyword `astro add` looks for', () => {
    expect(get('astro-sharecraft').manifest.keywords).toContain('astro-integration');
  });
});
