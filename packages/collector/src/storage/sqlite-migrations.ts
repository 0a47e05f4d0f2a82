import type { DatabaseSync } from 'node:sqlite';

/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many have run.
 * Never edit a shipped migration: add a new one.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  // 1: page views and the manifests' pages.
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
  // 2: every rung of the ladder (engagement, shares, remixes, creations), the salted visitor hash,
  // the manifests' CTAs, and the daily salts.
  `ALTER TABLE events ADD COLUMN token TEXT;
   ALTER TABLE events ADD COLUMN cta_id TEXT;
   ALTER TABLE events ADD COLUMN network TEXT;
   ALTER TABLE events ADD COLUMN view_id TEXT;
   ALTER TABLE events ADD COLUMN engaged_ms INTEGER;
   ALTER TABLE events ADD COLUMN scroll_pct INTEGER;
   ALTER TABLE events ADD COLUMN form_id TEXT;
   ALTER TABLE events ADD COLUMN visitor TEXT;
   -- Partial covering indexes for the stats, each in the order its query reads: views by page,
   -- day and parent token; engagement by page and view; the other rungs by page and time. Every
   -- event lands in exactly one of them (besides the primary key), which keeps writes cheap.
   DROP INDEX events_page;
   CREATE INDEX events_views ON events (page_id, received_at / 86400000, parent_token, visitor, received_at)
     WHERE kind = 'v';
   CREATE INDEX events_engagement ON events (page_id, view_id, received_at, engaged_ms, scroll_pct)
     WHERE kind = 'g';
   CREATE INDEX events_actions ON events (page_id, received_at, kind, network, token, parent_token, id)
     WHERE kind IN ('s', 'c', 'n', 'q', 'x', 'f');
   CREATE TABLE ctas (
     page_id TEXT NOT NULL,
     build_id TEXT NOT NULL,
     cta_id TEXT NOT NULL,
     kind TEXT NOT NULL,
     network TEXT,
     placement TEXT NOT NULL,
     PRIMARY KEY (page_id, build_id, cta_id),
     FOREIGN KEY (page_id, build_id) REFERENCES pages (page_id, build_id)
   ) STRICT;
   CREATE TABLE salts (
     day INTEGER PRIMARY KEY,
     salt BLOB NOT NULL
   ) STRICT;`,
  // 3: reader creations and letters, their images (in the same database, written in the same
  // transaction), the manifests' forms, solved proof-of-work challenges, and named secrets.
  `CREATE TABLE forms (
     page_id TEXT NOT NULL,
     build_id TEXT NOT NULL,
     form_id TEXT NOT NULL,
     placement TEXT NOT NULL,
     PRIMARY KEY (page_id, build_id, form_id),
     FOREIGN KEY (page_id, build_id) REFERENCES pages (page_id, build_id)
   ) STRICT;
   CREATE TABLE creations (
     id TEXT PRIMARY KEY,
     kind TEXT NOT NULL,
     status TEXT NOT NULL,
     form_id TEXT NOT NULL,
     page_id TEXT NOT NULL,
     post_url TEXT NOT NULL,
     title TEXT NOT NULL,
     text TEXT NOT NULL,
     links TEXT NOT NULL,
     credit TEXT NOT NULL,
     email TEXT,
     consent INTEGER NOT NULL,
     licence TEXT,
     quote TEXT,
     token TEXT,
     verified INTEGER NOT NULL,
     receipt_hash TEXT NOT NULL UNIQUE,
     text_hash TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     moderated_at INTEGER
   ) STRICT;
   CREATE INDEX creations_created ON creations (created_at, id);
   CREATE INDEX creations_page ON creations (page_id, created_at);
   CREATE INDEX creations_text ON creations (text_hash, created_at);
   CREATE TABLE creation_images (
     creation_id TEXT PRIMARY KEY REFERENCES creations (id) ON DELETE CASCADE,
     type TEXT NOT NULL,
     width INTEGER NOT NULL,
     height INTEGER NOT NULL,
     alt TEXT NOT NULL,
     byte_count INTEGER NOT NULL,
     bytes BLOB NOT NULL
   ) STRICT;
   CREATE TABLE challenges (
     signature TEXT PRIMARY KEY,
     expires_at INTEGER NOT NULL
   ) STRICT;
   CREATE TABLE secrets (
     name TEXT PRIMARY KEY,
     value BLOB NOT NULL
   ) STRICT;`,
];

/** Brings the schema up to date, one migration per transaction. */
export function migrateSqlite(db: DatabaseSync): void {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  if (row.user_version > SQLITE_MIGRATIONS.length) {
    throw new Error(
      `the database has schema version ${row.user_version}, newer than this collector knows (${SQLITE_MIGRATIONS.length}); upgrade @sharecraft/collector`,
    );
  }
  for (let version = row.user_version; version < SQLITE_MIGRATIONS.length; version += 1) {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(SQLITE_MIGRATIONS[version] as string);
      db.exec(`PRAGMA user_version = ${version + 1}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
}
