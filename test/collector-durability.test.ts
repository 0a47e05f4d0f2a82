/**
 * Durability of `sharecraft serve`, as a real process on a real database: kill -9 under load loses
 * no acknowledged event (10 runs on SQLite, 10 on PostgreSQL), SIGTERM drains and commits, and a
 * database that refuses writes gets 503 with Retry-After, nothing acknowledged, until it is back.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { derivePageId } from '@sharecraft/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batch, cta, manifestOf, READER_UA, view, withImmutable } from '../packages/collector/test/support.js';
import { startTemporaryPostgres, type TemporaryPostgres } from './helpers/postgres.js';
import { type CollectorProcess, freePort, startCollector } from './helpers/processes.js';

const PAGE = derivePageId('/blog/durable');
const RUNS = 10;

let work: string;
let manifest: string;
let pg: TemporaryPostgres;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sharecraft-durability-'));
  manifest = join(work, 'manifest.json');
  await writeFile(
    manifest,
    JSON.stringify(manifestOf('b1', { '/blog/durable': { title: 'Durable', ctas: [cta('end.x')] } })),
  );
  pg = await startTemporaryPostgres();
});

afterAll(async () => {
  pg?.destroy();
  await rm(work, { recursive: true, force: true });
});

function serve(db: string): Promise<CollectorProcess> {
  return freePort().then((port) => startCollector({ db, port, manifest, extra: ['--rate-limit', '0'] }));
}

interface LoadResult {
  /** Ids of every event in a batch that got a 202. */
  acked: string[];
  /** Requests that got no answer at all (the process died under them). */
  unanswered: number;
  /** Answers by status. */
  statuses: Record<number, number>;
}

/**
 * Sends batches of 1 to 5 fresh page views from `connections` loops at once. When `target`
 * events have been acknowledged it calls `then` (once) and goes on until the collector stops
 * answering. Bounded: each loop sends at most `maxRequests`.
 */
async function load(
  endpoint: string,
  target: number,
  then: () => void,
  connections = 16,
  maxRequests = 2000,
): Promise<LoadResult> {
  const result: LoadResult = { acked: [], unanswered: 0, statuses: {} };
  let triggered = false;
  const loop = async (seed: number) => {
    for (let i = 0; i < maxRequests; i++) {
      const events = Array.from({ length: 1 + ((seed + i) % 5) }, () => view(PAGE));
      let status: number;
      try {
        const response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'text/plain', origin: 'https://blog.example', 'user-agent': READER_UA },
          body: batch(...events),
        });
        status = response.status;
        await response.arrayBuffer();
      } catch {
        result.unanswered += 1;
        return;
      }
      result.statuses[status] = (result.statuses[status] ?? 0) + 1;
      if (status === 202) result.acked.push(...events.map((event) => event.i));
      if (!triggered && result.acked.length >= target) {
        triggered = true;
        then();
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, seed) => loop(seed)));
  return result;
}

function sqliteIds(file: string): Set<string> {
  const db = new DatabaseSync(file);
  try {
    return new Set(
      db
        .prepare('SELECT id FROM events')
        .all()
        .map((row) => String(row.id)),
    );
  } finally {
    db.close();
  }
}

const postgresIds = (database: string) => new Set(pg.psql(database, 'SELECT id FROM sharecraft.events'));

function post(collector: CollectorProcess, ...events: ReturnType<typeof view>[]) {
  return fetch(collector.endpoint, {
    method: 'POST',
    headers: { origin: 'https://blog.example', 'user-agent': READER_UA },
    body: batch(...events),
  });
}

/** Posts until the collector acknowledges (at most `tries` times, a quarter second apart). */
async function postUntilAcked(collector: CollectorProcess, tries = 40): Promise<{ status: number; id: string }> {
  let last = { status: 0, id: '' };
  for (let i = 0; i < tries; i++) {
    const event = view(PAGE);
    const response = await post(collector, event);
    last = { status: response.status, id: event.i };
    if (response.status === 202) return last;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return last;
}

describe.each([
  {
    name: 'SQLite',
    database: () => join(work, `crash-${Date.now()}.db`),
    ids: (db: string) => sqliteIds(db),
  },
  {
    name: 'PostgreSQL',
    database: () => `crash_${Date.now()}`,
    ids: (db: string) => postgresIds(db),
  },
])('kill -9 under load on $name', ({ name, database, ids }) => {
  it(`loses no acknowledged event over ${RUNS} crashes, and a retry after the restart stores nothing twice`, async () => {
    const db = database();
    const spec = name === 'SQLite' ? db : pg.createDatabase(db);
    const acked = new Set<string>();
    for (let run = 0; run < RUNS; run++) {
      const collector = await serve(spec);
      const result = await load(collector.endpoint, 100 + run * 40, () => void collector.stop('SIGKILL'));
      await collector.stop('SIGKILL');
      expect(result.acked.length, `run ${run}: ${collector.output()}`).toBeGreaterThanOrEqual(100 + run * 40);
      expect(result.unanswered, 'the loops end when the process dies under them').toBeGreaterThan(0);
      expect(Object.keys(result.statuses)).toEqual(['202']);
      for (const id of result.acked) acked.add(id);
      const stored = ids(db);
      const lost = [...acked].filter((id) => !stored.has(id));
      expect(lost, `run ${run}: acknowledged but not stored`).toEqual([]);
    }

    const collector = await serve(spec);
    try {
      const sample = [...acked].slice(0, 50).map((i) => ({ i, k: 'v' as const, p: PAGE }));
      const retry = await post(collector, ...sample);
      expect(retry.status).toBe(202);
      expect(await retry.json()).toEqual({ accepted: 50, new: 0 });
    } finally {
      await collector.stop();
    }
  });
});

describe('SIGTERM under load', () => {
  it('answers the requests in flight, commits them, and exits 0', async () => {
    const db = join(work, 'sigterm.db');
    const collector = await serve(db);
    let exit: Promise<number | null> | undefined;
    const result = await load(collector.endpoint, 300, () => {
      exit = collector.stop('SIGTERM');
    });
    expect(await exit).toBe(0);
    expect(collector.output()).toMatch(/Closed: \d+ events stored in \d+ commits/);
    const stored = sqliteIds(db);
    expect(result.acked.filter((id) => !stored.has(id))).toEqual([]);
    expect(stored.size).toBeGreaterThanOrEqual(result.acked.length);
  });
});

describe('a database that refuses writes', () => {
  it('gets 503 with Retry-After while an SQLite file is immutable, and 202 again afterwards', async () => {
    const db = join(work, 'refusing', 'events.db');
    const collector = await serve(db);
    try {
      const before = await postUntilAcked(collector);
      expect(before.status).toBe(202);
      const refused = view(PAGE);
      const response = await withImmutable([db, `${db}-wal`, join(work, 'refusing')], () => post(collector, refused));
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(await response.json()).toMatchObject({ error: 'unavailable' });
      const after = await postUntilAcked(collector);
      expect(after.status).toBe(202);
      const stored = sqliteIds(db);
      expect([stored.has(before.id), stored.has(refused.i), stored.has(after.id)]).toEqual([true, false, true]);
      expect(collector.output()).toContain('The database is unavailable');
      expect(collector.output()).toContain('The database is answering again');
    } finally {
      await collector.stop();
    }
  });

  it('gets 503 with Retry-After while another process holds the SQLite write lock', async () => {
    const db = join(work, 'locked.db');
    const collector = await serve(db);
    try {
      expect((await postUntilAcked(collector)).status).toBe(202);
      const refused = view(PAGE);
      const lock = new DatabaseSync(db);
      lock.exec('BEGIN EXCLUSIVE');
      let response: Response;
      try {
        response = await post(collector, refused);
      } finally {
        lock.exec('ROLLBACK');
        lock.close();
      }
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect((await postUntilAcked(collector)).status).toBe(202);
      expect(sqliteIds(db).has(refused.i)).toBe(false);
    } finally {
      await collector.stop();
    }
  });

  it('gets 503 with Retry-After while PostgreSQL is down, for events and stats, and 202 once it is back', async () => {
    const name = `down_${Date.now()}`;
    const url = pg.createDatabase(name);
    const port = await freePort();
    const token = 'a-stats-token-for-the-outage';
    const collector = await startCollector({
      db: url,
      port,
      manifest,
      extra: ['--rate-limit', '0', '--stats-token', token],
    });
    try {
      const before = await postUntilAcked(collector);
      expect(before.status).toBe(202);
      pg.stop();
      const refused = view(PAGE);
      let response: Response;
      let stats: Response;
      try {
        response = await post(collector, refused);
        stats = await fetch(`${collector.url}/api/stats`, { headers: { authorization: `Bearer ${token}` } });
      } finally {
        pg.start();
      }
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(stats.status).toBe(503);
      const after = await postUntilAcked(collector);
      expect(after.status).toBe(202);
      const stored = postgresIds(name);
      expect([stored.has(before.id), stored.has(refused.i), stored.has(after.id)]).toEqual([true, false, true]);
    } finally {
      await collector.stop();
    }
  });
});
