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
  // 2: the same tables as SQLite's migration 3: creations, their images, forms, challenges, secrets.
  `CREATE TABLE forms (
     page_id TEXT COLLATE "C" NOT NULL,
     build_id TEXT COLLATE "C" NOT NULL,
     form_id TEXT COLLATE "C" NOT NULL,
     placement TEXT NOT NULL,
     PRIMARY KEY (page_id, build_id, form_id),
     FOREIGN KEY (page_id, build_id) REFERENCES pages (page_id, build_id)
   );
   CREATE TABLE creations (
     id TEXT COLLATE "C" PRIMARY KEY,
     kind TEXT NOT NULL,
     status TEXT NOT NULL,
     form_id TEXT COLLATE "C" NOT NULL,
     page_id TEXT COLLATE "C" NOT NULL,
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
     receipt_hash TEXT COLLATE "C" NOT NULL UNIQUE,
     text_hash TEXT COLLATE "C" NOT NULL,
     created_at BIGINT NOT NULL,
     moderated_at BIGINT
   );
   CREATE INDEX creations_created ON creations (created_at, id);
   CREATE INDEX creations_page ON creations (page_id, created_at);
   CREATE INDEX creations_text ON creations (text_hash, created_at);
   CREATE TABLE creation_images (
     creation_id TEXT COLLATE "C" PRIMARY KEY REFERENCES creations (id) ON DELETE CASCADE,
     type TEXT NOT NULL,
     width INTEGER NOT NULL,
     height INTEGER NOT NULL,
     alt TEXT NOT NULL,
     byte_count INTEGER NOT NULL,
     bytes BYTEA NOT NULL
   );
   CREATE TABLE challenges (
     signature TEXT COLLATE "C" PRIMARY KEY,
     expires_at BIGINT NOT NULL
   );
   CREATE TABLE secrets (
     name TEXT COLLATE "C" PRIMARY KEY,
     value BYTEA NOT NULL
   );`,
];
