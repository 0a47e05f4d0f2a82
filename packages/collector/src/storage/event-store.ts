import type { Manifest } from '@sharecraft/protocol';
import type { CreationStore } from '../creations/creation-store.js';

/**
 * One event as the collector stores it: the wire event flattened into columns, plus what the
 * collector adds (the salted visitor hash, the CTA's network, the time it arrived). Fields an event
 * kind does not have are null. There is no column for an IP address, by design.
 */
export interface EventRow {
  /** The client-generated event id: storing the same id twice keeps the first. */
  id: string;
  /** Event kind, as on the wire: `v`, `g`, `s`, `c`, `n`, `q`, `x` or `f`. */
  kind: string;
  pageId: string;
  /** Views: the referrer class. */
  referrerClass: string | null;
  /** The share token the visit arrived with (normalised): the parent in the share tree. */
  parentToken: string | null;
  /** Shares: the token minted for the share (normalised). */
  token: string | null;
  /** Shares and remixes: the CTA id. */
  ctaId: string | null;
  /** Shares and remixes: the CTA's network (or kind, e.g. `copy`) from the manifest. */
  network: string | null;
  /** Engagement: the id of the page view it belongs to. */
  viewId: string | null;
  /** Engagement: milliseconds visible and focused (a running total). */
  engagedMs: number | null;
  /** Engagement: deepest scroll in percent (a running maximum). */
  scrollPct: number | null;
  /** Creations: the form id. */
  formId: string | null;
  /** Hash of (daily salt, site, IP, user agent): counts visitors per day, identifies nobody. */
  visitor: string | null;
  /** When the collector received it, in milliseconds since the epoch. */
  receivedAt: number;
}

/** What the collector knows of one call-to-action, from the manifests. */
export interface KnownCta {
  kind: string;
  network: string | null;
}

/** Every page in every manifest version seen, each with every CTA it ever had. */
export type KnownPages = Map<string, Map<string, KnownCta>>;

/** Every form id of every manifest version seen, by page id. */
export type KnownForms = Map<string, Set<string>>;

/** The time range (and optionally the one page) a stats query covers. */
export interface StatsRange {
  /** First millisecond included. */
  from: number;
  /** First millisecond no longer included. */
  to: number;
  /** Only this page; every page when absent. */
  pageId?: string;
}

/** A page as the latest manifest that lists it describes it. */
export interface PageInfo {
  pageId: string;
  path: string;
  title: string;
}

/** One page's counts for one UTC day (days since the epoch). */
export interface DailyRow {
  pageId: string;
  day: number;
  views: number;
  visitors: number;
  shares: number;
  remixes: number;
  creations: number;
}

/**
 * The aggregates a stats answer is built from, as the database computes them. Both adapters
 * return exactly this from the same SQL, so SQLite and PostgreSQL report the same numbers.
 */
export interface RawStats {
  /** Every page any manifest lists (or the one asked for), described by its latest manifest. */
  pages: PageInfo[];
  daily: DailyRow[];
  /** Engaged views per page and day (see `ENGAGED_MS` and `ENGAGED_SCROLL_PCT`). */
  engaged: { pageId: string; day: number; engagedViews: number }[];
  /** Shares per page and network in the range. */
  networks: { pageId: string; network: string; shares: number }[];
  /** Every share made before the range ends (earlier ones too: they are ancestors in the tree). */
  shares: { pageId: string; token: string; parent: string | null }[];
  /** Views in the range, counted per page and parent token (null: direct). */
  visits: { pageId: string; parent: string | null; visits: number }[];
}

/** Counters a store keeps about its own writes. */
export interface StoreMetrics {
  /** Transactions committed for `insertEvents`: fewer than the calls when group commit works. */
  commits: number;
  /** Events written (new ones only). */
  inserted: number;
}

/**
 * Where the collector keeps what it accepts. Every write resolves only once the data is durably
 * committed, so the collector never acknowledges an event it could still lose; a write that
 * fails rejects, and the caller answers 503.
 */
export interface EventStore {
  /** `sqlite` or `postgres`. */
  readonly kind: string;
  /**
   * Stores events, group-committed with every other call waiting at the same time: one
   * transaction and one flush to disk for all of them. An id already stored is skipped, so retries
   * are idempotent. Resolves with how many of these rows were new, once they are durable.
   */
  insertEvents(rows: readonly EventRow[]): Promise<number>;
  /** Keeps a manifest version, its pages, CTAs and forms; a page removed from later builds keeps its history. */
  recordManifest(manifest: Manifest): Promise<void>;
  /** Every page and CTA in every manifest version seen. */
  knownPages(): Promise<KnownPages>;
  /** Every form in every manifest version seen, by page. */
  knownForms(): Promise<KnownForms>;
  /**
   * The random salt for a UTC day (days since the epoch), created on first use and kept in the
   * database so replicas agree. Deletes salts of days before `day - 1`, so none outlives 48 hours.
   */
  dailySalt(day: number): Promise<Uint8Array>;
  /**
   * A random secret of 32 bytes kept under `name` (e.g. the proof-of-work signing key), created on
   * first use and kept in the database so every replica signs and checks with the same one.
   */
  secret(name: string): Promise<Uint8Array>;
  /** Readers' creations and letters, in the same database. */
  readonly creations: CreationStore;
  /** The aggregates behind the stats API. */
  queryStats(range: StatsRange): Promise<RawStats>;
  /** Events for a page, oldest first. */
  eventsForPage(pageId: string): Promise<EventRow[]>;
  metrics(): StoreMetrics;
  /** Waits for writes in flight and queued, commits them, then closes. */
  close(): Promise<void>;
}
