/**
 * The SQLite store's write-ahead log under steady load: a checkpointer thread copies committed
 * pages into the database file while the writer commits, the WAL file stays within its bound
 * instead of growing with every commit, and every row written is in the database afterwards.
 */
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventRow, type EventStore, openSqliteStore } from '../dist/index.js';

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sharecraft-wal-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const size = (file: string) => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};

let next = 0;
function row(): EventRow {
  next += 1;
  return {
    id: `wal-test-${String(next).padStart(12, '0')}`,
    kind: 'v',
    pageId: 'pageid0000001',
    referrerClass: 'd',
    parentToken: null,
    token: null,
    ctaId: null,
    network: null,
    viewId: null,
    engagedMs: null,
    scrollPct: null,
    formId: null,
    visitor: 'visitorhash-0123456789',
    receivedAt: Date.now(),
  };
}

/**
 * Writes small batches from `writers` loops at once (many small commits, the way beacon traffic
 * arrives) for `ms` milliseconds, sampling the WAL file's size; resolves with the rows written
 * and the largest WAL seen.
 */
async function writeSteadily(store: EventStore, file: string, ms: number, writers = 32) {
  let written = 0;
  let largestWal = 0;
  const sampler = setInterval(() => {
    largestWal = Math.max(largestWal, size(`${file}-wal`));
  }, 20);
  const until = Date.now() + ms;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (Date.now() < until) {
        const rows = [row(), row()];
        await store.insertEvents(rows);
        written += rows.length;
      }
    }),
  );
  clearInterval(sampler);
  largestWal = Math.max(largestWal, size(`${file}-wal`));
  return { written, largestWal };
}

function countRows(file: string): number {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return Number((db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n);
  } finally {
    db.close();
  }
}

describe('the SQLite write-ahead log', () => {
  it('is copied into the database file by the checkpointer while the writer keeps committing', async () => {
    const file = join(work, 'copied.db');
    // A WAL bound the writer never reaches: whatever reaches the database file, the checkpointer copied.
    const store = await openSqliteStore(file, { walPages: 1_000_000 });
    const before = size(file);
    const { written } = await writeSteadily(store, file, 1500);
    const during = size(file);
    await store.close();
    expect(written).toBeGreaterThan(1000);
    expect(during, 'the database file grew while the writer was still running').toBeGreaterThan(before + 100_000);
    expect(countRows(file)).toBe(written);
  }, 30_000);

  it('stays within its bound under steady writes, and every row is stored', async () => {
    const file = join(work, 'bounded.db');
    const walPages = 500;
    const store = await openSqliteStore(file, { walPages });
    const { written, largestWal } = await writeSteadily(store, file, 4000);
    await store.close();
    // Enough was written to fill the bound many times over: without rewinds the WAL would be far larger.
    expect(written).toBeGreaterThan(5000);
    // The writer rewinds at the bound; the file may pass it by the commits of one checkpoint round.
    expect(largestWal).toBeLessThan(walPages * 4096 * 3);
    expect(countRows(file)).toBe(written);
    // Closed cleanly: the WAL was checkpointed and removed.
    expect(size(`${file}-wal`)).toBe(0);
  }, 30_000);
});
