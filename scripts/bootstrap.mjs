#!/usr/bin/env node
// Runs a root task (`npm run demo`, `npm test`) on a fresh machine that has only Node and npm.
// Astro 6/7 need Node >= 22.12, so the repo brings its own Node (the `node` devDependency) and
// pnpm; this script installs them on first use and then runs the task on that Node.
// It must itself run on Node 20: plain JavaScript, node: built-ins only.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PNPM = 'pnpm@10.34.8';
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'node_modules', '.bin');
/** What each README command runs once dependencies are in place, step by step. */
const TASKS = {
  test: [['pnpm', 'run', 'test:all']],
  // The demo runs as a direct child, so Ctrl-C goes to it and it stops the site and collector itself.
  demo: [
    ['pnpm', 'run', 'build'],
    ['node', '--disable-warning=ExperimentalWarning', 'scripts/demo.mjs'],
  ],
};
const task = process.argv[2];
if (!(task in TASKS)) {
  console.error(`usage: node scripts/bootstrap.mjs <${Object.keys(TASKS).join('|')}>`);
  process.exit(2);
}

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.error) {
    console.error(`Could not run ${command}: ${result.error.message}`);
    process.exit(1);
  }
  return result.status ?? 1;
}

function installIsCurrent() {
  const installed = join(root, 'node_modules', '.pnpm', 'lock.yaml');
  if (!existsSync(installed) || !existsSync(join(bin, 'node')) || !existsSync(join(bin, 'pnpm'))) return false;
  return statSync(installed).mtimeMs >= statSync(join(root, 'pnpm-lock.yaml')).mtimeMs;
}

if (!installIsCurrent()) {
  console.log(`Installing dependencies with ${PNPM} (includes Node 24 for Astro; first run takes a minute)…`);
  const status = run('npx', ['--yes', PNPM, 'install', '--frozen-lockfile']);
  if (status !== 0) {
    console.error('Installing dependencies failed; see the output above.');
    process.exit(status);
  }
}

// node_modules/.bin first: `node` there is the pinned Node 24, and pnpm runs scripts with it.
const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` };
// Ctrl-C reaches the running step directly (same process group); we only wait for it.
process.on('SIGINT', () => {});
for (const [command, ...args] of TASKS[task]) {
  const step = spawnSync(join(bin, command), args, { cwd: root, stdio: 'inherit', env });
  if (step.status !== 0) process.exit(step.status ?? (step.signal === 'SIGINT' ? 130 : 1));
}
