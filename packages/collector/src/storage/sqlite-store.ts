import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Manifest, SharecraftEvent } from '@sharecraft/protocol';
import type { EventStore, StoredEvent } from './event-store.js';

/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many have run.
 * Never edit a shipped migration: add a new one.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE events (
     id TEXT PRIMARY KEY,
     kind TEXT NOT NULL,
     page_id TEXT NOT NULL,
     referrer_class TEXT,
     parent_token TEXT,
     received_at INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX events_page ON events (page_id, received_at);
   CREATE TABLE manifests (
     build_id TEXT PRIMARY KEY,
     site TEXT,
     generated_at TEXT NOT NULL,
     first_seen_at INTEGER NOT NULL
   ) STRICT;
   CREATE TABLE pages (
     page_id TEXT NOT NULL,
     build_id TEXT NOT NULL REFERENCES manifests (build_id),
     path TEXT NOT NULL,
     title TEXT NOT NULL,
     PRIMARY KEY (page_id, build_id)
   ) STRICT;`,
];

/** Opens (creating if needed) an SQLite event store at `file`; `:memory:` for a throwaway one. */
export function openSqliteStore(file: string): EventStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new DatabaseSync(file);
  // WAL with synchronous=FULL: a commit is on disk before it returns, and readers never block writers.
  db.exec(
    'PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;',
  );
  migrate(db);

  const insertEvent = db.prepare(
    'INSERT OR IGNORE INTO events (id, kind, page_id, referrer_class, parent_token, received_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertManifest = db.prepare(
    'INSERT OR IGNORE INTO manifests (build_id, site, generated_at, first_seen_at) VALUES (?, ?, ?, ?)',
  );
  const insertPage = db.prepare('INSERT OR IGNORE INTO pages (page_id, build_id, path, title) VALUES (?, ?, ?, ?)');
  const selectPageIds = db.prepare('SELECT DISTINCT page_id FROM pages');
  const selectEvents = db.prepare(
    'SELECT id, kind, page_id, referrer_class, parent_token, received_at FROM events WHERE page_id = ? ORDER BY received_at, id',
  );

  function inTransaction<T>(work: () => T): T {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }

  return {
    async insertEvents(events: readonly SharecraftEvent[], receivedAt: number) {
      return inTransaction(() => {
        let added = 0;
        for (const event of events) {
          const result = insertEvent.run(
            event.i,
            event.k,
            event.p,
            'r' in event ? (event.r ?? null) : null,
            's' in event ? (event.s ?? null) : null,
            receivedAt,
          );
          added += Number(result.changes);
        }
        return added;
      });
    },
    async recordManifest(manifest: Manifest) {
      inTransaction(() => {
        insertManifest.run(manifest.buildId, manifest.site, manifest.generatedAt, Date.now());
        for (const page of manifest.pages) insertPage.run(page.id, manifest.buildId, page.path, page.title);
      });
    },
    async knownPageIds() {
      return new Set(selectPageIds.all().map((row) => String(row.page_id)));
    },
    async eventsForPage(pageId: string): Promise<StoredEvent[]> {
      return selectEvents.all(pageId).map((row) => ({
        id: String(row.id),
        kind: String(row.kind),
        pageId: String(row.page_id),
        referrerClass: row.referrer_class === null ? null : String(row.referrer_class),
        parentToken: row.parent_token === null ? null : String(row.parent_token),
        receivedAt: Number(row.received_at),
      }));
    },
    async close() {
      db.close();
    },
  };
}

function migrate(db: DatabaseSync): void {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  for (let version = row.user_version; version < MIGRATIONS.length; version += 1) {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(MIGRATIONS[version] as string);
      db.exec(`PRAGMA user_version = ${version + 1}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
}
