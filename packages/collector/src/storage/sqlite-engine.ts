import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { CreationRecord, CreationStatus, Manifest } from '@sharecraft/protocol';
import type { CreationCounts, CreationQuery, CreationTally, NewCreation } from '../creations/creation-store.js';
import {
  type CreationQuerySql,
  countsFromRecord,
  countsQuery,
  creationByReceiptQuery,
  creationFromRecord,
  deleteCreationQueries,
  getCreationQuery,
  hasTextSinceQuery,
  imageQuery,
  insertCreationQuery,
  insertImageQuery,
  KNOWN_FORMS_SQL,
  knownFormsFromRecords,
  listCreationsQuery,
  pruneChallengesQuery,
  purgeQueries,
  type SqlValue,
  secretQueries,
  setStatusQuery,
  tallyFromRecord,
  tallyQuery,
  useChallengeQuery,
} from './creation-sql.js';
import type { EventRow, KnownForms, KnownPages, RawStats, StatsRange } from './event-store.js';
import {
  type DbRecord,
  EVENT_COLUMNS,
  eventFromRecord,
  eventsForPageQuery,
  eventValues,
  KNOWN_PAGES_SQL,
  knownPagesFromRecords,
  rawStatsFromRecords,
  STATS_QUERY_NAMES,
  type StatsQueryName,
  statsQueries,
} from './sql.js';
import { migrateSqlite } from './sqlite-migrations.js';

/** How long a write waits for a lock another process holds before it fails (and the collector answers 503). */
const BUSY_TIMEOUT_MS = 2000;

/**
 * Pages (4 KiB each) the WAL may hold before the writer checkpoints and rewinds it: 16 MiB. The
 * checkpointer thread has copied nearly all of them by then (see `WalCheckpointer`).
 */
export const DEFAULT_WAL_PAGES = 4000;

/**
 * `writer` migrates and writes; `reader` only reads (stats), so long queries never hold up commits;
 * `checkpointer` copies the WAL into the database file (`WalCheckpointer`).
 */
export type SqliteRole = 'writer' | 'reader' | 'checkpointer';

/** Settings of the SQLite store. */
export interface SqliteSettings {
  /** Pages the WAL may hold before the writer rewinds it (default `DEFAULT_WAL_PAGES`). */
  walPages?: number;
}

/**
 * The SQLite database, synchronously: node:sqlite blocks, so the store runs this inside worker
 * threads and the collector's event loop never waits on a disk flush.
 */
export class SqliteEngine {
  readonly #db: DatabaseSync;
  readonly #insertEvent: StatementSync | undefined;

  constructor(file: string, role: Exclude<SqliteRole, 'checkpointer'>, settings: SqliteSettings = {}) {
    if (file !== ':memory:' && role === 'writer') mkdirSync(dirname(file), { recursive: true });
    this.#db = new DatabaseSync(file);
    // WAL with synchronous=FULL: a commit is on disk before it returns, and readers never block the writer.
    this.#db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}; PRAGMA foreign_keys = ON;`);
    if (role === 'writer') {
      const walPages = settings.walPages ?? DEFAULT_WAL_PAGES;
      // secure_delete: a creation deleted for good (its image, its email) is overwritten, not left
      // in a free page of the file.
      // journal_size_limit: a WAL that grew past its bound (a long stats read kept it from being
      // rewound) is cut back to it at the next rewind.
      this.#db.exec(
        `PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = ${walPages};
         PRAGMA secure_delete = ON;
         PRAGMA journal_size_limit = ${walPages * 4096 * 2};`,
      );
      migrateSqlite(this.#db);
      this.#insertEvent = this.#db.prepare(
        `INSERT OR IGNORE INTO events (${EVENT_COLUMNS.join(', ')}) VALUES (${EVENT_COLUMNS.map(() => '?').join(', ')})`,
      );
    } else {
      this.#db.exec('PRAGMA query_only = ON;');
    }
  }

  #transaction<T>(work: () => T): T {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.#db.exec('COMMIT');
      return result;
    } catch (error) {
      // A failed COMMIT may already have rolled back.
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  /**
   * Inserts rows, sent as their JSON text, in one transaction; one byte per row, 1 when it was new.
   * JSON because the rows cross from the event loop to this thread: stringifying them there costs
   * a third of copying them as objects (measured), and the parse happens here, off the event loop.
   */
  insertRows(rowsJson: string): Uint8Array {
    const insert = this.#insertEvent;
    if (!insert) throw new Error('this SQLite connection is read-only');
    const rows = JSON.parse(rowsJson) as EventRow[];
    return this.#transaction(() => {
      const added = new Uint8Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        added[i] = Number(insert.run(...eventValues(rows[i] as EventRow)).changes) > 0 ? 1 : 0;
      }
      return added;
    });
  }

  /** Records a manifest version with its pages and CTAs (each once). */
  recordManifest(manifest: Manifest, seenAt: number): void {
    const insertManifest = this.#db.prepare(
      'INSERT OR IGNORE INTO manifests (build_id, site, generated_at, first_seen_at) VALUES (?, ?, ?, ?)',
    );
    const insertPage = this.#db.prepare(
      'INSERT OR IGNORE INTO pages (page_id, build_id, path, title) VALUES (?, ?, ?, ?)',
    );
    const insertCta = this.#db.prepare(
      'INSERT OR IGNORE INTO ctas (page_id, build_id, cta_id, kind, network, placement) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const insertForm = this.#db.prepare(
      'INSERT OR IGNORE INTO forms (page_id, build_id, form_id, placement) VALUES (?, ?, ?, ?)',
    );
    this.#transaction(() => {
      insertManifest.run(manifest.buildId, manifest.site, manifest.generatedAt, seenAt);
      for (const page of manifest.pages) {
        insertPage.run(page.id, manifest.buildId, page.path, page.title);
        for (const cta of page.ctas) {
          insertCta.run(page.id, manifest.buildId, cta.id, cta.kind, cta.network ?? null, cta.placement);
        }
        for (const form of page.forms) insertForm.run(page.id, manifest.buildId, form.id, form.placement);
      }
    });
  }

  knownPages(): KnownPages {
    return knownPagesFromRecords(this.#db.prepare(KNOWN_PAGES_SQL).all() as DbRecord[]);
  }

  /** The day's salt (storing `candidate` if the day has none yet); deletes salts before yesterday's. */
  dailySalt(day: number, candidate: Uint8Array): Uint8Array {
    return this.#transaction(() => {
      this.#db.prepare('INSERT OR IGNORE INTO salts (day, salt) VALUES (?, ?)').run(day, candidate);
      this.#db.prepare('DELETE FROM salts WHERE day < ?').run(day - 1);
      const row = this.#db.prepare('SELECT salt FROM salts WHERE day = ?').get(day) as { salt: Uint8Array };
      return new Uint8Array(row.salt);
    });
  }

  queryStats(range: StatsRange): RawStats {
    const queries = statsQueries(range);
    // One read transaction: every part of the answer sees the same snapshot.
    this.#db.exec('BEGIN');
    try {
      const records = Object.fromEntries(
        STATS_QUERY_NAMES.map((name) => [name, this.#db.prepare(queries[name].sql).all(...queries[name].params)]),
      ) as Record<StatsQueryName, DbRecord[]>;
      return rawStatsFromRecords(records);
    } finally {
      this.#db.exec('COMMIT');
    }
  }

  eventsForPage(pageId: string): EventRow[] {
    const query = eventsForPageQuery(pageId);
    return (this.#db.prepare(query.sql).all(...query.params) as DbRecord[]).map(eventFromRecord);
  }

  knownForms(): KnownForms {
    return knownFormsFromRecords(this.#db.prepare(KNOWN_FORMS_SQL).all() as DbRecord[]);
  }

  #all(query: CreationQuerySql): DbRecord[] {
    return this.#db.prepare(query.sql).all(...(query.params as SqlValue[])) as DbRecord[];
  }

  #run(query: CreationQuerySql): number {
    return Number(this.#db.prepare(query.sql).run(...(query.params as SqlValue[])).changes);
  }

  /** The named secret (storing `candidate` if there is none yet). */
  secret(name: string, candidate: Uint8Array): Uint8Array {
    return this.#transaction(() => {
      const [insert, select] = secretQueries(name, candidate) as [CreationQuerySql, CreationQuerySql];
      this.#run(insert);
      return new Uint8Array((this.#all(select)[0] as { value: Uint8Array }).value);
    });
  }

  /** Stores a creation and its image in one transaction. */
  insertCreation(creation: NewCreation): void {
    this.#transaction(() => {
      this.#run(insertCreationQuery(creation));
      const image = insertImageQuery(creation);
      if (image) this.#run(image);
    });
  }

  hasTextSince(textHash: string, sinceMs: number): boolean {
    return this.#all(hasTextSinceQuery(textHash, sinceMs)).length > 0;
  }

  getCreation(id: string): CreationRecord | undefined {
    const record = this.#all(getCreationQuery(id))[0];
    return record ? creationFromRecord(record) : undefined;
  }

  listCreations(query: CreationQuery): CreationRecord[] {
    return this.#all(listCreationsQuery(query)).map(creationFromRecord);
  }

  creationImage(id: string): { type: string; bytes: Uint8Array } | undefined {
    const record = this.#all(imageQuery(id))[0];
    return record ? { type: String(record.type), bytes: new Uint8Array(record.bytes as Uint8Array) } : undefined;
  }

  setCreationStatus(id: string, status: CreationStatus, atMs: number): boolean {
    return this.#run(setStatusQuery(id, status, atMs)) > 0;
  }

  deleteCreation(id: string): boolean {
    return (
      this.#transaction(
        () =>
          deleteCreationQueries(id)
            .map((query) => this.#run(query))
            .at(-1) ?? 0,
      ) > 0
    );
  }

  creationByReceipt(receiptHash: string): CreationRecord | undefined {
    const record = this.#all(creationByReceiptQuery(receiptHash))[0];
    return record ? creationFromRecord(record) : undefined;
  }

  purgeCreations(beforeMs: number): number {
    return this.#transaction(
      () =>
        purgeQueries(beforeMs)
          .map((query) => this.#run(query))
          .at(-1) ?? 0,
    );
  }

  /** Records a solved challenge (forgetting expired ones); false when it was recorded before. */
  useChallenge(signature: string, expiresMs: number, nowMs: number): boolean {
    return this.#transaction(() => {
      this.#run(pruneChallengesQuery(nowMs));
      return this.#all(useChallengeQuery(signature, expiresMs)).length > 0;
    });
  }

  creationCounts(pageId?: string): CreationCounts[] {
    return this.#all(countsQuery(pageId)).map(countsFromRecord);
  }

  creationTally(fromMs: number, toMs: number, pageId?: string): CreationTally[] {
    return this.#all(tallyQuery(fromMs, toMs, pageId)).map(tallyFromRecord);
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}
