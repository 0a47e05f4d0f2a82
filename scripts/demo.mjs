// `npm run demo`: builds the example site, starts a collector on it, serves the site, and prints
// each event as it is stored, in words (`demo-words.ts`), until Ctrl-C stops everything. The
// collector's --deploy-hook points at a small receiver here that rebuilds the site, so a creation
// approved on the moderation page shows under its post a few seconds later.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { eventLine, isShareKind, ShareGenerations } from './demo-words.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const site = join(root, 'example-site');
const astro = join(site, 'node_modules', 'astro', 'bin', 'astro.mjs');
const sitePort = Number(process.env.DEMO_SITE_PORT ?? 4321);
const collectorPort = Number(process.env.DEMO_COLLECTOR_PORT ?? 4322);
const hookPort = Number(process.env.DEMO_HOOK_PORT ?? 4323);
const siteUrl = `http://localhost:${sitePort}`;
const collectorUrl = `http://127.0.0.1:${collectorPort}`;
const hookUrl = `http://127.0.0.1:${hookPort}/rebuild`;
const dataDir = join(root, '.sharecraft');
const db = process.env.DEMO_DB ?? join(dataDir, 'demo.db');
// Where the site is built (the end-to-end test builds elsewhere); the site's config reads it too.
const outDir = process.env.EXAMPLE_OUT_DIR ?? join(site, 'dist');
mkdirSync(dataDir, { recursive: true });

// A fresh moderation token each run, for the collector's /admin page (never in a flag: flags show in ps).
const adminToken = randomBytes(18).toString('base64url');

const env = {
  ...process.env,
  SHARECRAFT_ADMIN_TOKEN: adminToken,
  ASTRO_TELEMETRY_DISABLED: '1',
  SITE_URL: siteUrl,
  SHARECRAFT_ENDPOINT: `${collectorUrl}/api/events`,
  EXAMPLE_OUT_DIR: outDir,
};

const samples = await seedSampleCreations();

// The first build reads the sample file (the collector needs this build's manifest to start);
// every rebuild reads the approved creations from the collector.
console.log('Building the example site…');
const build = spawnSync(process.execPath, [astro, 'build'], { cwd: site, env, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

/**
 * Puts the example site's sample creations (its export file) into the demo database as approved,
 * once, so the collector is the one source of the gallery and a rebuild keeps them.
 * Resolves with how many samples there are.
 */
async function seedSampleCreations() {
  const file = join(site, 'creations.json');
  if (!existsSync(file)) return 0;
  const { openSqliteStore } = await import('../packages/collector/dist/index.js');
  const records = JSON.parse(readFileSync(file, 'utf8'));
  const store = await openSqliteStore(db);
  try {
    for (const record of records) {
      if (await store.creations.get(record.id)) continue;
      const random = () => createHash('sha256').update(randomBytes(16)).digest('hex');
      await store.creations.insert({
        ...record,
        email: null,
        receiptHash: random(),
        textHash: random(),
        createdAt: Date.parse(record.createdAt),
        image: record.image
          ? {
              type: record.image.type,
              width: record.image.width,
              height: record.image.height,
              alt: record.image.alt,
              bytes: readFileSync(join(site, 'creations', record.image.url)),
            }
          : null,
      });
    }
  } finally {
    await store.close();
  }
  return records.length;
}

// The deploy hook's receiver: one build at a time; a call during a build queues one more.
let building;
let again = false;
function rebuild() {
  if (building) {
    again = true;
    return;
  }
  console.log('Rebuilding the site: a creation was approved…');
  const started = Date.now();
  const child = spawn(process.execPath, [astro, 'build'], {
    cwd: site,
    env: { ...env, SHARECRAFT_CREATIONS_FROM: collectorUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  building = child;
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  child.on('close', (code) => {
    building = undefined;
    if (code === 0)
      console.log(`Rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s: reload the post to see it.`);
    else console.error(`The rebuild failed (exit ${code}); the site still serves the last build.\n${output}`);
    if (again && !stopping) {
      again = false;
      rebuild();
    }
  });
}
const receiver = createServer((request, response) => {
  request.resume();
  if (request.method !== 'POST' || request.url !== '/rebuild') {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(202).end();
  rebuild();
});
await new Promise((resolve, reject) => {
  receiver.once('error', (error) => {
    console.error(`The rebuild hook cannot listen on ${hookUrl} (${error.message}). Set DEMO_HOOK_PORT.`);
    reject(error);
  });
  receiver.listen(hookPort, '127.0.0.1', resolve);
});

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
  receiver.close();
  building?.kill('SIGTERM');
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
    join(outDir, '_sharecraft/manifest.json'),
    '--deploy-hook',
    hookUrl,
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
// Creations approved in an earlier run are in the database but not in the first build.
const approved = store.prepare("SELECT COUNT(*) AS n FROM creations WHERE status = 'approved'").get();
if (Number(approved.n) > samples) rebuild();

console.log(`
  Sharecraft demo is running.

  Blog:       ${siteUrl}/
  A post:     ${siteUrl}${firstPost ? `${firstPost.path}/` : '/'}
  Collector:  ${collectorUrl}/api/events  (database: ${db})
  Moderation: ${collectorUrl}/admin  (sign in with ${adminToken})

  Open a post, read a while, share it: each rung a reader climbs appears below
  as the collector stores it (read, engaged read when you leave or switch tabs,
  share, re-share, create). Under each post, "Made something from this? Show us"
  sends a creation or a letter; approve it on the moderation page, and the
  collector's deploy hook rebuilds the site: reload the post a few seconds later
  to see it in "What readers made". List submissions with
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
