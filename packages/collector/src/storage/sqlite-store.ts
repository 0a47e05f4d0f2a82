import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { Manifest } from '@sharecraft/protocol';
import type { EventRow, EventStore } from './event-store.js';
import { GroupCommitter } from './group-commit.js';
import type { SqliteSettings } from './sqlite-engine.js';
import { SqliteWorker } from './sqlite-worker-client.js';

/** Most rows one SQLite transaction takes: a few milliseconds of inserts, so no commit waits long. */
const MAX_ROWS_PER_COMMIT = 4000;

/**
 * Opens (creating and migrating if needed) an SQLite event store at `file`; `:memory:` for a
 * throwaway one. The database runs in WAL mode with synchronous=FULL, so a commit is on disk when
 * it returns. Writes go to one worker thread and are group-committed; stats queries run on a
 * second connection in another worker, so a long query never delays an acknowledgement; a third
 * thread copies the WAL into the database file, so commits rarely do (`WalCheckpointer`).
 */
export async function openSqliteStore(file: string, settings: SqliteSettings = {}): Promise<EventStore> {
  const path = file === ':memory:' ? file : resolve(file);
  let writer: SqliteWorker;
  try {
    writer = await SqliteWorker.start(path, 'writer', settings);
  } catch (error) {
    throw new Error(`Could not open the SQLite database ${path}: ${(error as Error).message}`);
  }
  // An in-memory database exists only on its own connection, and has no WAL.
  const onDisk = path !== ':memory:';
  const reader = onDisk ? await SqliteWorker.start(path, 'reader') : writer;
  const checkpointer = onDisk ? await SqliteWorker.start(path, 'checkpointer') : undefined;
  const committer = new GroupCommitter<EventRow>({
    commit: (rows) => writer.call('insertRows', JSON.stringify(rows)),
    maxInFlight: 1,
    maxRows: MAX_ROWS_PER_COMMIT,
  });

  return {
    kind: 'sqlite',
    insertEvents: (rows) => committer.write(rows),
    recordManifest: (manifest: Manifest) => writer.call('recordManifest', manifest, Date.now()),
    knownPages: () => reader.call('knownPages'),
    knownForms: () => reader.call('knownForms'),
    dailySalt: (day) => writer.call('dailySalt', day, randomBytes(32)),
    secret: (name) => writer.call('secret', name, randomBytes(32)),
    creations: {
      insert: (creation) => writer.call('insertCreation', creation),
      hasTextSince: (textHash, sinceMs) => reader.call('hasTextSince', textHash, sinceMs),
      get: (id) => reader.call('getCreation', id),
      list: (query = {}) => reader.call('listCreations', query),
      image: (id) => reader.call('creationImage', id),
      setStatus: (id, status, atMs) => writer.call('setCreationStatus', id, status, atMs),
      delete: (id) => writer.call('deleteCreation', id),
      byReceipt: (receiptHash) => reader.call('creationByReceipt', receiptHash),
      purge: (beforeMs) => writer.call('purgeCreations', beforeMs),
      useChallenge: (signature, expiresMs) => writer.call('useChallenge', signature, expiresMs, Date.now()),
      counts: (pageId) => reader.call('creationCounts', pageId),
      tally: (fromMs, toMs, pageId) => reader.call('creationTally', fromMs, toMs, pageId),
    },
    queryStats: (range) => reader.call('queryStats', range),
    eventsForPage: (pageId) => reader.call('eventsForPage', pageId),
    metrics: () => committer.stats(),
    async close() {
      await committer.drain();
      await checkpointer?.close();
      if (reader !== writer) await reader.close();
      await writer.close();
    },
  };
}
