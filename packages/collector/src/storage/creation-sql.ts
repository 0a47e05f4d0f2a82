/**
 * The SQL of the creation store, written once for SQLite and PostgreSQL (`?` placeholders, which
 * the PostgreSQL adapter numbers), with the mapping from result rows to `CreationRecord`s. Both
 * adapters run exactly these statements, so the contract test checks one behaviour twice.
 */
import { CREATIONS_PATH, type CreationRecord } from '@sharecraft/protocol';
import type { CreationCounts, CreationQuery, CreationTally, NewCreation } from '../creations/creation-store.js';
import { DAY_MS } from '../stats/definitions.js';
import type { DbRecord } from './sql.js';

/** A value a statement binds: text, a number, bytes, or null. */
export type SqlValue = string | number | Uint8Array | null;

/** A statement and its parameters. */
export interface CreationQuerySql {
  sql: string;
  params: SqlValue[];
}

/** Columns of `creations`, in the order `creationValues` lists a row's values. */
const CREATION_COLUMNS = [
  'id',
  'kind',
  'status',
  'form_id',
  'page_id',
  'post_url',
  'title',
  'text',
  'links',
  'credit',
  'email',
  'consent',
  'licence',
  'quote',
  'token',
  'verified',
  'receipt_hash',
  'text_hash',
  'created_at',
] as const;

/** Stores the row (the image goes in `insertImageQuery`, in the same transaction). */
export function insertCreationQuery(creation: NewCreation): CreationQuerySql {
  return {
    sql: `INSERT INTO creations (${CREATION_COLUMNS.join(', ')}) VALUES (${CREATION_COLUMNS.map(() => '?').join(', ')})`,
    params: [
      creation.id,
      creation.kind,
      creation.status,
      creation.formId,
      creation.pageId,
      creation.postUrl,
      creation.title,
      creation.text,
      JSON.stringify(creation.links),
      creation.credit,
      creation.email,
      creation.consent ? 1 : 0,
      creation.licence,
      creation.quote,
      creation.token,
      creation.verified ? 1 : 0,
      creation.receiptHash,
      creation.textHash,
      creation.createdAt,
    ],
  };
}

/** Stores a creation's image; undefined when it has none. */
export function insertImageQuery(creation: NewCreation): CreationQuerySql | undefined {
  const image = creation.image;
  if (!image) return undefined;
  return {
    sql: `INSERT INTO creation_images (creation_id, type, width, height, alt, byte_count, bytes)
      VALUES (?, ?, ?, ?, ?, ?, ?)`,
    params: [creation.id, image.type, image.width, image.height, image.alt, image.bytes.byteLength, image.bytes],
  };
}

/** What every read of a creation selects: the row and its image's description (not its bytes). */
const SELECT_CREATION = `SELECT c.id, c.kind, c.status, c.form_id, c.page_id, c.post_url, c.title, c.text, c.links,
    c.credit, c.email, c.consent, c.licence, c.quote, c.token, c.verified, c.created_at, c.moderated_at,
    i.type AS image_type, i.width AS image_width, i.height AS image_height, i.alt AS image_alt,
    i.byte_count AS image_bytes
  FROM creations c LEFT JOIN creation_images i ON i.creation_id = c.id`;

export function getCreationQuery(id: string): CreationQuerySql {
  return { sql: `${SELECT_CREATION} WHERE c.id = ?`, params: [id] };
}

export function creationByReceiptQuery(receiptHash: string): CreationQuerySql {
  return { sql: `${SELECT_CREATION} WHERE c.receipt_hash = ?`, params: [receiptHash] };
}

/** Most creations one `list` returns when the query names no limit. */
export const DEFAULT_LIST_LIMIT = 100;

/** Creations matching the query, newest first. */
export function listCreationsQuery(query: CreationQuery = {}): CreationQuerySql {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (query.status !== undefined) {
    const statuses = typeof query.status === 'string' ? [query.status] : [...query.status];
    if (statuses.length === 0) where.push('1 = 0');
    else {
      where.push(`c.status IN (${statuses.map(() => '?').join(', ')})`);
      params.push(...statuses);
    }
  }
  if (query.kind !== undefined) {
    where.push('c.kind = ?');
    params.push(query.kind);
  }
  if (query.pageId !== undefined) {
    where.push('c.page_id = ?');
    params.push(query.pageId);
  }
  const limit = Math.max(0, Math.floor(query.limit ?? DEFAULT_LIST_LIMIT));
  return {
    sql: `${SELECT_CREATION}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}
      ORDER BY c.created_at DESC, c.id DESC LIMIT ?`,
    params: [...params, limit],
  };
}

export function imageQuery(id: string): CreationQuerySql {
  return { sql: 'SELECT type, bytes FROM creation_images WHERE creation_id = ?', params: [id] };
}

export function setStatusQuery(id: string, status: string, atMs: number): CreationQuerySql {
  return { sql: 'UPDATE creations SET status = ?, moderated_at = ? WHERE id = ?', params: [status, atMs, id] };
}

/** Deleting a creation: its image first, then the row (with the email in it). */
export function deleteCreationQueries(id: string): CreationQuerySql[] {
  return [
    { sql: 'DELETE FROM creation_images WHERE creation_id = ?', params: [id] },
    { sql: 'DELETE FROM creations WHERE id = ?', params: [id] },
  ];
}

/** Spam and rejected entries last moderated (or, never moderated, received) before `beforeMs`. */
const PURGEABLE = `status IN ('spam', 'rejected') AND COALESCE(moderated_at, created_at) < ?`;

/** Purging: images of the purged first, then the rows. The second statement's count is the answer. */
export function purgeQueries(beforeMs: number): CreationQuerySql[] {
  return [
    {
      sql: `DELETE FROM creation_images WHERE creation_id IN (SELECT id FROM creations WHERE ${PURGEABLE})`,
      params: [beforeMs],
    },
    { sql: `DELETE FROM creations WHERE ${PURGEABLE}`, params: [beforeMs] },
  ];
}

export function hasTextSinceQuery(textHash: string, sinceMs: number): CreationQuerySql {
  return {
    sql: 'SELECT id FROM creations WHERE text_hash = ? AND created_at >= ? LIMIT 1',
    params: [textHash, sinceMs],
  };
}

/**
 * Records a solved challenge; returns its row only when it was new. Challenges that expired
 * before `nowMs` are forgotten in the same transaction (`pruneChallengesQuery`): an expired one
 * is refused on its expiry anyway.
 */
export function useChallengeQuery(signature: string, expiresMs: number): CreationQuerySql {
  return {
    sql: 'INSERT INTO challenges (signature, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING signature',
    params: [signature, expiresMs],
  };
}

export function pruneChallengesQuery(nowMs: number): CreationQuerySql {
  return { sql: 'DELETE FROM challenges WHERE expires_at < ?', params: [nowMs] };
}

/** Counts per page, for the stats (spam counts nowhere). */
export function countsQuery(pageId?: string): CreationQuerySql {
  const count = (condition: string) => `CAST(SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END) AS INTEGER)`;
  return {
    sql: `SELECT page_id,
        ${count("kind = 'creation'")} AS creations,
        ${count("kind = 'creation' AND status = 'approved'")} AS approved,
        ${count("kind = 'letter'")} AS letters
      FROM creations WHERE status <> 'spam'${pageId === undefined ? '' : ' AND page_id = ?'}
      GROUP BY page_id ORDER BY page_id`,
    params: pageId === undefined ? [] : [pageId],
  };
}

/** `tally`'s query: one row per page, kind, UTC day and token (spam counts nowhere). */
export function tallyQuery(fromMs: number, toMs: number, pageId?: string): CreationQuerySql {
  return {
    sql: `SELECT page_id, kind, CAST(FLOOR(created_at / ${DAY_MS}) AS INTEGER) AS day, token,
        CAST(COUNT(*) AS INTEGER) AS count
      FROM creations WHERE status <> 'spam' AND created_at >= ? AND created_at < ?${pageId === undefined ? '' : ' AND page_id = ?'}
      GROUP BY page_id, kind, day, token ORDER BY page_id, day, kind, token`,
    params: pageId === undefined ? [fromMs, toMs] : [fromMs, toMs, pageId],
  };
}

/** A `tally` record. */
export function tallyFromRecord(record: DbRecord): CreationTally {
  return {
    pageId: String(record.page_id),
    kind: String(record.kind) as CreationTally['kind'],
    day: Number(record.day),
    token: nullableText(record.token),
    count: Number(record.count),
  };
}

/** Stores a named secret unless one is kept already, then reads the one kept. */
export function secretQueries(name: string, candidate: Uint8Array): CreationQuerySql[] {
  return [
    { sql: 'INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING', params: [name, candidate] },
    { sql: 'SELECT value FROM secrets WHERE name = ?', params: [name] },
  ];
}

/** Every form of every manifest version, by page. */
export const KNOWN_FORMS_SQL = 'SELECT DISTINCT page_id, form_id FROM forms';

/** Forms by page id, from `KNOWN_FORMS_SQL`'s records. */
export function knownFormsFromRecords(records: Iterable<DbRecord>): Map<string, Set<string>> {
  const known = new Map<string, Set<string>>();
  for (const record of records) {
    const pageId = String(record.page_id);
    let forms = known.get(pageId);
    if (!forms) {
      forms = new Set();
      known.set(pageId, forms);
    }
    forms.add(String(record.form_id));
  }
  return known;
}

const iso = (value: unknown) => new Date(Number(value)).toISOString();
const nullableText = (value: unknown) => (value === null || value === undefined ? null : String(value));

/** A record of `SELECT_CREATION` as the owner's API gives it. */
export function creationFromRecord(record: DbRecord): CreationRecord {
  const id = String(record.id);
  const email = nullableText(record.email);
  return {
    id,
    kind: String(record.kind) as CreationRecord['kind'],
    status: String(record.status) as CreationRecord['status'],
    formId: String(record.form_id),
    pageId: String(record.page_id),
    postUrl: String(record.post_url),
    title: String(record.title),
    text: String(record.text),
    links: JSON.parse(String(record.links)) as string[],
    credit: String(record.credit),
    ...(email === null ? {} : { email }),
    consent: Number(record.consent) === 1,
    licence: nullableText(record.licence),
    quote: nullableText(record.quote),
    token: nullableText(record.token),
    verified: Number(record.verified) === 1,
    image:
      record.image_type === null || record.image_type === undefined
        ? null
        : {
            type: String(record.image_type) as 'image/jpeg' | 'image/png' | 'image/webp',
            width: Number(record.image_width),
            height: Number(record.image_height),
            bytes: Number(record.image_bytes),
            alt: String(record.image_alt),
            url: `${CREATIONS_PATH}/${encodeURIComponent(id)}/image`,
          },
    createdAt: iso(record.created_at),
    moderatedAt: record.moderated_at === null || record.moderated_at === undefined ? null : iso(record.moderated_at),
  };
}

/** A `counts` record. */
export function countsFromRecord(record: DbRecord): CreationCounts {
  return {
    pageId: String(record.page_id),
    creations: Number(record.creations),
    approved: Number(record.approved),
    letters: Number(record.letters),
  };
}
