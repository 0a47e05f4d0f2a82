/**
 * The contract every event store keeps, run against SQLite (a real file) and PostgreSQL (a real
 * server started for this file): idempotent, group-committed writes that resolve only once
 * committed, manifests kept across versions, daily salts that expire, a clean failure while the
 * database refuses writes, and the same stats from the same events.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { derivePageId } from '@sharecraft/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildStats,
  type EventRow,
  type EventStore,
  openPostgresStore,
  openSqliteStore,
  toRow,
} from '../dist/index.js';
import { startTemporaryPostgres, type TemporaryPostgres } from '../scripts/temporary-postgres.js';
import { EXPECTED, expectedWithSubmissions, MANIFESTS, QUERY, ROWS, SUBMISSIONS, TWO } from './stats-dataset.js';
import { cta, eventId, manifestOf, withImmutable } from './support.js';

let work: string;
let pg: TemporaryPostgres;
let databases = 0;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sharecraft-store-'));
  pg = await startTemporaryPostgres();
});

afterAll(async () => {
  pg?.destroy();
  await rm(work, { recursive: true, force: true });
});

/** A fresh, empty database for one test, opened (and reopened) through the adapter under test. */
interface Backend {
  name: string;
  fresh(): { open(): Promise<EventStore>; refuseWrites<T>(work: () => Promise<T>): Promise<T> };
}

const backends: Backend[] = [
  {
    name: 'SQLite',
    fresh() {
      databases += 1;
      const file = join(work, `store-${databases}.db`);
      return {
        open: () => openSqliteStore(file),
        refuseWrites: (during) => withImmutable([file, `${file}-wal`, work], during),
      };
    },
  },
  {
    name: 'PostgreSQL',
    fresh() {
      databases += 1;
      const url = pg.createDatabase(`store_${databases}`);
      return {
        open: () => openPostgresStore(url, { connectTimeout: 2 }),
        async refuseWrites(during) {
          pg.stop();
          try {
            return await during();
          } finally {
            pg.start();
          }
        },
      };
    },
  },
];

const PAGE = derivePageId('/blog/contract');

function viewRow(id = eventId(), receivedAt = Date.UTC(2025, 2, 10, 12)): EventRow {
  return toRow({ i: id, k: 'v', p: PAGE, r: 'd' }, { receivedAt, visitor: 'visitor-hash', network: null });
}

describe.each(backends)('the $name store', (backend) => {
  it('stores each event id once and says how many were new, within a call and across calls', async () => {
    const store = await backend.fresh().open();
    try {
      const [a, b, c] = [viewRow(), viewRow(), viewRow()];
      expect(await store.insertEvents([a, b])).toBe(2);
      expect(await store.insertEvents([b, c, c])).toBe(1);
      expect(await store.insertEvents([a])).toBe(0);
      expect((await store.eventsForPage(PAGE)).map((row) => row.id).sort()).toEqual([a.id, b.id, c.id].sort());
    } finally {
      await store.close();
    }
  });

  it('commits concurrent writes together, and every caller learns its own count', async () => {
    const store = await backend.fresh().open();
    try {
      const before = store.metrics().commits;
      const shared = viewRow();
      const calls = Array.from({ length: 100 }, (_, i) =>
        store.insertEvents(i === 99 ? [shared] : [viewRow(), shared]),
      );
      const counts = await Promise.all(calls);
      expect(counts[0]).toBe(2);
      expect(counts.slice(1)).toEqual(Array(99).fill(1).fill(0, 98));
      expect(store.metrics().commits - before).toBeLessThanOrEqual(2);
      expect(await store.eventsForPage(PAGE)).toHaveLength(100);
    } finally {
      await store.close();
    }
  });

  it('keeps every field of every event kind', async () => {
    const store = await backend.fresh().open();
    try {
      const at = Date.UTC(2025, 2, 10, 8);
      const rows = [
        toRow(
          { i: eventId(), k: 'v', p: PAGE, r: 's', s: 'ABCDEFGHJK' },
          { receivedAt: at, visitor: 'v1', network: null },
        ),
        toRow(
          { i: eventId(), k: 'g', p: PAGE, l: 'view-id-0000000001', t: 15_000, d: 75 },
          { receivedAt: at + 1, visitor: 'v1', network: null },
        ),
        toRow(
          { i: eventId(), k: 'q', p: PAGE, c: 'quote-1.bluesky', t: 'abcdefghjk', s: 'I0I0I0I0I0' },
          { receivedAt: at + 2, visitor: 'v1', network: 'bluesky' },
        ),
        toRow(
          { i: eventId(), k: 'x', p: PAGE, c: 'end.remix' },
          { receivedAt: at + 3, visitor: 'v2', network: 'remix' },
        ),
        toRow(
          { i: eventId(), k: 'f', p: PAGE, f: 'fan-art', s: 'abcdefghjk' },
          { receivedAt: at + 4, visitor: 'v2', network: null },
        ),
      ];
      await store.insertEvents(rows);
      const stored = await store.eventsForPage(PAGE);
      expect(stored).toEqual(rows);
      // Tokens are stored normalised, so a retyped link still joins its tree.
      expect(stored[0]?.parentToken).toBe('abcdefghjk');
      expect(stored[2]?.parentToken).toBe('1010101010');
    } finally {
      await store.close();
    }
  });

  it('commits everything queued before it closes', async () => {
    const database = backend.fresh();
    const store = await database.open();
    const rows = Array.from({ length: 500 }, () => viewRow());
    const writes = rows.map((row) => store.insertEvents([row]));
    await store.close();
    expect(await Promise.all(writes)).toEqual(Array(500).fill(1));
    const reopened = await database.open();
    try {
      expect(await reopened.eventsForPage(PAGE)).toHaveLength(500);
    } finally {
      await reopened.close();
    }
  });

  it('keeps every page and CTA of every manifest version', async () => {
    const store = await backend.fresh().open();
    try {
      await store.recordManifest(
        manifestOf('b1', { '/blog/a': { title: 'A', ctas: [cta('end.x')] }, '/blog/b': { title: 'B', ctas: [] } }),
      );
      await store.recordManifest(
        manifestOf('b2', { '/blog/a': { title: 'A', ctas: [cta('end.copy', 'copy'), cta('quote-1.x', 'quote')] } }),
      );
      await store.recordManifest(manifestOf('b2', { '/blog/a': { title: 'A', ctas: [] } }));
      const known = await store.knownPages();
      expect([...known.keys()].sort()).toEqual([derivePageId('/blog/a'), derivePageId('/blog/b')].sort());
      expect(Object.fromEntries(known.get(derivePageId('/blog/a')) ?? [])).toEqual({
        'end.x': { kind: 'share', network: 'x' },
        'end.copy': { kind: 'copy', network: null },
        'quote-1.x': { kind: 'quote', network: 'x' },
      });
      expect(known.get(derivePageId('/blog/b'))?.size).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('keeps one salt per day across restarts, and deletes it two days later', async () => {
    const database = backend.fresh();
    const day = 20_000;
    let store = await database.open();
    const first = await store.dailySalt(day);
    expect(first).toHaveLength(32);
    expect(await store.dailySalt(day)).toEqual(first);
    await store.close();
    store = await database.open();
    try {
      expect(await store.dailySalt(day)).toEqual(first);
      const next = await store.dailySalt(day + 1);
      expect(next).not.toEqual(first);
      // Yesterday's salt survives today; the day after tomorrow it is gone, and asking for that day makes a new one.
      expect(await store.dailySalt(day)).toEqual(first);
      await store.dailySalt(day + 2);
      expect(await store.dailySalt(day)).not.toEqual(first);
    } finally {
      await store.close();
    }
  });

  it('fails a write while the database refuses it, stores none of it, and works again afterwards', async () => {
    const database = backend.fresh();
    const store = await database.open();
    try {
      const before = viewRow();
      await store.insertEvents([before]);
      const refused = [viewRow(), viewRow()];
      await database.refuseWrites(async () => {
        await expect(store.insertEvents(refused)).rejects.toThrow();
      });
      const after = viewRow();
      expect(await store.insertEvents([after])).toBe(1);
      const ids = (await store.eventsForPage(PAGE)).map((row) => row.id);
      expect(ids.sort()).toEqual([before.id, after.id].sort());
    } finally {
      await store.close();
    }
  }, 30_000);

  it('computes the hand-counted stats of a known history', async () => {
    const store = await backend.fresh().open();
    try {
      for (const manifest of MANIFESTS) await store.recordManifest(manifest);
      await store.insertEvents(ROWS);
      const range = { from: QUERY.fromDay * 86_400_000, to: (QUERY.toDay + 1) * 86_400_000 };
      expect(buildStats(await store.queryStats(range), QUERY)).toEqual(EXPECTED);
      const onePage = buildStats(await store.queryStats({ ...range, pageId: TWO }), { ...QUERY, pageId: TWO });
      expect(onePage.pages).toEqual([EXPECTED.pages[1]]);
      expect(onePage.totals).toEqual({ views: 1, visitors: 1, engagedViews: 0, shares: 0, remixes: 0, creations: 0 });
    } finally {
      await store.close();
    }
  });

  it('attributes submissions to share generations, and counts them by kind per page and per day', async () => {
    const store = await backend.fresh().open();
    try {
      for (const manifest of MANIFESTS) await store.recordManifest(manifest);
      await store.insertEvents(ROWS);
      for (const submission of SUBMISSIONS) await store.creations.insert(submission);
      const range = { from: QUERY.fromDay * 86_400_000, to: (QUERY.toDay + 1) * 86_400_000 };
      const tally = await store.creations.tally(range.from, range.to);
      expect(buildStats(await store.queryStats(range), QUERY, tally)).toEqual(expectedWithSubmissions());
      const onePage = buildStats(
        await store.queryStats({ ...range, pageId: TWO }),
        { ...QUERY, pageId: TWO },
        await store.creations.tally(range.from, range.to, TWO),
      );
      expect(onePage.pages).toEqual([expectedWithSubmissions().pages[1]]);
      expect(onePage.submittedByKind).toEqual({ creation: 1, letter: 0, mention: 0 });
    } finally {
      await store.close();
    }
  });
});
