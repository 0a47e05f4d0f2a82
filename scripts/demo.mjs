// `npm run demo`: builds the example site, starts a collector on it, serves the site, and prints
// each event as it is stored, in words (`demo-words.ts`), until Ctrl-C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { eventLine, isShareKind, ShareGenerations } from './demo-words.ts';

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

// A fresh moderation token each run, for the collector's /admin page (never in a flag: flags show in ps).
const adminToken = randomBytes(18).toString('base64url');

const env = {
  ...process.env,
  SHARECRAFT_ADMIN_TOKEN: adminToken,
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
const paths = new Map(
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
  Moderation: ${collectorUrl}/admin  (sign in with ${adminToken})

  Open a post, read a while, share it: each rung a reader climbs appears below
  as the collector stores it (read, engaged read when you leave or switch tabs,
  share, re-share, create). Under each post, "Made something from this? Show us"
  sends a creation or a letter; approve it on the moderation page, or list it with
  node_modules/.bin/node packages/collector/bin/sharecraft.js creations list --db ${db}
  Ctrl-C stops everything.
`);

// Shares seen before this run (the database outlives the demo) so generations keep counting, and
// the visits whose engagement was already reported, so a later report reads as an update.
const generations = new ShareGenerations();
const reportedViews = new Set();
let last = 0;
for (const row of store
  .prepare('SELECT rowid, kind, token, parent_token, view_id FROM events ORDER BY rowid')
  .iterate()) {
  last = Number(row.rowid);
  if (isShareKind(row.kind)) generations.add(row.token, row.parent_token);
  else if (row.kind === 'g') reportedViews.add(row.view_id);
}
const newEvents = store.prepare(
  `SELECT rowid, kind, page_id, referrer_class, parent_token, token, cta_id, network, view_id, engaged_ms,
          scroll_pct, form_id
     FROM events WHERE rowid > ? ORDER BY rowid`,
);
setInterval(() => {
  for (const row of newEvents.all(last)) {
    last = Number(row.rowid);
    let generation = null;
    if (isShareKind(row.kind)) generation = generations.add(row.token, row.parent_token);
    else if (row.parent_token) generation = generations.of(row.parent_token) ?? null;
    const update = row.kind === 'g' && reportedViews.has(row.view_id);
    if (row.kind === 'g') reportedViews.add(row.view_id);
    console.log(
      eventLine({
        kind: row.kind,
        page: paths.get(row.page_id) ?? `the page with id ${row.page_id}`,
        referrerClass: row.referrer_class,
        parentToken: row.parent_token,
        ctaId: row.cta_id,
        network: row.network,
        engagedMs: row.engaged_ms,
        scrollPct: row.scroll_pct,
        formId: row.form_id,
        generation,
        update,
      }),
    );
  }
}, 500);
