/**
 * Worker-thread entry: owns one SQLite connection and runs the engine's methods on request, so
 * blocking SQLite calls (and the disk flush of each commit) never stall the collector's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteEngine, type SqliteRole } from './sqlite-engine.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('sqlite-worker.js runs as a worker thread');

const { file, role } = workerData as { file: string; role: SqliteRole };

/** How often the reader thread checkpoints the WAL. */
const CHECKPOINT_EVERY_MS = 1000;

function errorReply(id: number, error: unknown): WorkerReply {
  const { message, code, errcode } = error as { message?: string; code?: string; errcode?: number };
  return { id, error: { message: String(message ?? error), code, errcode } };
}

let engine: SqliteEngine;
try {
  engine = new SqliteEngine(file, role);
  port.postMessage({ id: 0, result: 'ready' } satisfies WorkerReply);
} catch (error) {
  port.postMessage(errorReply(0, error));
  process.exit(0);
}

// The reader's thread also checkpoints the WAL, off the writer's path.
if (role === 'reader') {
  setInterval(() => {
    try {
      engine.checkpoint();
    } catch {
      // A busy or unwritable database: the writer's own checkpoint is the backstop.
    }
  }, CHECKPOINT_EVERY_MS).unref();
}

port.on('message', (request: WorkerRequest) => {
  try {
    const method = engine[request.method] as (...args: unknown[]) => unknown;
    const result = method.apply(engine, request.args);
    port.postMessage({ id: request.id, result } satisfies WorkerReply);
    if (request.method === 'close') port.close();
  } catch (error) {
    port.postMessage(errorReply(request.id, error));
  }
});
