#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

const USAGE = `sharecraft ${VERSION}: the Sharecraft collector

Usage:
  sharecraft serve [options]    start the collector

Options for serve (each also read from the environment variable shown):
  --db <file>              SQLite database file, created if missing     SHARECRAFT_DB       (./sharecraft.db)
  --port <n>               port to listen on                            SHARECRAFT_PORT     (4322)
  --host <address>         address to listen on                         SHARECRAFT_HOST     (127.0.0.1)
  --manifest <file|url>    a site's _sharecraft/manifest.json; events   SHARECRAFT_MANIFEST (none: accept any page)
                           for pages in no manifest are rejected. Repeat or separate with commas.
  --allow-origin <origin>  origin allowed to send events; repeat, or *  SHARECRAFT_ALLOWED_ORIGINS (*)
  -h, --help               show this help
  -v, --version            show the version
`;

class UsageError extends Error {}

function list(value: string | string[] | undefined): string[] {
  const values = Array.isArray(value) ? value : value ? [value] : [];
  return values
    .flatMap((entry) => entry.split(','))
    .map((entry) => entry.trim())
    .filter(Boolean);
}

function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535; got ${JSON.stringify(value)}`);
  }
  return parsed;
}

// node:sqlite prints an ExperimentalWarning on first use; the collector relies on it knowingly,
// and the warning would only alarm the people running it.
function silenceSqliteWarning(): void {
  const emitWarning = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (text.includes('SQLite')) return;
    (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
  }) as typeof process.emitWarning;
}

async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      db: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      manifest: { type: 'string', multiple: true },
      'allow-origin': { type: 'string', multiple: true },
    },
    strict: true,
  });
  const env = process.env;
  const dbFile = resolve(values.db ?? env.SHARECRAFT_DB ?? 'sharecraft.db');
  const listenPort = port(values.port ?? env.SHARECRAFT_PORT ?? '4322');
  const host = values.host ?? env.SHARECRAFT_HOST ?? '127.0.0.1';
  const manifestSources = list(values.manifest ?? env.SHARECRAFT_MANIFEST);
  const allowedOrigins = list(values['allow-origin'] ?? env.SHARECRAFT_ALLOWED_ORIGINS);

  silenceSqliteWarning();
  const [{ openSqliteStore }, { loadManifest }, { createCollector, INGEST_PATH }, { serve: listen }] =
    await Promise.all([
      import('./storage/sqlite-store.js'),
      import('./manifests.js'),
      import('./collector.js'),
      import('srvx'),
    ]);

  const store = openSqliteStore(dbFile);
  // Every manifest version seen is kept, so a page removed by a later deploy keeps its history.
  const loadManifests = async () => {
    for (const source of manifestSources) await store.recordManifest(await loadManifest(source));
    return manifestSources.length > 0 ? await store.knownPageIds() : undefined;
  };
  let known = await loadManifests();
  const fetch = createCollector({
    store,
    knownPages: () => known,
    allowedOrigins: allowedOrigins.length > 0 ? allowedOrigins : ['*'],
  });
  const server = listen({ fetch, port: listenPort, hostname: host, silent: true, gracefulShutdown: false });
  await server.ready();
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${listenPort}`;
  console.log(`Sharecraft collector listening on ${base}`);
  console.log(`  events:   POST ${base}${INGEST_PATH}`);
  console.log(`  database: ${dbFile}`);
  console.log(
    manifestSources.length > 0
      ? `  manifest: ${manifestSources.join(', ')} (${known?.size ?? 0} pages)`
      : '  manifest: none; accepting events for any page id',
  );

  // SIGHUP reloads the manifests, e.g. after a deploy.
  process.on('SIGHUP', () => {
    void (async () => {
      known = await loadManifests();
      console.log(`Reloaded ${manifestSources.length} manifest(s): ${known?.size ?? 0} pages known.`);
    })().catch((error: Error) => console.error(`Manifest reload failed, keeping the old one: ${error.message}`));
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing requests in flight, then closing the database.`);
    await server.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (command === '-v' || command === '--version') {
    console.log(VERSION);
    return;
  }
  if (command === 'serve') return serve(rest);
  throw new UsageError(
    `unknown command ${JSON.stringify(command)}; try \`sharecraft serve\` (see \`sharecraft --help\`)`,
  );
}

main(process.argv.slice(2)).catch((error: Error) => {
  const usage = error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS');
  console.error(`sharecraft: ${error.message}`);
  process.exit(usage ? 2 : 1);
});
