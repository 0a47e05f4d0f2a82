/** Starts the servers under test as their own processes, and waits until they answer. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const PEER = fileURLToPath(new URL('./naive-peer.ts', import.meta.url));

/** A server process under test. */
export interface Server {
  url: string;
  /** Stops it with SIGTERM and waits for it to exit. */
  stop(): Promise<void>;
  /** CPU seconds the process has used so far, all its threads (Linux); undefined where unknown. */
  cpuSeconds(): number | undefined;
}

/** Clock ticks per second of /proc/<pid>/stat: 100 on every Linux this runs on. */
const CLOCK_TICKS = 100;

function cpuSecondsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // utime and stime are fields 14 and 15; the command name before them may hold spaces, so count after its ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

async function started(child: ChildProcess, url: string, name: string): Promise<Server> {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited before it was ready:\n${output}`);
    const ok = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) {
      return {
        url,
        async stop() {
          child.kill('SIGTERM');
          await exited;
        },
        cpuSeconds: () => cpuSecondsOf(child.pid),
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${name} did not answer within 30 s:\n${output}`);
}

/** `sharecraft serve` on `db` (an SQLite file or a postgres:// URL). */
export function startCollector(db: string, port: number, manifest: string, extra: string[] = []): Promise<Server> {
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--db', db, '--port', String(port), '--manifest', manifest, '--trust-proxy', 'loopback', ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return started(child, `http://127.0.0.1:${port}`, 'sharecraft serve');
}

/** The naive peer: one INSERT and one commit per event. */
export function startNaivePeer(db: string, port: number): Promise<Server> {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', PEER, db, String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return started(child, `http://127.0.0.1:${port}`, 'the naive peer');
}
