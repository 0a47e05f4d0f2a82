import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');

/**
 * The environment a site owner's shell would give Astro: without the variables the test runner
 * sets (NODE_ENV=test, VITEST…), which change how Astro and Vite behave.
 */
export function ownerEnvironment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name === 'NODE_ENV' || name.startsWith('VITEST') || name === 'TEST') continue;
    env[name] = value;
  }
  return { ...env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0', ...extra };
}

export interface FixtureBuild {
  root: string;
  outDir: string;
  /** Everything Astro printed, stdout and stderr interleaved. */
  output: string;
  exitCode: number;
}

export interface BuildOptions {
  /** Where to write the site; defaults to the fixture's own dist/. */
  outDir?: string;
  /** Collector endpoint baked into the pages. */
  endpoint?: string;
  /** Extra integration options, merged over the fixture's own (may be deliberately wrong). */
  options?: Record<string, unknown>;
  /** Extra environment variables for the build (fixtures read some, such as SHARECRAFT_NO_ADAPTER). */
  env?: NodeJS.ProcessEnv;
}

/** Runs a real `astro build` of a fixture in a child process, as a site owner would. */
export function buildFixture(name: string, options: BuildOptions = {}): Promise<FixtureBuild> {
  return buildSite(join(FIXTURES, name), options);
}

/** The Astro versions the tests build, each a fixture under `test/fixtures/versions` (see its `_site`). */
export const VERSIONS = join(FIXTURES, 'versions');

/**
 * Puts the shared site (`test/fixtures/versions/_site/src`) into a version fixture, fresh, so every
 * Astro version builds the very same posts and pages. Astro's content cache goes too: a post
 * rendered by an earlier build keeps that build's markers, and would hide what the Markdown plugin
 * does now. Returns the fixture's folder.
 */
export async function prepareVersionFixture(name: string): Promise<string> {
  const root = join(VERSIONS, name);
  for (const stale of ['src', '.astro', 'node_modules/.astro']) {
    await rm(join(root, stale), { recursive: true, force: true });
  }
  await cp(join(VERSIONS, '_site', 'src'), join(root, 'src'), { recursive: true });
  return root;
}

/** Runs a real `astro build` of a version fixture, with the shared site put in first. */
export async function buildVersionFixture(name: string, options: BuildOptions = {}): Promise<FixtureBuild> {
  return buildSite(await prepareVersionFixture(name), options);
}

/** The `astro` command of the project at `root` (`bin/astro.mjs` since Astro 6, `astro.js` before). */
function astroBin(root: string): string {
  const astro = join(root, 'node_modules', 'astro');
  const { bin } = JSON.parse(readFileSync(join(astro, 'package.json'), 'utf8')) as { bin: { astro: string } };
  return join(astro, bin.astro);
}

/** Runs a real `astro build` of the Astro project at `root`. */
export async function buildSite(root: string, options: BuildOptions = {}): Promise<FixtureBuild> {
  const outDir = options.outDir ?? join(root, 'dist');
  const env = ownerEnvironment({
    SHARECRAFT_OUT_DIR: outDir,
    SHARECRAFT_FIXTURE_OPTIONS: JSON.stringify(options.options ?? {}),
    ...options.env,
  });
  if (options.endpoint) env.SHARECRAFT_ENDPOINT = options.endpoint;
  else delete env.SHARECRAFT_ENDPOINT;
  const child = spawn(process.execPath, [astroBin(root), 'build'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  return { root, outDir, output, exitCode };
}

/** Reads a built page by its URL path (directory build format). */
export async function readBuiltPage(build: FixtureBuild, path: string): Promise<string> {
  const file = path === '/' ? 'index.html' : path === '/404' ? '404.html' : join(path, 'index.html');
  return readFile(join(build.outDir, file), 'utf8');
}
