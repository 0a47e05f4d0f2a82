import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import config from 'virtual:sharecraft/mount-config';
import type { CollectorLog, OpenedCollector } from '@sharecraft/collector';
import type { APIContext } from 'astro';
import { buildContext } from '../../runtime/build-context.js';

/** Shortest stats token the collector accepts (as `sharecraft serve` does). */
const MIN_TOKEN_LENGTH = 16;
const RETRY_AFTER_SECONDS = 5;

/** The integration's logger in its own process (dev); the console in a built server. */
const log: CollectorLog = {
  info: (message) => {
    const logger = buildContext()?.logger;
    if (logger) logger.info(message);
    else console.log(`[astro-sharecraft] ${message}`);
  },
  error: (message) => {
    const logger = buildContext()?.logger;
    if (logger) logger.error(message);
    else console.error(`[astro-sharecraft] ${message}`);
  },
};

/**
 * The manifest the build copied into the server directory. The code runs from a chunk somewhere
 * below that directory, so walk up to it (as @astrojs/node finds its client directory): that
 * holds wherever the built `dist/` is moved or however the server is started.
 */
function builtManifest(where: { serverFolder: string; file: string }): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (basename(dir) !== where.serverFolder) {
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(
        `the mounted collector runs outside the server directory "${where.serverFolder}" (from ${fileURLToPath(import.meta.url)}), so it cannot find the manifest this build wrote; rebuild the site`,
      );
    }
    dir = parent;
  }
  const file = join(dir, ...where.file.split('/'));
  if (!existsSync(file)) throw new Error(`the manifest this build wrote is missing at ${file}; rebuild the site`);
  return file;
}

function statsToken(): string | undefined {
  const token = config.statsToken ?? process.env.SHARECRAFT_STATS_TOKEN;
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH) {
    log.error(
      `SHARECRAFT_STATS_TOKEN has ${token.length} characters, fewer than ${MIN_TOKEN_LENGTH}, so the stats API stays off. Make one with: openssl rand -hex 24`,
    );
    return undefined;
  }
  return token || undefined;
}

function adminToken(): string | undefined {
  const token = process.env.SHARECRAFT_ADMIN_TOKEN;
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH) {
    log.error(
      `SHARECRAFT_ADMIN_TOKEN has ${token.length} characters, fewer than ${MIN_TOKEN_LENGTH}, so the moderation page stays off. Make one with: openssl rand -hex 24`,
    );
    return undefined;
  }
  return token || undefined;
}

/** The client address Astro gives each request, for the visitor hash (never stored). */
const clientAddresses = new WeakMap<Request, string>();

/** The collector package, which Vite leaves to Node: it must be installed where the server runs. */
async function collectorPackage(): Promise<typeof import('@sharecraft/collector')> {
  try {
    return await import('@sharecraft/collector');
  } catch (error) {
    throw new Error(
      `@sharecraft/collector could not be loaded (${(error as Error).message}); run the built server where the site's node_modules, with @sharecraft/collector, are installed`,
    );
  }
}

async function open(): Promise<OpenedCollector> {
  const { openCollector } = await collectorPackage();
  const db = config.database ?? process.env.SHARECRAFT_DB ?? config.defaultDatabase;
  const manifests = config.manifest ? [builtManifest(config.manifest)] : [];
  const collector = await openCollector({
    db,
    manifests,
    allowedOrigins: config.allowedOrigins,
    allowedOriginsSetting: 'the `collector.mount.allowOrigins` option',
    statsTokenSetting: 'the `collector.mount.statsToken` option',
    statsToken: statsToken(),
    adminToken: adminToken(),
    adminPath: config.adminPath,
    trailingSlash: config.trailingSlash,
    adminTokenSetting: 'the SHARECRAFT_ADMIN_TOKEN environment variable (where the server runs)',
    rateLimit: config.rateLimit,
    ...(config.licences ? { licences: config.licences } : {}),
    clientIp: (request) => clientAddresses.get(request),
    log,
  });
  log.info(
    `Collector open: database ${/^postgres/i.test(db) ? 'PostgreSQL' : db}, ${
      manifests.length > 0 ? `${collector.manifests.pageCount} pages in the manifest` : 'any page id accepted (dev)'
    }.`,
  );
  return collector;
}

// One collector per process, also when Vite loads this module again in dev.
const SLOT = Symbol.for('astro-sharecraft.mounted-collector');
const slot = globalThis as { [SLOT]?: Promise<OpenedCollector> };

function mountedCollector(): Promise<OpenedCollector> {
  let opening = slot[SLOT];
  if (!opening) {
    opening = open();
    slot[SLOT] = opening;
    // A failure is answered with 503s; the next request tries again.
    opening.catch(() => {
      if (slot[SLOT] === opening) delete slot[SLOT];
    });
  }
  return opening;
}

/**
 * The request without the slash a site with `trailingSlash: 'always'` puts at the end of every
 * path: the creations handler routes on how the path ends (`…/api/creations`, `…/challenge`).
 */
function withoutTrailingSlash(request: Request): Request {
  const url = new URL(request.url);
  if (!url.pathname.endsWith('/')) return request;
  url.pathname = url.pathname.replace(/\/+$/, '');
  return new Request(url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: request.signal,
    duplex: 'half',
  } as RequestInit & { duplex: 'half' });
}

/** Answers a request to a mounted endpoint with the collector's own handler for it. */
export async function answer(
  endpoint: 'ingest' | 'stats' | 'creations' | 'admin' | 'webmention',
  context: APIContext,
): Promise<Response> {
  let collector: OpenedCollector;
  try {
    collector = await mountedCollector();
  } catch (error) {
    log.error(`The mounted collector could not start: ${(error as Error).message}`);
    return Response.json(
      {
        error: 'unavailable',
        reason: `the collector could not open its database or manifest, so nothing was stored; retry after ${RETRY_AFTER_SECONDS} s`,
      },
      { status: 503, headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } },
    );
  }
  const request = endpoint === 'creations' ? withoutTrailingSlash(context.request) : context.request;
  if (endpoint === 'ingest' || endpoint === 'creations' || endpoint === 'webmention') {
    try {
      clientAddresses.set(request, context.clientAddress);
    } catch {
      // An adapter that cannot tell the address: every reader shares one rate limit, nothing breaks.
    }
  }
  return collector[endpoint](request);
}
