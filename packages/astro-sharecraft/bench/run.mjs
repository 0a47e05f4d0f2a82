// What the benchmarks share: one `astro build` in its own process, and the statistics they print.
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { ownerEnvironment } from './site.mjs';

/**
 * Runs `astro build` in `root` as a site owner would, each build a fresh process. `wrap` goes before
 * Node's own arguments (`/usr/bin/time -f …`), `env` on top of the owner's environment. Resolves with
 * the exit code, everything the build printed and its wall time.
 */
export function runAstroBuild(root, { wrap = [], env = {} } = {}) {
  const astro = join(root, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const [command, ...args] = [...wrap, process.execPath, astro, 'build'];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: root,
      env: { ...ownerEnvironment(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output, wallMs: performance.now() - started }));
  });
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** The machine's load averages, as the benchmarks print them. */
export const loadAverage = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
