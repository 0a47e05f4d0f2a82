// A throwaway npm registry on loopback, so a test can publish the workspace's packages and install
// them the way a user does (`npm install`, `npx astro add`), without publishing anything for real.
//
// It is verdaccio, the usual registry for this job. The `test` package pins it exactly, as it
// pins its other test tools, so the registry under the test changes only when someone means it
// to: 6.10.4, the newest 6.x (the 7+ majors are pre-releases). It wants Node >= 22, which is the
// Node 24 that runs it here (and that pnpm checks engines against, `nodeVersion`).
//
// Our packages are served only from what the test publishes; every other package is proxied from
// the upstream registry the machine's npm is set up for, read at run time (never written here).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { ownerEnvironment, REPO_ROOT } from './build-fixture.js';
import { freePort } from './processes.js';
import { runCommand, runOrThrow } from './run-command.js';

export interface LocalRegistry {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  /**
   * The environment of a user installing from this registry: no npm or pnpm variables from the
   * test runner, a fresh npm user config and cache, and the test's Node first on PATH.
   */
  env: NodeJS.ProcessEnv;
  /** Publishes a packed tarball as the registry's throwaway user. */
  publish(tarball: string): Promise<void>;
  /** What verdaccio printed (warnings and errors only). */
  output(): string;
  /** Stops verdaccio and waits for it to exit. */
  stop(): Promise<void>;
}

const VERDACCIO = join(dirname(createRequire(import.meta.url).resolve('verdaccio/package.json')), 'bin', 'verdaccio');

/** The registry this machine's npm installs from: where verdaccio proxies everything not ours. */
async function upstreamRegistry(): Promise<string> {
  const fromEnv = process.env.npm_config_registry;
  if (fromEnv) return new URL(fromEnv).href;
  // Without the runner's npm_* variables, which npm would warn about (pnpm sets some npm does not know).
  const env = withoutNpmVariables(process.env);
  const result = await runOrThrow('npm', ['config', 'get', 'registry'], { cwd: REPO_ROOT, env, timeoutMs: 30_000 });
  const url = result.output
    .split('\n')
    .map((line) => line.trim())
    .find((line) => /^https?:\/\/\S+$/.test(line));
  if (!url) throw new Error(`\`npm config get registry\` named no http(s) registry:\n${result.output}`);
  return new URL(url).href;
}

function withoutNpmVariables(source: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = { ...source };
  for (const name of Object.keys(env)) {
    if (/^npm_/i.test(name) || name === 'INIT_CWD') delete env[name];
  }
  return env;
}

/** Everything of a user's environment but what the test runner, pnpm or npm scripts add. */
function userEnvironment(userconfig: string, cache: string): NodeJS.ProcessEnv {
  const env = withoutNpmVariables(ownerEnvironment());
  return {
    ...env,
    // Astro needs Node >= 22.12: the Node running the tests comes first, so `npm`, `npx` and the
    // scripts they start (`#!/usr/bin/env node`) run on it.
    PATH: `${dirname(process.execPath)}${delimiter}${env.PATH ?? ''}`,
    npm_config_userconfig: userconfig,
    npm_config_cache: cache,
  };
}

function registryConfig(dir: string, upstream: string, ownPackages: string[]): string {
  // JSON strings are valid YAML strings: paths and URLs need no further escaping.
  const own = ownPackages
    .map((name) => `  ${JSON.stringify(name)}:\n    access: $all\n    publish: $authenticated\n`)
    .join('');
  return `storage: ${JSON.stringify(join(dir, 'storage'))}
auth:
  htpasswd:
    file: ${JSON.stringify(join(dir, 'htpasswd'))}
uplinks:
  upstream:
    url: ${JSON.stringify(upstream)}
    timeout: 60s
    # Asked again within a run (\`astro add\` after \`npm install\`), a package's metadata comes from storage.
    maxage: 30m
packages:
${own}  '**':
    access: $all
    proxy: upstream
web:
  enable: false
log:
  type: stdout
  format: pretty
  level: warn
`;
}

async function waitForPing(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`verdaccio exited before it was ready. Output:\n${output()}`);
    }
    if (
      await fetch(new URL('-/ping', url)).then(
        (response) => response.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`verdaccio did not answer within 30 s. Output:\n${output()}`);
}

/** Registers a throwaway user and returns its token, as `npm adduser` would. */
async function addUser(url: string): Promise<string> {
  const name = 'sharecraft-test';
  const response = await fetch(new URL(`-/user/org.couchdb.user:${name}`, url), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: randomBytes(16).toString('hex'), type: 'user', roles: [] }),
  });
  const body = (await response.json()) as { token?: string };
  if (!response.ok || !body.token) throw new Error(`verdaccio refused the test user: ${JSON.stringify(body)}`);
  return body.token;
}

/**
 * Starts verdaccio on a free loopback port with its config, storage and users in `dir`, serving
 * `ownPackages` only from what is published to it.
 */
export async function startLocalRegistry(dir: string, ownPackages: string[]): Promise<LocalRegistry> {
  await mkdir(join(dir, 'storage'), { recursive: true });
  const config = join(dir, 'config.yaml');
  await writeFile(config, registryConfig(dir, await upstreamRegistry(), ownPackages));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const child = spawn(process.execPath, [VERDACCIO, '--config', config, '--listen', `127.0.0.1:${port}`], {
    cwd: dir,
    env: ownerEnvironment(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  const collect = (chunk: Buffer) => {
    printed += chunk.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const output = () => printed;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
  };
  try {
    await waitForPing(url, child, output);
    // A user who installs has no token for this registry; only publishing needs one (verdaccio
    // checks its password hash on every request that carries it: a quarter of a second each).
    const settings = 'audit=false\nfund=false\nupdate-notifier=false\n';
    const userconfig = join(dir, 'user.npmrc');
    const publisherconfig = join(dir, 'publisher.npmrc');
    await writeFile(userconfig, settings);
    await writeFile(publisherconfig, `//127.0.0.1:${port}/:_authToken=${await addUser(url)}\n${settings}`);
    const cache = join(dir, 'npm-cache');
    const env = userEnvironment(userconfig, cache);
    const publisherEnv = userEnvironment(publisherconfig, cache);
    return {
      url,
      env,
      output,
      stop,
      async publish(tarball) {
        const result = await runCommand('npm', ['publish', tarball, '--registry', url, '--access', 'public'], {
          cwd: dir,
          env: publisherEnv,
          timeoutMs: 60_000,
        });
        if (result.exitCode !== 0) {
          throw new Error(`\`${result.command}\` failed:\n${result.output}\nverdaccio:\n${output()}`);
        }
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
