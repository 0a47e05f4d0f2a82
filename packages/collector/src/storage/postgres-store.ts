import { randomBytes } from 'node:crypto';
import type { Manifest } from '@sharecraft/protocol';
import postgres from 'postgres';
import type { CreationStore } from '../creations/creation-store.js';
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
  secretQueries,
  setStatusQuery,
  tallyFromRecord,
  tallyQuery,
  useChallengeQuery,
} from './creation-sql.js';
import type { EventRow, EventStore, RawStats, StatsRange } from './event-store.js';
import { GroupCommitter } from './group-commit.js';
import { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA } from './postgres-migrations.js';
import {
  type DbRecord,
  EVENT_COLUMNS,
  eventFromRecord,
  eventsForPageQuery,
  eventValues,
  KNOWN_PAGES_SQL,
  knownPagesFromRecords,
  type Query,
  rawStatsFromRecords,
  STATS_QUERY_NAMES,
  type StatsQueryName,
  statsQueries,
} from './sql.js';

/** Options of the PostgreSQL store. */
export interface PostgresStoreOptions {
  /** Connections in the pool (default 8). */
  maxConnections?: number;
  /** Seconds to wait for a connection before a write fails (default 5). */
  connectTimeout?: number;
}

/** Key of the advisory lock replicas take while migrating. */
const MIGRATION_LOCK = 0x5c_c0_11_ec;

/** Most rows one INSERT takes. */
const MAX_ROWS_PER_COMMIT = 4000;

/** Element types of `EVENT_COLUMNS` for `unnest`. */
const COLUMN_TYPES: Record<(typeof EVENT_COLUMNS)[number], string> = {
  id: 'text',
  kind: 'text',
  page_id: 'text',
  referrer_class: 'text',
  parent_token: 'text',
  token: 'text',
  cta_id: 'text',
  network: 'text',
  view_id: 'text',
  engaged_ms: 'int4',
  scroll_pct: 'int4',
  form_id: 'text',
  visitor: 'text',
  received_at: 'int8',
};

/** One statement inserts a whole group: one array per column, one round trip, one WAL flush. */
const INSERT_SQL = `INSERT INTO events (${EVENT_COLUMNS.join(', ')})
  SELECT * FROM unnest(${EVENT_COLUMNS.map((column, i) => `$${i + 1}::${COLUMN_TYPES[column]}[]`).join(', ')})
  ON CONFLICT (id) DO NOTHING RETURNING id`;

/** `?` placeholders as PostgreSQL's `$1, $2, …`. The shared SQL has no `?` inside string literals. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** The URL with its password masked, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

function columnsOf(rows: readonly EventRow[]): (string | number | null)[][] {
  const columns = EVENT_COLUMNS.map(() => new Array<string | number | null>(rows.length));
  rows.forEach((row, r) => {
    eventValues(row).forEach((value, c) => {
      (columns[c] as (string | number | null)[])[r] = value;
    });
  });
  return columns;
}

/** Rows in slices small enough for one statement's parameters (PostgreSQL allows 65,535). */
function* chunks<T>(rows: T[], size = 1000): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

async function migrate(sql: postgres.Sql): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`;
    await tx.unsafe(`CREATE SCHEMA IF NOT EXISTS ${POSTGRES_SCHEMA}`);
    await tx.unsafe(`CREATE TABLE IF NOT EXISTS ${POSTGRES_SCHEMA}.schema_version (version INTEGER NOT NULL)`);
    const [row] = await tx.unsafe(`SELECT version FROM ${POSTGRES_SCHEMA}.schema_version`);
    const current = row ? Number(row.version) : 0;
    if (!row) await tx.unsafe(`INSERT INTO ${POSTGRES_SCHEMA}.schema_version (version) VALUES (0)`);
    if (current > POSTGRES_MIGRATIONS.length) {
      throw new Error(
        `the database has schema version ${current}, newer than this collector knows (${POSTGRES_MIGRATIONS.length}); upgrade @sharecraft/collector`,
      );
    }
    for (let version = current; version < POSTGRES_MIGRATIONS.length; version += 1) {
      await tx.unsafe(POSTGRES_MIGRATIONS[version] as string).simple();
    }
    await tx.unsafe(`UPDATE ${POSTGRES_SCHEMA}.schema_version SET version = ${POSTGRES_MIGRATIONS.length}`);
  });
}

/**
 * Opens a PostgreSQL event store at `url` (`postgres://user:pass@host:port/db`), creating the
 * `sharecraft` schema and migrating it. Every connection runs with `synchronous_commit = on`, so a
 * commit has reached the server's disk when it returns. Writes are group-committed: each group is
 * one `INSERT … SELECT FROM unnest(…)`, a few groups in flight at once, so many stateless
 * collector replicas can share the database.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<EventStore> {
  const maxConnections = options.maxConnections ?? 8;
  const sql = postgres(url, {
    max: maxConnections,
    connect_timeout: options.connectTimeout ?? 5,
    idle_timeout: 60,
    onnotice: () => {},
    connection: { application_name: 'sharecraft', search_path: POSTGRES_SCHEMA, synchronous_commit: 'on' },
  });
  try {
    await migrate(sql);
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => undefined);
    throw new Error(`Could not open the PostgreSQL database ${redactUrl(url)}: ${(error as Error).message}`);
  }

  const run = (query: Query, on: postgres.Sql | postgres.TransactionSql = sql) =>
    on.unsafe(numberPlaceholders(query.sql), query.params) as Promise<DbRecord[]>;

  /** Bytes go to postgres.js as Buffers, which it sends as bytea. */
  const runCreation = async (query: CreationQuerySql, on: postgres.Sql | postgres.TransactionSql = sql) => {
    const params = query.params.map((value) =>
      value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value) : value,
    );
    const result = await on.unsafe(numberPlaceholders(query.sql), params as never[]);
    return { records: result as unknown as DbRecord[], count: result.count };
  };
  const records = async (query: CreationQuerySql) => (await runCreation(query)).records;

  const creations: CreationStore = {
    async insert(creation) {
      await sql.begin(async (tx) => {
        await runCreation(insertCreationQuery(creation), tx);
        const image = insertImageQuery(creation);
        if (image) await runCreation(image, tx);
      });
    },
    async hasTextSince(textHash, sinceMs) {
      return (await records(hasTextSinceQuery(textHash, sinceMs))).length > 0;
    },
    async get(id) {
      const [record] = await records(getCreationQuery(id));
      return record ? creationFromRecord(record) : undefined;
    },
    async list(query = {}) {
      return (await records(listCreationsQuery(query))).map(creationFromRecord);
    },
    async image(id) {
      const [record] = await records(imageQuery(id));
      return record ? { type: String(record.type), bytes: new Uint8Array(record.bytes as Uint8Array) } : undefined;
    },
    async setStatus(id, status, atMs) {
      return (await runCreation(setStatusQuery(id, status, atMs))).count > 0;
    },
    async delete(id) {
      return sql.begin(async (tx) => {
        let count = 0;
        for (const query of deleteCreationQueries(id)) count = (await runCreation(query, tx)).count;
        return count > 0;
      });
    },
    async byReceipt(receiptHash) {
      const [record] = await records(creationByReceiptQuery(receiptHash));
      return record ? creationFromRecord(record) : undefined;
    },
    async purge(beforeMs) {
      return sql.begin(async (tx) => {
        let count = 0;
        for (const query of purgeQueries(beforeMs)) count = (await runCreation(query, tx)).count;
        return count;
      });
    },
    async useChallenge(signature, expiresMs) {
      return sql.begin(async (tx) => {
        await runCreation(pruneChallengesQuery(Date.now()), tx);
        return (await runCreation(useChallengeQuery(signature, expiresMs), tx)).records.length > 0;
      });
    },
    async counts(pageId) {
      return (await records(countsQuery(pageId))).map(countsFromRecord);
    },
    async tally(fromMs, toMs, pageId) {
      return (await records(tallyQuery(fromMs, toMs, pageId))).map(tallyFromRecord);
    },
  };

  const committer = new GroupCommitter<EventRow>({
    async commit(rows) {
      const inserted = await sql.unsafe(INSERT_SQL, columnsOf(rows) as never[]);
      const fresh = new Set(inserted.map((record) => String(record.id)));
      // Only the first of two equal ids in one group is new.
      return rows.map((row) => fresh.delete(row.id));
    },
    maxInFlight: Math.max(1, maxConnections - 2),
    maxRows: MAX_ROWS_PER_COMMIT,
  });

  return {
    kind: 'postgres',
    insertEvents: (rows) => committer.write(rows),
    async recordManifest(manifest: Manifest) {
      const pages = manifest.pages.map((page) => ({
        page_id: page.id,
        build_id: manifest.buildId,
        path: page.path,
        title: page.title,
      }));
      const ctas = manifest.pages.flatMap((page) =>
        page.ctas.map((cta) => ({
          page_id: page.id,
          build_id: manifest.buildId,
          cta_id: cta.id,
          kind: cta.kind,
          network: cta.network ?? null,
          placement: cta.placement,
        })),
      );
      const forms = manifest.pages.flatMap((page) =>
        page.forms.map((form) => ({
          page_id: page.id,
          build_id: manifest.buildId,
          form_id: form.id,
          placement: form.placement,
        })),
      );
      await sql.begin(async (tx) => {
        await tx`INSERT INTO manifests (build_id, site, generated_at, first_seen_at)
          VALUES (${manifest.buildId}, ${manifest.site}, ${manifest.generatedAt}, ${Date.now()})
          ON CONFLICT DO NOTHING`;
        for (const chunk of chunks(pages)) await tx`INSERT INTO pages ${tx(chunk)} ON CONFLICT DO NOTHING`;
        for (const chunk of chunks(ctas)) await tx`INSERT INTO ctas ${tx(chunk)} ON CONFLICT DO NOTHING`;
        for (const chunk of chunks(forms)) await tx`INSERT INTO forms ${tx(chunk)} ON CONFLICT DO NOTHING`;
      });
    },
    async knownPages() {
      return knownPagesFromRecords(await sql.unsafe(KNOWN_PAGES_SQL));
    },
    async knownForms() {
      return knownFormsFromRecords(await sql.unsafe(KNOWN_FORMS_SQL));
    },
    async secret(name: string) {
      return sql.begin(async (tx) => {
        const [insert, select] = secretQueries(name, randomBytes(32)) as [CreationQuerySql, CreationQuerySql];
        await runCreation(insert, tx);
        const [row] = (await runCreation(select, tx)).records;
        return new Uint8Array((row as { value: Uint8Array }).value);
      });
    },
    creations,
    async dailySalt(day: number) {
      return sql.begin(async (tx) => {
        await tx`INSERT INTO salts (day, salt) VALUES (${day}, ${randomBytes(32)}) ON CONFLICT DO NOTHING`;
        await tx`DELETE FROM salts WHERE day < ${day - 1}`;
        const [row] = await tx`SELECT salt FROM salts WHERE day = ${day}`;
        return new Uint8Array((row as { salt: Uint8Array }).salt);
      });
    },
    async queryStats(range: StatsRange): Promise<RawStats> {
      const queries = statsQueries(range);
      // One snapshot for every part of the answer.
      const records = await sql.begin('isolation level repeatable read read only', async (tx) => {
        const results = await Promise.all(STATS_QUERY_NAMES.map((name) => run(queries[name], tx)));
        return Object.fromEntries(STATS_QUERY_NAMES.map((name, i) => [name, results[i]])) as Record<
          StatsQueryName,
          DbRecord[]
        >;
      });
      return rawStatsFromRecords(records);
    },
    async eventsForPage(pageId: string) {
      return (await run(eventsForPageQuery(pageId))).map(eventFromRecord);
    },
    metrics: () => committer.stats(),
    async close() {
      await committer.drain();
      // Nothing is queued any more; the grace only bounds a close that postgres.js can leave hanging
      // on a connection that broke during an outage.
      await sql.end({ timeout: 1 });
    },
  };
}
