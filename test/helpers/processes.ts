import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { FIXTURES, ownerEnvironment, REPO_ROOT } from './build-fixture.js';

/** A port nothing listens on right now, on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface RunningProcess {
  url: string;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

function track(child: ChildProcess): { output: () => string; exited: Promise<number | null> } {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { output: () => output, exited };
}

async function waitUntil(
  check: () => Promise<boolean>,
  what: string,
  output: () => string,
  timeoutMs = 30_000,
  child?: ChildProcess,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`${what} exited before it was ready. Output:\n${output()}`);
    }
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not start within ${timeoutMs} ms. Output:\n${output()}`);
}

function stopper(child: ChildProcess, exited: Promise<number | null>) {
  return async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
}

export interface CollectorProcess extends RunningProcess {
  endpoint: string;
  /** Process id, for signals that do not stop it (SIGHUP). */
  pid: number;
}

/** Starts `sharecraft serve` as its own process, the way an owner runs it. */
export async function startCollector(args: {
  db: string;
  port: number;
  manifest?: string;
  extra?: string[];
  env?: NodeJS.ProcessEnv;
}) {
  const cli = join(REPO_ROOT, 'packages/collector/dist/cli.js');
  const argv = [cli, 'serve', '--db', args.db, '--port', String(args.port), '--host', '127.0.0.1'];
  if (args.manifest) argv.push('--manifest', args.manifest);
  argv.push(...(args.extra ?? []));
  const child = spawn(process.execPath, argv, { env: ownerEnvironment(args.env), stdio: ['ignore', 'pipe', 'pipe'] });
  const { output, exited } = track(child);
  const url = `http://127.0.0.1:${args.port}`;
  await waitUntil(async () => (await fetch(`${url}/healthz`)).ok, 'sharecraft serve', output, 30_000, child);
  return {
    url,
    endpoint: `${url}/api/events`,
    pid: child.pid as number,
    output,
    stop: stopper(child, exited),
  } satisfies CollectorProcess;
}

async function startAstro(
  command: 'preview' | 'dev',
  fixture: string,
  port: number,
  env: NodeJS.ProcessEnv,
): Promise<RunningProcess> {
  const root = fixture.startsWith('/') ? fixture : join(FIXTURES, fixture);
  const child = spawn(
    process.execPath,
    [join(root, 'node_modules/astro/bin/astro.mjs'), command, '--port', String(port), '--host', '127.0.0.1'],
    { cwd: root, env: ownerEnvironment(env), stdio: 'pipe' },
  );
  const { output, exited } = track(child);
  const url = `http://127.0.0.1:${port}`;
  // Vite answers before Astro has mounted its routes; wait for the home page itself.
  await waitUntil(async () => (await fetch(url)).status === 200, `astro ${command}`, output, 60_000, child);
  return { url, output, stop: stopper(child, exited) };
}

/** Serves a built fixture (a name under `test/fixtures`, or a project's absolute path) with `astro preview`, Astro's own static server. */
export function startPreview(fixture: string, outDir: string, port: number): Promise<RunningProcess> {
  return startAstro('preview', fixture, port, { SHARECRAFT_OUT_DIR: outDir });
}

/** Runs `astro dev` on a fixture, as an owner writing a post would. */
export function startDevServer(
  fixture: string,
  port: number,
  endpoint: string,
  options?: Record<string, unknown>,
): Promise<RunningProcess> {
  return startAstro('dev', fixture, port, {
    SHARECRAFT_ENDPOINT: endpoint,
    ...(options ? { SHARECRAFT_FIXTURE_OPTIONS: JSON.stringify(options) } : {}),
  });
}

/**
 * Starts a fixture built with @astrojs/node in standalone mode the way its owner deploys it:
 * `node <outDir>/server/entry.mjs`, with HOST and PORT, from a directory that is not the project.
 */
export async function startBuiltServer(outDir: string, port: number, env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [join(outDir, 'server', 'entry.mjs')], {
    cwd: outDir,
    env: ownerEnvironment({ HOST: '127.0.0.1', PORT: String(port), ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { output, exited } = track(child);
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(async () => (await fetch(url)).status === 200, 'the built server', output, 30_000, child);
  return { url, output, stop: stopper(child, exited) } satisfies RunningProcess;
}

/**
 * The owner's own server for a fixture built with @astrojs/node in middleware mode: a plain
 * node:http server that hands every request to the build's `handler`, and answers 404 itself for
 * what the site passes on (`next`). `readyPath` is an on-demand page to wait for.
 */
export async function startMiddlewareServer(
  outDir: string,
  port: number,
  readyPath: string,
  env: NodeJS.ProcessEnv = {},
) {
  const server = `
    import { createServer } from 'node:http';
    import { pathToFileURL } from 'node:url';
    const { handler } = await import(pathToFileURL(process.argv[1]).href);
    createServer((req, res) => handler(req, res, () => { res.statusCode = 404; res.end('passed on by the site'); }))
      .listen(Number(process.env.PORT), '127.0.0.1');`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', server, join(outDir, 'server', 'entry.mjs')], {
    cwd: outDir,
    env: ownerEnvironment({ PORT: String(port), ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { output, exited } = track(child);
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(
    async () => (await fetch(`${url}${readyPath}`)).status === 200,
    'the middleware server',
    output,
    30_000,
    child,
  );
  return { url, output, stop: stopper(child, exited) } satisfies RunningProcess;
}
