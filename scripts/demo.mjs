// `npm run demo`: builds the example site, starts a collector on it, serves the site, and prints
// each event as it is stored, until Ctrl-C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const site = join(root, 'example-site');
const astro = join(site, 'node_modules', 'astro', 'bin', 'astro.mjs');
const sitePort = Number(process.env.DEMO_SITE_PORT ?? 4321);
const collectorPort = Number(process.env.DEMO_COLLECTOR_PORT ?? 4322);
const siteUrl = `http://localhost:${sitePort}`;
const collectorUrl = `http://127.0.0.1:${collectorPort}`;
const dataDir = join(root, '.sharecraft');
const db = join(dataDir, 'demo.db');
mkdirSync(dataDir, { recursive: true });

const env = {
  ...process.env,
  ASTRO_TELEMETRY_DISABLED: '1',
  SITE_URL: siteUrl,
  SHARECRAFT_ENDPOINT: `${collectorUrl}/api/events`,
};

console.log('Building the example site…');
const build = spawnSync(process.execPath, [astro, 'build'], { cwd: site, env, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const children = [];
function start(name, args, cwd) {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr.on('data', (chunk) => process.stderr.write(`[${name}] ${chunk}`));
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[${name}] stopped unexpectedly (${signal ?? `exit ${code}`}); stopping the demo.`);
      stop(1);
    }
  });
  children.push(child);
  return child;
}

async function waitFor(url, name) {
  for (let attempt = 0; attempt < 150; attempt += 1) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  console.error(`${name} did not start on ${url}. Is the port taken? Set DEMO_SITE_PORT / DEMO_COLLECTOR_PORT.`);
  stop(1);
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  process.exit(code);
}
process.on('SIGINT', () => {
  console.log('\nStopping the site and the collector.');
  stop(0);
});
process.on('SIGTERM', () => stop(0));

start(
  'collector',
  [
    join(root, 'packages/collector/dist/cli.js'),
    'serve',
    '--db',
    db,
    '--port',
    String(collectorPort),
    '--manifest',
    join(site, 'dist/_sharecraft/manifest.json'),
  ],
  root,
);
start('site', [astro, 'preview', '--port', String(sitePort), '--host', 'localhost'], site);
await waitFor(`${collectorUrl}/healthz`, 'The collector');
await waitFor(siteUrl, 'The site');

const store = new DatabaseSync(db, { readOnly: true });
const titles = new Map(
  store
    .prepare('SELECT page_id, path FROM pages')
    .all()
    .map((row) => [row.page_id, row.path]),
);
const firstPost = store.prepare('SELECT path FROM pages ORDER BY path LIMIT 1').get();

console.log(`
  Sharecraft demo is running.

  Blog:       ${siteUrl}/
  A post:     ${siteUrl}${firstPost ? `${firstPost.path}/` : '/'}
  Collector:  ${collectorUrl}/api/events  (database: ${db})

  Open a post: it ends with a share block, and the beacon reports a page view,
  which appears below as the collector stores it. Ctrl-C stops everything.
`);

let last = Number(store.prepare('SELECT coalesce(max(rowid), 0) AS n FROM events').get().n);
setInterval(() => {
  for (const row of store
    .prepare('SELECT rowid, kind, page_id, referrer_class FROM events WHERE rowid > ? ORDER BY rowid')
    .all(last)) {
    last = Number(row.rowid);
    const kind = row.kind === 'v' ? 'page view' : row.kind;
    console.log(
      `  stored: ${kind} of ${titles.get(row.page_id) ?? row.page_id} (referrer: ${row.referrer_class ?? '?'})`,
    );
  }
}, 500);
