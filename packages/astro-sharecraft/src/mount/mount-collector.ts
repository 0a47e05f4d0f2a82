import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CREATION_RECEIPT_PATH,
  CREATIONS_PATH,
  type CreationLicence,
  MANIFEST_PATH,
  WEBMENTION_PATH,
} from '@sharecraft/protocol';
import type { AstroConfig, AstroIntegrationLogger, InjectedRoute } from 'astro';
import { AstroError } from 'astro/errors';
import type { ResolvedMountOptions } from '../options.js';
import type { MountRuntimeConfig } from './runtime-config.js';

/** The module the mounted routes read their settings from. */
export const VIRTUAL_MOUNT_CONFIG = 'virtual:sharecraft/mount-config';

/** The package the mounted routes run; kept out of Vite's bundle so its SQLite worker files resolve. */
const COLLECTOR_PACKAGE = '@sharecraft/collector';

/** The file, under Astro's cache directory, `astro dev` stores its events in. */
export const DEV_DATABASE = 'sharecraft/dev.db';

export interface MountedCollector {
  /** URL path the beacon posts to, under the site's base. */
  eventsUrl: string;
  statsUrl: string;
  /** The moderation page, under the site's base. */
  adminUrl: string;
  /** Where the creation form posts (and fetches its challenge below), under the site's base. */
  creationsUrl: string;
  /** Source of `virtual:sharecraft/mount-config`, once the server directory is final (`astro:config:done`). */
  configModule(serverDir: URL): string;
  /** Packages Vite must leave to Node. */
  ssrExternal: string[];
}

function mountValue(mount: ResolvedMountOptions): string {
  return JSON.stringify(mount.path === '/_sharecraft' ? true : { path: mount.path });
}

/**
 * Mounts the collector as two on-demand endpoints of the site (`<path>/api/events`,
 * `<path>/api/stats`), whose code calls `@sharecraft/collector`'s handlers. Fails with an
 * AstroError when the site has no adapter to run them, or the collector package is not installed.
 */
export function mountCollector(input: {
  mount: ResolvedMountOptions;
  config: AstroConfig;
  command: 'dev' | 'build' | 'preview' | 'sync';
  base: string;
  injectRoute: (route: InjectedRoute) => void;
  logger: AstroIntegrationLogger;
  /** The licences the creation form offers, when `creations` is on. */
  licences?: CreationLicence[] | undefined;
}): MountedCollector {
  const { mount, config, command, base, logger } = input;
  if (!config.adapter) {
    throw new AstroError(
      `\`collector.mount: ${mountValue(mount)}\` needs a server, and this site has no adapter: Astro builds it as static files, so the collector's endpoints would not exist.`,
      'Add an adapter, for example `npx astro add node` (@astrojs/node), or remove `collector.mount` and run the collector on its own with `sharecraft serve`, setting `collector.endpoint` to its URL.',
    );
  }
  const root = fileURLToPath(config.root);
  try {
    createRequire(join(root, 'package.json')).resolve(COLLECTOR_PACKAGE);
  } catch {
    throw new AstroError(
      `\`collector.mount\` runs ${COLLECTOR_PACKAGE}, which is not installed in ${root}.`,
      `Install it next to astro-sharecraft: \`npm install ${COLLECTOR_PACKAGE}\` (or pnpm add / yarn add).`,
    );
  }

  const slash = config.trailingSlash === 'always' ? '/' : '';
  const routes = { events: `${mount.path}/api/events`, stats: `${mount.path}/api/stats` };
  const entry = (file: string) => new URL(`./runtime/${file}`, import.meta.url);
  input.injectRoute({ pattern: routes.events, entrypoint: entry('events-route.js'), prerender: false });
  input.injectRoute({ pattern: routes.stats, entrypoint: entry('stats-route.js'), prerender: false });
  // A rest parameter also matches no segment at all: one route serves a path and every path below it.
  input.injectRoute({
    pattern: `${mount.path}/admin/[...admin]`,
    entrypoint: entry('admin-route.js'),
    prerender: false,
  });
  // Submissions, the challenge, the owner's API and images; and the reader's receipt pages.
  input.injectRoute({
    pattern: `${mount.path}${CREATIONS_PATH}/[...creations]`,
    entrypoint: entry('creations-route.js'),
    prerender: false,
  });
  input.injectRoute({
    pattern: `${mount.path}${CREATION_RECEIPT_PATH}/[receipt]`,
    entrypoint: entry('creations-route.js'),
    prerender: false,
  });
  // Webmentions (W3C): POST, and each one's status below.
  input.injectRoute({
    pattern: `${mount.path}${WEBMENTION_PATH}/[...webmention]`,
    entrypoint: entry('webmention-route.js'),
    prerender: false,
  });
  const eventsUrl = `${base}${routes.events.slice(1)}${slash}`;
  const statsUrl = `${base}${routes.stats.slice(1)}${slash}`;
  const adminPath = `${base}${mount.path.slice(1)}/admin`;

  const dev = command === 'dev';
  const devDatabase = join(fileURLToPath(config.cacheDir), ...DEV_DATABASE.split('/'));
  const runtime = (serverDir: URL): MountRuntimeConfig => ({
    // In dev the readers are you: keep those events out of the real database.
    database: dev
      ? devDatabase
      : mount.database && !/^postgres(ql)?:\/\//i.test(mount.database)
        ? resolve(root, mount.database)
        : mount.database,
    defaultDatabase: join(root, 'sharecraft.db'),
    statsToken: mount.statsToken,
    adminPath,
    trailingSlash: slash === '/',
    allowedOrigins: ['self', ...(config.site ? [new URL(config.site).origin] : []), ...mount.allowOrigins],
    rateLimit: mount.rateLimit,
    licences: input.licences,
    // Pages are rendered on request in dev, so there is no manifest to check ids against.
    manifest: dev ? undefined : { serverFolder: basename(fileURLToPath(serverDir)), file: MANIFEST_PATH },
  });
  logger.info(
    dev
      ? `Collector mounted at ${eventsUrl} (stats at ${statsUrl}); in dev it stores events in ${devDatabase} and accepts any page id.`
      : `Collector mounted at ${eventsUrl} (stats at ${statsUrl}); the moderation page is at ${adminPath}${slash}.`,
  );
  return {
    eventsUrl,
    statsUrl,
    adminUrl: `${adminPath}${slash}`,
    creationsUrl: `${base}${mount.path.slice(1)}${CREATIONS_PATH}${slash}`,
    configModule: (serverDir) => `export default ${JSON.stringify(runtime(serverDir))};\n`,
    ssrExternal: [COLLECTOR_PACKAGE],
  };
}

/**
 * Puts a copy of the manifest this build wrote (in the client directory) next to the server's
 * entry, where the mounted collector finds it at run time however the server is started.
 */
export async function copyManifestForServer(manifestFile: string, serverDir: URL): Promise<string> {
  const target = join(fileURLToPath(serverDir), ...MANIFEST_PATH.split('/'));
  await mkdir(dirname(target), { recursive: true });
  await copyFile(manifestFile, target);
  return target;
}
