import type { CreationLicence, CreationStatus } from '@sharecraft/protocol';
import { createAdminHandler } from './admin/admin-handler.js';
import type { AdminStrings } from './admin/strings.js';
import { type RequestHandler, routeCollector } from './collector.js';
import { createCreationsHandler } from './creations/creations-handler.js';
import { changesPublished, createDeployHook } from './creations/deploy-hook.js';
import type { CreationPageStrings } from './creations/pages.js';
import type { ResponseClass } from './http.js';
import { createIngestHandler } from './ingest/accept-events.js';
import { ManifestRegistry } from './manifest-registry.js';
import { DAY_MS } from './stats/definitions.js';
import { createStatsHandler } from './stats/stats-handler.js';
import type { EventStore } from './storage/event-store.js';
import { openStore } from './storage/open-store.js';
import { createWebmentionHandler } from './webmention/webmention-handler.js';

/** How often old salts are looked for and deleted, even when no event arrives. */
const SALT_PRUNE_EVERY_MS = 10 * 60_000;

/** How often spam and rejected submissions past their keeping time are deleted. */
const PURGE_EVERY_MS = 60 * 60_000;

/** How long spam and rejected submissions are kept before they are deleted for good. */
export const REJECTED_KEPT_DAYS = 30;

/** Where an opened collector reports what it does; `console` by default. */
export interface CollectorLog {
  info(message: string): void;
  error(message: string): void;
}

/** What `openCollector` opens: the same settings `sharecraft serve` takes as flags. */
export interface OpenCollectorOptions {
  /** An SQLite file (created and migrated if missing), `:memory:`, or a `postgres://` URL. */
  db: string;
  /** Manifest files or URLs events are checked against; none accepts any well-formed page id. */
  manifests: readonly string[];
  /** Seconds between manifest reloads on a timer; 0 (the default) reloads only when asked or on an unknown id. */
  manifestRefresh?: number;
  /** Origins whose pages may send events: `*` allows any, `self` the origin the collector is served from. */
  allowedOrigins: readonly string[];
  /** Bearer token for the stats API; undefined turns it off. */
  statsToken?: string | undefined;
  /** Where the moderation page is served (default `/admin`; mounted: under the mount path). */
  adminPath?: string;
  /**
   * Whether the links the collector hands out (moderation pages, readers' receipts) end with a
   * slash: a site mounting it with `trailingSlash: 'always'` answers 404 to paths without one.
   */
  trailingSlash?: boolean;
  /** The moderation page's words (default English, `ADMIN_STRINGS`). */
  adminStrings?: AdminStrings;
  /** Events per minute per visitor; 0 turns the limit off. */
  rateLimit?: number;
  /** Where refusals name the allow-list setting (default `--allow-origin`). */
  allowedOriginsSetting?: string;
  /** Where the stats API, while off, names the token setting (default `--stats-token`). */
  statsTokenSetting?: string;
  /**
   * The owner's token: bearer token of the creations API (`GET /api/creations`) and what moderators
   * sign in to the moderation page with; undefined turns both off.
   */
  adminToken?: string | undefined;
  /** Where the creations API and the moderation page, while off, name the token setting (default `--admin-token`). */
  adminTokenSetting?: string;
  /** Licences readers may choose for a creation (default `DEFAULT_CREATION_LICENCES`). */
  licences?: readonly CreationLicence[];
  /** Submissions per hour per address with proof of work (default 10); 0: no limit. */
  creationsPerHour?: number;
  /** Submissions per hour per address without proof of work (default 3); 0: no limit. */
  unverifiedPerHour?: number;
  /** Submissions per hour from everyone together (default 200); 0: no cap. */
  creationsCap?: number;
  /** Least seconds between fetching the proof-of-work challenge and sending the form (default 3). */
  minFillSeconds?: number;
  /** Where each stored submission is announced with a JSON POST (retried in the background). */
  notifyUrl?: string | undefined;
  /**
   * A static host's build hook, POSTed (debounced, retried, in the background) after a creation is
   * approved, un-approved or deleted while approved, so the site rebuilds with its gallery.
   */
  deployHook?: string | undefined;
  /** Seconds after the last such change before the hook is called (default 2). */
  deployHookDelay?: number;
  /** Seconds a webmention's source may take to fetch, redirects included (default 10). */
  webmentionTimeout?: number;
  /**
   * For tests only: fetch webmention sources on private, loopback and link-local addresses too.
   * Never in production: anyone could make the collector fetch pages of the network it runs in.
   */
  webmentionAllowPrivate?: boolean;
  /** Where a webmention refused for want of a manifest names the setting (default `--manifest`). */
  manifestSetting?: string;
  /** The words of the reader's receipt and error pages (default English). */
  pageStrings?: CreationPageStrings;
  /** The client's IP address, for the visitor hash only (default: the request's `ip` property). */
  clientIp?(request: Request): string | undefined;
  /** The class answers are built with (default the global `Response`). */
  Response?: ResponseClass;
  log?: CollectorLog;
}

/** A collector with its storage open: handlers to mount, and what it takes to stop it cleanly. */
export interface OpenedCollector {
  /** Every path (`/api/events`, `/api/stats`, `/healthz`), for a server of its own. */
  fetch: RequestHandler;
  /** `POST` events: mount it at any path. */
  ingest: RequestHandler;
  /** `GET` aggregates behind the bearer token: mount it at any path. */
  stats: RequestHandler;
  /** The moderation page (every path under `adminPath`): mount it there. */
  admin: RequestHandler;
  /**
   * Reader creations: the challenge, submissions, the owner's API and the receipt pages. It routes
   * on the end of the path, so it can be mounted under any prefix (`/prefix/api/creations`, …).
   */
  creations: RequestHandler;
  /**
   * Webmentions: `POST …/webmention` and the statuses at `…/webmention/<id>`. It routes on the end
   * of the path, so it can be mounted under any prefix.
   */
  webmention: RequestHandler;
  store: EventStore;
  manifests: ManifestRegistry;
  /** Reloads the manifests, logging the outcome; a failed source keeps the ids known so far. */
  reloadManifests(why: string): Promise<void>;
  /** Stops the timers, waits for writes in flight, commits them and closes the database. */
  close(): Promise<void>;
}

/**
 * Opens everything a collector runs on, in one place, so `sharecraft serve` and a collector mounted
 * in an Astro site run the same code: the store, the manifest registry (loaded, and every version
 * recorded), today's salt, the salt-pruning and purge timers, and the ingest, stats and creations
 * handlers over them.
 * Throws, with the store closed again, when the database cannot be opened or a manifest not loaded.
 */
export async function openCollector(options: OpenCollectorOptions): Promise<OpenedCollector> {
  const log = options.log ?? { info: console.log, error: console.error };
  const store = await openStore(options.db);
  const manifests = new ManifestRegistry(store, options.manifests);
  try {
    await manifests.reload();
    await store.dailySalt(Math.floor(Date.now() / DAY_MS));
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }

  const deployHook = options.deployHook
    ? createDeployHook({
        url: options.deployHook,
        log,
        ...(options.deployHookDelay === undefined ? {} : { delayMs: options.deployHookDelay * 1000 }),
      })
    : undefined;
  const onStatusChange = (id: string, before: CreationStatus, after: CreationStatus | undefined) => {
    if (deployHook && changesPublished(before, after)) deployHook.changed(id);
  };

  const shared = { store, log: (message: string) => log.error(message), Response: options.Response };
  const ingest = createIngestHandler({
    ...shared,
    manifests: () => manifests.current(),
    forms: () => manifests.currentForms(),
    refreshManifests: () => manifests.refreshIfStale(),
    allowedOrigins: options.allowedOrigins,
    allowedOriginsSetting: options.allowedOriginsSetting,
    rateLimit: options.rateLimit,
    clientIp: options.clientIp,
  });
  const stats = createStatsHandler({ ...shared, token: options.statsToken, tokenSetting: options.statsTokenSetting });
  const creations = createCreationsHandler({
    ...shared,
    manifests: () => manifests.current(),
    forms: () => manifests.currentForms(),
    refreshManifests: () => manifests.refreshIfStale(),
    allowedOrigins: options.allowedOrigins,
    ...(options.allowedOriginsSetting ? { allowedOriginsSetting: options.allowedOriginsSetting } : {}),
    adminToken: options.adminToken,
    ...(options.adminTokenSetting ? { adminTokenSetting: options.adminTokenSetting } : {}),
    ...(options.licences ? { licences: options.licences } : {}),
    ...(options.creationsPerHour === undefined ? {} : { perHour: options.creationsPerHour }),
    ...(options.unverifiedPerHour === undefined ? {} : { unverifiedPerHour: options.unverifiedPerHour }),
    ...(options.creationsCap === undefined ? {} : { hourlyCap: options.creationsCap }),
    ...(options.minFillSeconds === undefined ? {} : { minFillMs: options.minFillSeconds * 1000 }),
    notifyUrl: options.notifyUrl,
    onStatusChange,
    ...(options.pageStrings ? { strings: options.pageStrings } : {}),
    ...(options.clientIp ? { clientIp: options.clientIp } : {}),
    trailingSlash: options.trailingSlash ?? false,
  });
  const webmention = createWebmentionHandler({
    creations: store.creations,
    postAt: (url) => manifests.postAt(url),
    hasManifests: () => manifests.hasSources,
    refreshManifests: () => manifests.refreshIfStale(),
    ...(options.manifestSetting ? { manifestSetting: options.manifestSetting } : {}),
    ...(options.creationsPerHour === undefined ? {} : { perHour: options.creationsPerHour }),
    ...(options.webmentionTimeout === undefined ? {} : { timeoutMs: options.webmentionTimeout * 1000 }),
    allowPrivate: options.webmentionAllowPrivate ?? false,
    trailingSlash: options.trailingSlash ?? false,
    ...(options.clientIp ? { clientIp: options.clientIp } : {}),
    Response: options.Response,
    log: shared.log,
  });
  const purge = () =>
    store.creations
      .purge(Date.now() - REJECTED_KEPT_DAYS * DAY_MS)
      .then((purged) => {
        if (purged > 0)
          log.info(`Deleted ${purged} spam or rejected submission(s) older than ${REJECTED_KEPT_DAYS} days.`);
      })
      .catch((error: Error) => log.error(`Purging old spam and rejected submissions failed: ${error.message}`));
  void purge();

  const admin = createAdminHandler({
    creations: store.creations,
    token: options.adminToken,
    path: options.adminPath,
    trailingSlash: options.trailingSlash,
    tokenSetting: options.adminTokenSetting,
    strings: options.adminStrings,
    Response: options.Response,
    log: shared.log,
    onStatusChange,
  });

  const reloadManifests = (why: string) =>
    manifests
      .reload()
      .then(() =>
        log.info(`Reloaded ${options.manifests.length} manifest(s) (${why}): ${manifests.pageCount} pages known.`),
      )
      .catch((error: Error) => log.error(`Manifest reload failed, keeping the ids known so far: ${error.message}`));
  const timers = [
    setInterval(() => {
      store.dailySalt(Math.floor(Date.now() / DAY_MS)).catch(() => undefined);
    }, SALT_PRUNE_EVERY_MS),
    setInterval(() => void purge(), PURGE_EVERY_MS),
  ];
  const refreshSeconds = options.manifestRefresh ?? 0;
  if (refreshSeconds > 0 && options.manifests.length > 0) {
    timers.push(setInterval(() => void reloadManifests('timer'), refreshSeconds * 1000));
  }
  // Timers never keep a process alive on their own: the server does, or nothing should.
  for (const timer of timers) timer.unref();

  let closing: Promise<void> | undefined;
  return {
    fetch: routeCollector({ ingest, stats, creations, admin, webmention, Response: options.Response }),
    ingest,
    stats,
    creations,
    webmention,
    admin,
    store,
    manifests,
    reloadManifests,
    close() {
      for (const timer of timers) clearInterval(timer);
      closing ??= (deployHook?.close() ?? Promise.resolve()).then(() => store.close());
      return closing;
    },
  };
}
