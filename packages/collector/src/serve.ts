import { FastResponse, serve as listen } from 'srvx';
import { createCollector, INGEST_PATH, STATS_PATH } from './collector.js';
import { ManifestRegistry } from './manifest-registry.js';
import type { ServeOptions } from './serve-options.js';
import { DAY_MS } from './stats/definitions.js';
import { isPostgresUrl, openStore } from './storage/open-store.js';
import { redactUrl } from './storage/postgres-store.js';

/** How often old salts are looked for and deleted, even when no event arrives. */
const SALT_PRUNE_EVERY_MS = 10 * 60_000;

/**
 * Runs the collector until SIGTERM or SIGINT: opens the store, loads the manifests, listens, and
 * on a signal stops taking connections, lets requests in flight finish (each waits for its
 * commit), commits anything queued, closes the database and exits 0. SIGHUP reloads the manifests.
 */
export async function serve(options: ServeOptions): Promise<void> {
  const store = await openStore(options.db);
  const manifests = new ManifestRegistry(store, options.manifests);
  await manifests.reload();
  await store.dailySalt(Math.floor(Date.now() / DAY_MS));

  let stopping = false;
  const collector = createCollector({
    store,
    manifests: () => manifests.current(),
    refreshManifests: () => manifests.refreshIfStale(),
    allowedOrigins: options.allowedOrigins,
    statsToken: options.statsToken,
    rateLimit: options.rateLimit,
    Response: FastResponse,
  });
  // While stopping, every answer closes its connection, so keep-alive clients leave and the
  // server can finish.
  const fetch = async (request: Request) => {
    const response = await collector(request);
    if (stopping) response.headers.set('connection', 'close');
    return response;
  };
  const server = listen({
    fetch,
    port: options.port,
    hostname: options.host,
    silent: true,
    gracefulShutdown: false,
    trustProxy: options.trustProxy,
  });
  await server.ready();

  const base = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
  console.log(`Sharecraft collector listening on ${base}`);
  console.log(`  events:   POST ${base}${INGEST_PATH}`);
  console.log(
    `  stats:    ${options.statsToken ? `GET ${base}${STATS_PATH} (bearer token)` : 'off (no --stats-token)'}`,
  );
  console.log(
    `  database: ${isPostgresUrl(options.db) ? `PostgreSQL ${redactUrl(options.db)}` : `SQLite ${options.db}`}`,
  );
  console.log(
    options.manifests.length > 0
      ? `  manifest: ${options.manifests.join(', ')} (${manifests.pageCount} pages)`
      : '  manifest: none; accepting events for any page id',
  );

  const reload = (why: string) =>
    manifests
      .reload()
      .then(() =>
        console.log(`Reloaded ${options.manifests.length} manifest(s) (${why}): ${manifests.pageCount} pages known.`),
      )
      .catch((error: Error) => console.error(`Manifest reload failed, keeping the ids known so far: ${error.message}`));
  process.on('SIGHUP', () => void reload('SIGHUP'));
  const timers = [
    setInterval(() => {
      store.dailySalt(Math.floor(Date.now() / DAY_MS)).catch(() => undefined);
    }, SALT_PRUNE_EVERY_MS),
  ];
  if (options.manifestRefresh > 0 && options.manifests.length > 0) {
    timers.push(setInterval(() => void reload('timer'), options.manifestRefresh * 1000));
  }
  for (const timer of timers) timer.unref();

  const stop = async (signal: string) => {
    if (stopping) {
      console.error(`${signal} again: exiting without waiting.`);
      process.exit(1);
    }
    stopping = true;
    for (const timer of timers) clearInterval(timer);
    console.log(`${signal}: finishing requests in flight, then closing the database.`);
    await server.close();
    await store.close();
    const { commits, inserted } = store.metrics();
    console.log(`Closed: ${inserted} events stored in ${commits} commits since start.`);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
