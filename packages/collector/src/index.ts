export { ADMIN_COOKIE, type AdminOptions, createAdminHandler } from './admin/admin-handler.js';
export { ADMIN_STRINGS, type AdminStrings } from './admin/strings.js';
export {
  type CollectorOptions,
  createCollector,
  INGEST_PATH,
  type RequestHandler,
  routeCollector,
  STATS_PATH,
} from './collector.js';
export {
  CHALLENGE_TTL_MS,
  CreationChallenges,
  DEFAULT_MIN_FILL_MS,
} from './creations/challenge.js';
export type {
  CreationCounts,
  CreationQuery,
  CreationStore,
  CreationTally,
  NewCreation,
  NewCreationImage,
} from './creations/creation-store.js';
export {
  type CreationsOptions,
  createCreationsHandler,
  DUPLICATE_WINDOW_MS,
  isCreationsPath,
} from './creations/creations-handler.js';
export {
  changesPublished,
  createDeployHook,
  DEFAULT_DEPLOY_HOOK_DELAY_S,
  type DeployHook,
  type DeployHookBody,
  type DeployHookOptions,
} from './creations/deploy-hook.js';
export { reencodeImage } from './creations/image.js';
export {
  addressKey,
  DEFAULT_CREATIONS_CAP,
  DEFAULT_CREATIONS_PER_HOUR,
  DEFAULT_UNVERIFIED_PER_HOUR,
} from './creations/limits.js';
export { type CreationNotice, createNotifier } from './creations/notify.js';
export { type CreationPageStrings, ENGLISH_PAGE_STRINGS, escapeHtml } from './creations/pages.js';
export { createIngestHandler, DEFAULT_RATE_LIMIT, type IngestOptions } from './ingest/accept-events.js';
export { isBotRequest } from './ingest/bots.js';
export { checkAgainstManifests } from './ingest/manifest-check.js';
export { RateLimiter } from './ingest/rate-limit.js';
export { toRow } from './ingest/to-row.js';
export { VisitorHasher } from './ingest/visitor.js';
export { type KnownPost, ManifestRegistry } from './manifest-registry.js';
export { loadManifest } from './manifests.js';
export {
  type CollectorLog,
  type OpenCollectorOptions,
  type OpenedCollector,
  openCollector,
  REJECTED_KEPT_DAYS,
} from './open-collector.js';
export { createBearerCheck, MIN_TOKEN_LENGTH } from './stats/auth.js';
export {
  buildStats,
  type DailyStats,
  type PageStats,
  type StatsAnswer,
  SUBMISSION_KINDS,
  type SubmissionCounts,
  type SubmittedByKind,
} from './stats/build-stats.js';
export { ENGAGED_MS, ENGAGED_SCROLL_PCT, ENGAGED_VIEW_DEFINITION } from './stats/definitions.js';
export { parseStatsQuery } from './stats/range.js';
export { createStatsHandler, type StatsOptions } from './stats/stats-handler.js';
export type {
  EventRow,
  EventStore,
  KnownForms,
  KnownPages,
  RawStats,
  StatsRange,
  StoreMetrics,
} from './storage/event-store.js';
export { GroupCommitter } from './storage/group-commit.js';
export { isPostgresUrl, openStore } from './storage/open-store.js';
export { openPostgresStore, type PostgresStoreOptions } from './storage/postgres-store.js';
export type { SqliteSettings } from './storage/sqlite-engine.js';
export { openSqliteStore } from './storage/sqlite-store.js';
export { isPublicAddress } from './webmention/addresses.js';
export {
  DEFAULT_SOURCE_TIMEOUT_MS,
  type FetchedSource,
  type FetchSourceOptions,
  fetchSource,
  MAX_SOURCE_BYTES,
  MAX_SOURCE_REDIRECTS,
  type SourceRefused,
} from './webmention/fetch-source.js';
export { readSource, type SourceEntry, type SourcePage, sameTarget } from './webmention/read-source.js';
export {
  createWebmentionHandler,
  isWebmentionPath,
  type WebmentionOptions,
  type WebmentionState,
  type WebmentionStatus,
} from './webmention/webmention-handler.js';
