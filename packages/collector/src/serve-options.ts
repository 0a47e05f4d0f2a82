import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type CreationLicence,
  creationLicenceSchema,
  DEFAULT_CREATION_LICENCES,
  MAX_EVENTS_PER_BATCH,
} from '@sharecraft/protocol';
import { DEFAULT_MIN_FILL_MS } from './creations/challenge.js';
import { DEFAULT_DEPLOY_HOOK_DELAY_S } from './creations/deploy-hook.js';
import { isWebUrl } from './creations/fields.js';
import { DEFAULT_CREATIONS_CAP, DEFAULT_CREATIONS_PER_HOUR, DEFAULT_UNVERIFIED_PER_HOUR } from './creations/limits.js';
import { DEFAULT_RATE_LIMIT } from './ingest/accept-events.js';
import { MIN_TOKEN_LENGTH } from './stats/auth.js';
import { isPostgresUrl } from './storage/open-store.js';

/** A mistake in the command line or environment: printed as is, exit code 2. */
export class UsageError extends Error {}

/** Which proxies' X-Forwarded-For to believe (srvx's `trustProxy`). */
export type TrustProxy = false | true | 'loopback' | string[];

/** Everything `sharecraft serve` runs with. */
export interface ServeOptions {
  /** An SQLite file (absolute) or a postgres:// URL. */
  db: string;
  port: number;
  host: string;
  manifests: string[];
  /** Seconds between manifest reloads; 0 never reloads on a timer. */
  manifestRefresh: number;
  allowedOrigins: string[];
  statsToken: string | undefined;
  /** Events per minute per visitor; 0 is no limit. */
  rateLimit: number;
  trustProxy: TrustProxy;
  /** Bearer token for the owner's creations API; undefined turns it off. */
  adminToken: string | undefined;
  /** Licences readers choose from for a creation. */
  licences: CreationLicence[];
  /** Submissions per hour per address with proof of work; 0 is no limit. */
  creationsPerHour: number;
  /** Submissions per hour per address without proof of work; 0 is no limit. */
  unverifiedPerHour: number;
  /** Submissions per hour from everyone; 0 is no cap. */
  creationsCap: number;
  /** Least seconds between fetching the challenge and sending the form. */
  minFillSeconds: number;
  /** Where each new submission is announced; undefined: nowhere. */
  notifyUrl: string | undefined;
  /** The build hook POSTed after approvals; undefined: none. */
  deployHook: string | undefined;
  /** Seconds after the last approval before the hook is called. */
  deployHookDelay: number;
  /** Seconds a webmention's source may take to fetch, redirects included. */
  webmentionTimeout: number;
  /** Tests only: fetch webmention sources on private and loopback addresses too. */
  webmentionAllowPrivate: boolean;
}

/** The help text of `sharecraft serve`'s options, one line per flag with its variable and default. */
export const SERVE_OPTIONS_HELP = `Options for serve (each also read from the environment variable shown):
  --db <file|url>             SQLite file, created if missing; or a        SHARECRAFT_DB               (./sharecraft.db)
                              postgres://user:pass@host:port/db URL
  --port <n>                  port to listen on                            SHARECRAFT_PORT             (4322)
  --host <address>            address to listen on                         SHARECRAFT_HOST             (127.0.0.1)
  --manifest <file|url>       a site's _sharecraft/manifest.json; events   SHARECRAFT_MANIFEST         (none: accept any page)
                              for pages or CTAs in no manifest version are rejected. Repeat or separate with commas.
  --manifest-refresh <s>      reload the manifests every s seconds; an     SHARECRAFT_MANIFEST_REFRESH (300)
                              unknown id also reloads them (at most every 30 s). 0: only on SIGHUP
  --allow-origin <origin>     origin allowed to send events; repeat, or *  SHARECRAFT_ALLOWED_ORIGINS  (*)
  --stats-token <token>       bearer token for GET /api/stats, at least    SHARECRAFT_STATS_TOKEN      (none: stats off)
                              ${MIN_TOKEN_LENGTH} characters (prefer the variable: flags show in ps)
  --rate-limit <n>            events per minute one visitor may send;      SHARECRAFT_RATE_LIMIT       (${DEFAULT_RATE_LIMIT})
                              0 turns the limit off
  --trust-proxy <which>       take the client address from X-Forwarded-For SHARECRAFT_TRUST_PROXY      (off)
                              when the peer is: loopback, all, or a comma-separated list of proxy addresses
Reader creations (POST /api/creations, the owner's GET /api/creations, receipts):
  --admin-token <token>       bearer token for GET /api/creations and its  SHARECRAFT_ADMIN_TOKEN      (none: owner API off)
                              images, at least ${MIN_TOKEN_LENGTH} characters (prefer the variable); also
                              the sign-in of the moderation page at /admin (off without it)
  --licence <id=label=url>    a licence readers may choose; repeat. An id  SHARECRAFT_LICENCES         (cc-by-4.0, site-only)
                              alone names a default one (cc-by-4.0, site-only); the variable separates them with ;
  --creations-per-hour <n>    submissions one address may send per hour    SHARECRAFT_CREATIONS_PER_HOUR (${DEFAULT_CREATIONS_PER_HOUR})
                              with proof of work (JavaScript); 0: no limit; an IPv6 address counts by its /64
  --unverified-per-hour <n>   the same, without proof of work (no          SHARECRAFT_UNVERIFIED_PER_HOUR (${DEFAULT_UNVERIFIED_PER_HOUR})
                              JavaScript); 0: no limit
  --creations-cap <n>         submissions per hour from everyone together; SHARECRAFT_CREATIONS_CAP    (${DEFAULT_CREATIONS_CAP})
                              0: no cap
  --min-fill <s>              least seconds between fetching the anti-spam SHARECRAFT_MIN_FILL         (${DEFAULT_MIN_FILL_MS / 1000})
                              challenge and sending the form
  --notify-url <url>          POST a small JSON (id, kind, page, title,    SHARECRAFT_NOTIFY_URL       (none)
                              status; never the email) here for each new submission, retried, never blocking
  --deploy-hook <url>         POST here (a static host's build hook) after SHARECRAFT_DEPLOY_HOOK     (none)
                              a creation is approved, un-approved, or deleted while approved, so the site
                              rebuilds with it; several changes make one call; retried, never blocking, logged.
                              \`sharecraft creations approve …\` calls it too (once per run) when set
  --deploy-hook-delay <s>     seconds after the last change before the     SHARECRAFT_DEPLOY_HOOK_DELAY (${DEFAULT_DEPLOY_HOOK_DELAY_S})
                              hook is called
  --webmention-timeout <s>    seconds a webmention's source page may take  SHARECRAFT_WEBMENTION_TIMEOUT (10)
                              to fetch, redirects included (1 to 60)
  --webmention-allow-private  FOR TESTS ONLY: also fetch webmention sources on loopback, private and
                              link-local addresses. Never in production: anyone could make the collector
                              fetch pages of the network it runs in.
`;

function list(value: string | string[] | undefined): string[] {
  const values = Array.isArray(value) ? value : value ? [value] : [];
  return values
    .flatMap((entry) => entry.split(','))
    .map((entry) => entry.trim())
    .filter(Boolean);
}

function wholeNumber(flag: string, value: string, min: number, max: number): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}; got ${JSON.stringify(value)}`);
  }
  return parsed;
}

function trustProxy(value: string | undefined): TrustProxy {
  if (value === undefined || value === '' || value === 'off' || value === 'false') return false;
  if (value === 'loopback') return 'loopback';
  if (value === 'all' || value === 'true') return true;
  const addresses = list(value);
  const bad = addresses.find((address) => isIP(address) === 0);
  if (bad !== undefined) {
    throw new UsageError(
      `--trust-proxy takes loopback, all, or proxy IP addresses separated by commas; ${JSON.stringify(bad)} is none of these`,
    );
  }
  return addresses;
}

function origins(values: string[]): string[] {
  for (const origin of values) {
    if (origin === '*') continue;
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin !== origin) {
      throw new UsageError(
        `--allow-origin takes origins like https://blog.example (scheme, host and port only, no path or trailing slash); got ${JSON.stringify(origin)}`,
      );
    }
  }
  return values.length > 0 ? values : ['*'];
}

/** `id`, `id=label` or `id=label=url`: one licence; an id alone names a default one. */
function licences(values: string[]): CreationLicence[] {
  if (values.length === 0) return [...DEFAULT_CREATION_LICENCES];
  return values.map((value) => {
    const first = value.indexOf('=');
    const id = (first < 0 ? value : value.slice(0, first)).trim();
    const rest = first < 0 ? '' : value.slice(first + 1);
    const second = rest.indexOf('=');
    const label = (second < 0 ? rest : rest.slice(0, second)).trim();
    const url = second < 0 ? undefined : rest.slice(second + 1).trim();
    const known = DEFAULT_CREATION_LICENCES.find((licence) => licence.id === id);
    const licence = label === '' && known ? known : { id, label, ...(url ? { url } : {}) };
    const parsed = creationLicenceSchema.safeParse(licence);
    if (!parsed.success) {
      throw new UsageError(
        `--licence takes id=label or id=label=url, the id 1 to 40 of a-z, 0-9, . and - (or an id alone: ${DEFAULT_CREATION_LICENCES.map((known) => known.id).join(', ')}); got ${JSON.stringify(value)}`,
      );
    }
    return parsed.data;
  });
}

/** Reads `sharecraft serve`'s flags, falling back to SHARECRAFT_* variables, and checks every value. */
export function parseServeOptions(args: string[], env: NodeJS.ProcessEnv): ServeOptions {
  const { values } = parseArgs({
    args,
    options: {
      db: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      manifest: { type: 'string', multiple: true },
      'manifest-refresh': { type: 'string' },
      'allow-origin': { type: 'string', multiple: true },
      'stats-token': { type: 'string' },
      'rate-limit': { type: 'string' },
      'trust-proxy': { type: 'string' },
      'admin-token': { type: 'string' },
      licence: { type: 'string', multiple: true },
      'creations-per-hour': { type: 'string' },
      'unverified-per-hour': { type: 'string' },
      'creations-cap': { type: 'string' },
      'min-fill': { type: 'string' },
      'notify-url': { type: 'string' },
      'deploy-hook': { type: 'string' },
      'deploy-hook-delay': { type: 'string' },
      'webmention-timeout': { type: 'string' },
      'webmention-allow-private': { type: 'boolean' },
    },
    strict: true,
  });
  const db = values.db ?? env.SHARECRAFT_DB ?? 'sharecraft.db';
  const statsToken = values['stats-token'] ?? env.SHARECRAFT_STATS_TOKEN;
  if (statsToken !== undefined && statsToken.length < MIN_TOKEN_LENGTH) {
    throw new UsageError(
      `the stats token must be at least ${MIN_TOKEN_LENGTH} characters; got ${statsToken.length}. Make one with: openssl rand -hex 24`,
    );
  }
  const adminToken = values['admin-token'] ?? env.SHARECRAFT_ADMIN_TOKEN;
  if (adminToken !== undefined && adminToken.length < MIN_TOKEN_LENGTH) {
    throw new UsageError(
      `the admin token must be at least ${MIN_TOKEN_LENGTH} characters; got ${adminToken.length}. Make one with: openssl rand -hex 24`,
    );
  }
  const notifyUrl = values['notify-url'] ?? env.SHARECRAFT_NOTIFY_URL;
  if (notifyUrl !== undefined && !isWebUrl(notifyUrl)) {
    throw new UsageError(`--notify-url takes an http:// or https:// URL; got ${JSON.stringify(notifyUrl)}`);
  }
  const deployHook = deployHookUrl(values['deploy-hook'] ?? env.SHARECRAFT_DEPLOY_HOOK);
  const licenceValues =
    values.licence ??
    (env.SHARECRAFT_LICENCES ?? '')
      .split(';')
      .map((entry) => entry.trim())
      .filter(Boolean);
  const count = (
    flag: 'creations-per-hour' | 'unverified-per-hour' | 'creations-cap',
    variable: string,
    fallback: number,
  ) => wholeNumber(`--${flag}`, values[flag] ?? env[variable] ?? `${fallback}`, 0, 1e6);
  const rateLimit = wholeNumber(
    '--rate-limit',
    values['rate-limit'] ?? env.SHARECRAFT_RATE_LIMIT ?? `${DEFAULT_RATE_LIMIT}`,
    0,
    1e9,
  );
  if (rateLimit > 0 && rateLimit < MAX_EVENTS_PER_BATCH) {
    throw new UsageError(
      `--rate-limit must be 0 (off) or at least ${MAX_EVENTS_PER_BATCH}, the size of one full batch; got ${rateLimit}`,
    );
  }
  return {
    db: isPostgresUrl(db) || db === ':memory:' ? db : resolve(db),
    port: wholeNumber('--port', values.port ?? env.SHARECRAFT_PORT ?? '4322', 0, 65535),
    host: values.host ?? env.SHARECRAFT_HOST ?? '127.0.0.1',
    manifests: list(values.manifest ?? env.SHARECRAFT_MANIFEST),
    manifestRefresh: wholeNumber(
      '--manifest-refresh',
      values['manifest-refresh'] ?? env.SHARECRAFT_MANIFEST_REFRESH ?? '300',
      0,
      86_400,
    ),
    allowedOrigins: origins(list(values['allow-origin'] ?? env.SHARECRAFT_ALLOWED_ORIGINS)),
    statsToken,
    rateLimit,
    trustProxy: trustProxy(values['trust-proxy'] ?? env.SHARECRAFT_TRUST_PROXY),
    adminToken,
    licences: licences(licenceValues),
    creationsPerHour: count('creations-per-hour', 'SHARECRAFT_CREATIONS_PER_HOUR', DEFAULT_CREATIONS_PER_HOUR),
    unverifiedPerHour: count('unverified-per-hour', 'SHARECRAFT_UNVERIFIED_PER_HOUR', DEFAULT_UNVERIFIED_PER_HOUR),
    creationsCap: count('creations-cap', 'SHARECRAFT_CREATIONS_CAP', DEFAULT_CREATIONS_CAP),
    minFillSeconds: wholeNumber(
      '--min-fill',
      values['min-fill'] ?? env.SHARECRAFT_MIN_FILL ?? `${DEFAULT_MIN_FILL_MS / 1000}`,
      0,
      3600,
    ),
    notifyUrl,
    deployHook,
    deployHookDelay: wholeNumber(
      '--deploy-hook-delay',
      values['deploy-hook-delay'] ?? env.SHARECRAFT_DEPLOY_HOOK_DELAY ?? `${DEFAULT_DEPLOY_HOOK_DELAY_S}`,
      0,
      3600,
    ),
    webmentionTimeout: wholeNumber(
      '--webmention-timeout',
      values['webmention-timeout'] ?? env.SHARECRAFT_WEBMENTION_TIMEOUT ?? '10',
      1,
      60,
    ),
    webmentionAllowPrivate: values['webmention-allow-private'] ?? false,
  };
}

/** `--deploy-hook`'s value checked: an http(s) URL, or undefined (also for an empty variable). */
export function deployHookUrl(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!isWebUrl(value)) {
    throw new UsageError(
      `--deploy-hook takes an http:// or https:// URL (your host's build hook); got ${JSON.stringify(value)}`,
    );
  }
  return value;
}
