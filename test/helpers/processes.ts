import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { FIXTURES, REPO_ROOT } from './build-fixture.js';

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

async function waitUntil(check: () => Promise<boolean>, what: string, output: () => string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
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
}

/** Starts `sharecraft serve` as its own process, the way an owner runs it. */
export async function startCollector(args: { db: string; port: number; manifest?: string; extra?: string[] }) {
  const cli = join(REPO_ROOT, 'packages/collector/dist/cli.js');
  const argv = [cli, 'serve', '--db', args.db, '--port', String(args.port), '--host', '127.0.0.1'];
  if (args.manifest) argv.push('--manifest', args.manifest);
  argv.push(...(args.extra ?? []));
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  const { output, exited } = track(child);
  const url = `http://127.0.0.1:${args.port}`;
  await waitUntil(async () => (await fetch(`${url}/healthz`)).ok, 'sharecraft serve', output);
  return { url, endpoint: `${url}/api/events`, output, stop: stopper(child, exited) } satisfies CollectorProcess;
}

/** Serves a built fixture with `astro preview`, Astro's own static server. */
export async function startPreview(fixture: string, outDir: string, port: number): Promise<RunningProcess> {
  const root = join(FIXTURES, fixture);
  const child = spawn(
    process.execPath,
    [join(root, 'node_modules/astro/bin/astro.mjs'), 'preview', '--port', String(port), '--host', '127.0.0.1'],
    {
      cwd: root,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', SHARECRAFT_OUT_DIR: outDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const { output, exited } = track(child);
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(async () => (await fetch(url)).status < 500, 'astro preview', output);
  return { url, output, stop: stopper(child, exited) };
}
