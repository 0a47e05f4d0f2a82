import { ADMIN_PATH, CREATIONS_PATH, WEBMENTION_PATH } from '@sharecraft/protocol';
import { FastResponse, serve as listen } from 'srvx';
import { INGEST_PATH, STATS_PATH } from './collector.js';
import { openCollector } from './open-collector.js';
import type { ServeOptions } from './serve-options.js';
import { isPostgresUrl } from './storage/open-store.js';
import { redactUrl } from './storage/postgres-store.js';

/**
 * Runs the collector until SIGTERM or SIGINT: opens the store, loads the manifests, listens, and
 * on a signal stops taking connections, lets requests in flight finish (each waits for its
 * commit), commits anything queued, closes the database and exits 0. SIGHUP reloads the manifests.
 */
export async function serve(options: ServeOptions): Promise<void> {
  const collector = await openCollector({
    db: options.db,
    manifests: options.manifests,
    manifestRefresh: options.manifestRefresh,
    allowedOrigins: options.allowedOrigins,
    statsToken: options.statsToken,
    rateLimit: options.rateLimit,
    adminToken: options.adminToken,
    licences: options.licences,
    creationsPerHour: options.creationsPerHour,
    unverifiedPerHour: options.unverifiedPerHour,
    creationsCap: options.creationsCap,
    minFillSeconds: options.minFillSeconds,
    notifyUrl: options.notifyUrl,
    deployHook: options.deployHook,
    deployHookDelay: options.deployHookDelay,
    webmentionTimeout: options.webmentionTimeout,
    webmentionAllowPrivate: options.webmentionAllowPrivate,
    Response: FastResponse,
  });

  let stopping = false;
  // While stopping, every answer closes its connection, so keep-alive clients leave and the
  // server can finish.
  const fetch = async (request: Request) => {
    const response = await collector.fetch(request);
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
  console.log(`  admin:    ${options.adminToken ? `${base}${ADMIN_PATH}` : 'off (no --admin-token)'}`);
  console.log(
    `  creations: POST ${base}${CREATIONS_PATH}; owner API ${options.adminToken ? 'on (bearer token)' : 'off (no --admin-token)'}`,
  );
  if (options.deployHook) {
    // Build hooks carry their secret in the path: show only where they go.
    console.log(
      `  deploy hook: ${new URL(options.deployHook).origin}/… (${options.deployHookDelay} s after approvals)`,
    );
  }
  console.log(
    `  webmentions: POST ${base}${WEBMENTION_PATH}${options.manifests.length > 0 ? '' : ' (refused: no --manifest)'}`,
  );
  if (options.webmentionAllowPrivate) {
    console.log('  WARNING: --webmention-allow-private is on: sources on private addresses are fetched (tests only).');
  }
  console.log(
    `  database: ${isPostgresUrl(options.db) ? `PostgreSQL ${redactUrl(options.db)}` : `SQLite ${options.db}`}`,
  );
  console.log(
    options.manifests.length > 0
      ? `  manifest: ${options.manifests.join(', ')} (${collector.manifests.pageCount} pages)`
      : '  manifest: none; accepting events for any page id',
  );

  process.on('SIGHUP', () => void collector.reloadManifests('SIGHUP'));

  const stop = async (signal: string) => {
    if (stopping) {
      console.error(`${signal} again: exiting without waiting.`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: finishing requests in flight, then closing the database.`);
    await server.close();
    await collector.close();
    const { commits, inserted } = collector.store.metrics();
    console.log(`Closed: ${inserted} events stored in ${commits} commits since start.`);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
