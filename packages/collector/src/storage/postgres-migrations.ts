/** The schema the collector's tables live in, so they never meet another application's. */
export const POSTGRES_SCHEMA = 'sharecraft';

/**
 * Schema migrations for PostgreSQL, applied in order inside one transaction under an advisory
 * lock, so replicas starting together migrate once. `schema_version` records how many have run.
 * Never edit a shipped migration: add a new one. Identifiers compare in the "C" collation, as in
 * SQLite, so both order ties the same way.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  // 1: the same tables as SQLite's migrations 1 and 2 together.
  `CREATE TABLE events (
     id TEXT COLLATE "C" PRIMARY KEY,
     kind TEXT NOT NULL,
     page_id TEXT COLLATE "C" NOT NULL,
     referrer_class TEXT,
     parent_token TEXT COLLATE "C",
     token TEXT COLLATE "C",
     cta_id TEXT COLLATE "C",
     network TEXT COLLATE "C",
     view_id TEXT COLLATE "C",
     engaged_ms INTEGER,
     scroll_pct INTEGER,
     form_id TEXT,
     visitor TEXT COLLATE "C",
     received_at BIGINT NOT NULL
   );
   CREATE INDEX events_views ON events (page_id, (received_at / 86400000), parent_token, visitor, received_at)
     WHERE kind = 'v';
   CREATE INDEX events_engagement ON events (page_id, view_id, received_at, engaged_ms, scroll_pct)
     WHERE kind = 'g';
   CREATE INDEX events_actions ON events (page_id, received_at, kind, network, token, parent_token, id)
     WHERE kind IN ('s', 'c', 'n', 'q', 'x', 'f');
   CREATE TABLE manifests (
     build_id TEXT COLLATE "C" PRIMARY KEY,
     site TEXT,
     generated_at TEXT COLLATE "C" NOT NULL,
     first_seen_at BIGINT NOT NULL
   );
   CREATE TABLE pages (
     page_id TEXT COLLATE "C" NOT NULL,
     build_id TEXT COLLATE "C" NOT NULL REFERENCES manifests (build_id),
     path TEXT NOT NULL,
     title TEXT NOT NULL,
     PRIMARY KEY (page_id, build_id)
   );
   CREATE TABLE ctas (
     page_id TEXT COLLATE "C" NOT NULL,
     build_id TEXT COLLATE "C" NOT NULL,
     cta_id TEXT COLLATE "C" NOT NULL,
     kind TEXT NOT NULL,
     network TEXT,
     placement TEXT NOT NULL,
     PRIMARY KEY (page_id, build_id, cta_id),
     FOREIGN KEY (page_id, build_id) REFERENCES pages (page_id, build_id)
   );
   CREATE TABLE salts (
     day INTEGER PRIMARY KEY,
     salt BYTEA NOT NULL
   );`,
];
