export { createCollector, INGEST_PATH, type CollectorOptions } from './collector.js';
export { acceptEvents, type IngestDeps } from './ingest/accept-events.js';
export type { EventStore, StoredEvent } from './storage/event-store.js';
export { openSqliteStore } from './storage/sqlite-store.js';
export { loadManifest } from './manifests.js';
