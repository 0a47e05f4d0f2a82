export { type CollectorOptions, createCollector, INGEST_PATH } from './collector.js';
export { acceptEvents, type IngestDeps } from './ingest/accept-events.js';
export { loadManifest } from './manifests.js';
export type { EventStore, StoredEvent } from './storage/event-store.js';
export { openSqliteStore } from './storage/sqlite-store.js';
