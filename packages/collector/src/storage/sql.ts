/**
 * SQL both adapters run, written once in the dialect SQLite and PostgreSQL share (`?` placeholders;
 * the PostgreSQL adapter numbers them), with the mapping from result rows. One text for both is
 * what makes the two report the same numbers.
 */
import { SHARE_EVENT_KINDS } from '@sharecraft/protocol';
import { DAY_MS, ENGAGED_MS, ENGAGED_SCROLL_PCT } from '../stats/definitions.js';
import type { EventRow, KnownPages, RawStats, StatsRange } from './event-store.js';

/** A statement and its parameters. */
export interface Query {
  sql: string;
  params: (string | number)[];
}

/** Columns of `events`, in the order `eventValues` lists a row's values. */
export const EVENT_COLUMNS = [
  'id',
  'kind',
  'page_id',
  'referrer_class',
  'parent_token',
  'token',
  'cta_id',
  'network',
  'view_id',
  'engaged_ms',
  'scroll_pct',
  'form_id',
  'visitor',
  'received_at',
] as const;

/** A row's values in `EVENT_COLUMNS` order. */
export function eventValues(row: EventRow): (string | number | null)[] {
  return [
    row.id,
    row.kind,
    row.pageId,
    row.referrerClass,
    row.parentToken,
    row.token,
    row.ctaId,
    row.network,
    row.viewId,
    row.engagedMs,
    row.scrollPct,
    row.formId,
    row.visitor,
    row.receivedAt,
  ];
}

/** A database record: column name to value. */
export type DbRecord = { [column: string]: unknown };

const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const int = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** An `events` record read back as an EventRow. */
export function eventFromRecord(record: DbRecord): EventRow {
  return {
    id: String(record.id),
    kind: String(record.kind),
    pageId: String(record.page_id),
    referrerClass: text(record.referrer_class),
    parentToken: text(record.parent_token),
    token: text(record.token),
    ctaId: text(record.cta_id),
    network: text(record.network),
    viewId: text(record.view_id),
    engagedMs: int(record.engaged_ms),
    scrollPct: int(record.scroll_pct),
    formId: text(record.form_id),
    visitor: text(record.visitor),
    receivedAt: Number(record.received_at),
  };
}

/** A page's events, oldest first. */
export function eventsForPageQuery(pageId: string): Query {
  return {
    sql: `SELECT ${EVENT_COLUMNS.join(', ')} FROM events WHERE page_id = ? ORDER BY received_at, id`,
    params: [pageId],
  };
}

/** Every page of every manifest with each CTA it ever had (a page without CTAs has one row of nulls). */
export const KNOWN_PAGES_SQL = `SELECT p.page_id, c.cta_id, c.kind, c.network
  FROM pages p LEFT JOIN ctas c ON c.page_id = p.page_id AND c.build_id = p.build_id`;

/** Builds the page → CTA map from `KNOWN_PAGES_SQL`'s records. */
export function knownPagesFromRecords(records: Iterable<DbRecord>): KnownPages {
  const known: KnownPages = new Map();
  for (const record of records) {
    const pageId = String(record.page_id);
    let ctas = known.get(pageId);
    if (!ctas) {
      ctas = new Map();
      known.set(pageId, ctas);
    }
    if (record.cta_id !== null && record.cta_id !== undefined) {
      ctas.set(String(record.cta_id), { kind: String(record.kind), network: text(record.network) });
    }
  }
  return known;
}

const quoted = (kinds: readonly string[]) => kinds.map((kind) => `'${kind}'`).join(', ');
const SHARE_KINDS = quoted(SHARE_EVENT_KINDS);
/**
 * Kinds in the `events_actions` index. Queries name this list word for word (and narrow it with a
 * second condition), so SQLite can prove its partial index applies.
 */
const ACTION_KINDS = quoted([...SHARE_EVENT_KINDS, 'x', 'f']);
/** The UTC day of an event: both databases divide integers exactly so, and the index on it matches. */
const DAY = `received_at / ${DAY_MS}`;

/** The statements behind a stats answer. */
export const STATS_QUERY_NAMES = ['pages', 'views', 'actions', 'engaged', 'networks', 'shares', 'visits'] as const;
export type StatsQueryName = (typeof STATS_QUERY_NAMES)[number];

/**
 * The statements behind a stats answer. Each reads one partial covering index in its own order,
 * so a month of a million events is read without touching the table: views (by page, day and
 * parent token), engagement (by page and view), and the rest of the ladder (shares, remixes,
 * creations, by page and time).
 */
export function statsQueries(range: StatsRange): Record<StatsQueryName, Query> {
  const page = range.pageId === undefined ? '' : ' AND page_id = ?';
  const pageParam = range.pageId === undefined ? [] : [range.pageId];
  const inRange = [range.from, range.to, ...pageParam];
  const count = (condition: string) => `CAST(SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END) AS INTEGER)`;
  const actions = `kind IN (${ACTION_KINDS})`;
  return {
    pages: {
      sql: `SELECT p.page_id, p.path, p.title FROM pages p JOIN manifests m ON m.build_id = p.build_id
        ${range.pageId === undefined ? '' : 'WHERE p.page_id = ?'}
        ORDER BY m.first_seen_at, m.generated_at, m.build_id`,
      params: pageParam,
    },
    views: {
      sql: `SELECT page_id, ${DAY} AS day, CAST(COUNT(*) AS INTEGER) AS views,
          CAST(COUNT(DISTINCT visitor) AS INTEGER) AS visitors
        FROM events WHERE kind = 'v' AND received_at >= ? AND received_at < ?${page}
        GROUP BY page_id, ${DAY}`,
      params: inRange,
    },
    actions: {
      sql: `SELECT page_id, ${DAY} AS day,
          ${count(`kind IN (${SHARE_KINDS})`)} AS shares,
          ${count("kind = 'x'")} AS remixes,
          ${count("kind = 'f'")} AS creations
        FROM events WHERE ${actions} AND received_at >= ? AND received_at < ?${page}
        GROUP BY page_id, ${DAY}`,
      params: inRange,
    },
    engaged: {
      sql: `SELECT page_id, day, CAST(COUNT(*) AS INTEGER) AS engaged_views FROM (
          SELECT page_id, view_id, MIN(received_at) / ${DAY_MS} AS day,
            MAX(engaged_ms) AS engaged_ms, MAX(scroll_pct) AS scroll_pct
          FROM events WHERE kind = 'g' AND received_at >= ? AND received_at < ?${page}
          GROUP BY page_id, view_id
        ) AS per_view
        WHERE engaged_ms >= ${ENGAGED_MS} OR scroll_pct >= ${ENGAGED_SCROLL_PCT}
        GROUP BY page_id, day`,
      params: inRange,
    },
    networks: {
      sql: `SELECT page_id, COALESCE(network, 'unknown') AS network, CAST(COUNT(*) AS INTEGER) AS shares
        FROM events WHERE ${actions} AND kind IN (${SHARE_KINDS}) AND received_at >= ? AND received_at < ?${page}
        GROUP BY page_id, COALESCE(network, 'unknown')`,
      params: inRange,
    },
    shares: {
      sql: `SELECT page_id, token, parent_token FROM events
        WHERE ${actions} AND kind IN (${SHARE_KINDS}) AND token IS NOT NULL AND received_at < ?${page}
        ORDER BY received_at, id`,
      params: [range.to, ...pageParam],
    },
    visits: {
      sql: `SELECT page_id, parent_token, CAST(COUNT(*) AS INTEGER) AS visits
        FROM events WHERE kind = 'v' AND received_at >= ? AND received_at < ?${page}
        GROUP BY page_id, ${DAY}, parent_token`,
      params: inRange,
    },
  };
}

/** Maps the records of each `statsQueries` statement to `RawStats`. */
export function rawStatsFromRecords(records: Record<StatsQueryName, DbRecord[]>): RawStats {
  const daily = new Map<string, RawStats['daily'][number]>();
  const dayOf = (r: DbRecord) => {
    const key = `${r.page_id} ${r.day}`;
    let row = daily.get(key);
    if (!row) {
      row = {
        pageId: String(r.page_id),
        day: Number(r.day),
        views: 0,
        visitors: 0,
        shares: 0,
        remixes: 0,
        creations: 0,
      };
      daily.set(key, row);
    }
    return row;
  };
  for (const r of records.views) Object.assign(dayOf(r), { views: Number(r.views), visitors: Number(r.visitors) });
  for (const r of records.actions) {
    Object.assign(dayOf(r), { shares: Number(r.shares), remixes: Number(r.remixes), creations: Number(r.creations) });
  }
  return {
    pages: records.pages.map((r) => ({ pageId: String(r.page_id), path: String(r.path), title: String(r.title) })),
    daily: [...daily.values()],
    engaged: records.engaged.map((r) => ({
      pageId: String(r.page_id),
      day: Number(r.day),
      engagedViews: Number(r.engaged_views),
    })),
    networks: records.networks.map((r) => ({
      pageId: String(r.page_id),
      network: String(r.network),
      shares: Number(r.shares),
    })),
    shares: records.shares.map((r) => ({
      pageId: String(r.page_id),
      token: String(r.token),
      parent: text(r.parent_token),
    })),
    visits: records.visits.map((r) => ({
      pageId: String(r.page_id),
      parent: text(r.parent_token),
      visits: Number(r.visits),
    })),
  };
}
