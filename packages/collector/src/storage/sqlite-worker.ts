/**
 * Worker-thread entry: owns one SQLite connection and runs the engine's methods on request, so
 * blocking SQLite calls (and the disk flush of each commit) never stall the collector's event loop.
 * The `checkpointer` role instead copies the WAL into the database file on a timer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteEngine, type SqliteRole, type SqliteSettings } from './sqlite-engine.js';
import { CHECKPOINT_EVERY_MS, WalCheckpointer } from './wal-checkpointer.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('sqlite-worker.js runs as a worker thread');

const { file, role, settings } = workerData as { file: string; role: SqliteRole; settings: SqliteSettings };

function errorReply(id: number, error: unknown): WorkerReply {
  const { message, code, errcode } = error as { message?: string; code?: string; errcode?: number };
  return { id, error: { message: String(message ?? error), code, errcode } };
}

let engine: SqliteEngine | WalCheckpointer;
try {
  engine = role === 'checkpointer' ? new WalCheckpointer(file) : new SqliteEngine(file, role, settings);
  port.postMessage({ id: 0, result: 'ready' } satisfies WorkerReply);
} catch (error) {
  port.postMessage(errorReply(0, error));
  process.exit(0);
}

if (engine instanceof WalCheckpointer) {
  const checkpointer = engine;
  const run = () => {
    try {
      checkpointer.catchUp();
    } catch {
      // A busy or unwritable database: the next round tries again, the writer's own checkpoint is the backstop.
    }
    timer.refresh();
  };
  const timer = setTimeout(run, CHECKPOINT_EVERY_MS).unref();
}

port.on('message', (request: WorkerRequest) => {
  try {
    const method = (engine as unknown as Record<string, (...args: unknown[]) => unknown>)[request.method];
    if (typeof method !== 'function') throw new Error(`the SQLite ${role} does not answer ${request.method}`);
    const result = method.apply(engine, request.args);
    port.postMessage({ id: request.id, result } satisfies WorkerReply);
    if (request.method === 'close') port.close();
  } catch (error) {
    port.postMessage(errorReply(request.id, error));
  }
});
