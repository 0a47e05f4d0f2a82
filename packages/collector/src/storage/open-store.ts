import type { EventStore } from './event-store.js';

/** Whether a `--db` value names a PostgreSQL database rather than an SQLite file. */
export function isPostgresUrl(spec: string): boolean {
  return /^postgres(ql)?:\/\//i.test(spec);
}

/**
 * Opens the store a `--db` value names: a `postgres://` or `postgresql://` URL opens PostgreSQL,
 * anything else is an SQLite file (created if missing). Only the adapter in use is loaded.
 */
export async function openStore(spec: string): Promise<EventStore> {
  if (isPostgresUrl(spec)) {
    const { openPostgresStore } = await import('./postgres-store.js');
    return openPostgresStore(spec);
  }
  const { openSqliteStore } = await import('./sqlite-store.js');
  return openSqliteStore(spec);
}
