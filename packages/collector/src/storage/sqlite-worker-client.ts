import { Worker } from 'node:worker_threads';
import type { SqliteRole, SqliteSettings } from './sqlite-engine.js';
import type { EngineArgs, EngineMethod, EngineResult, WorkerReply, WorkerRequest } from './worker-protocol.js';

const WORKER_URL = new URL('./sqlite-worker.js', import.meta.url);

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** An error from the worker, with SQLite's code kept. */
function toError(error: NonNullable<WorkerReply['error']>): Error {
  return Object.assign(new Error(error.message), { code: error.code, errcode: error.errcode });
}

/**
 * One SQLite connection in a worker thread, called like an async object. Calls run in order.
 * If the worker dies, its pending calls fail and the next call starts a new one.
 */
export class SqliteWorker {
  readonly #file: string;
  readonly #role: SqliteRole;
  readonly #settings: SqliteSettings;
  #worker: Worker | undefined;
  #ready: Promise<void> | undefined;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #closing = false;

  private constructor(file: string, role: SqliteRole, settings: SqliteSettings) {
    this.#file = file;
    this.#role = role;
    this.#settings = settings;
  }

  /** Starts a worker and waits until its database is open (and, for the writer, migrated). */
  static async start(file: string, role: SqliteRole, settings: SqliteSettings = {}): Promise<SqliteWorker> {
    const client = new SqliteWorker(file, role, settings);
    await client.#spawn();
    return client;
  }

  #spawn(): Promise<void> {
    // The worker only runs node:sqlite: its ExperimentalWarning would only alarm whoever runs the
    // collector. The parent's own flags are not passed on: workers refuse V8 flags such as
    // --max-semi-space-size, and would fail to start.
    const worker = new Worker(WORKER_URL, {
      workerData: { file: this.#file, role: this.#role, settings: this.#settings },
      execArgv: ['--disable-warning=ExperimentalWarning'],
    });
    this.#worker = worker;
    this.#ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (reply: WorkerReply) => {
        if (reply.id === 0) {
          if (reply.error) reject(toError(reply.error));
          else resolve();
          return;
        }
        const pending = this.#pending.get(reply.id);
        if (!pending) return;
        this.#pending.delete(reply.id);
        if (reply.error) pending.reject(toError(reply.error));
        else pending.resolve(reply.result);
      });
      const fail = (error: Error) => {
        if (this.#worker === worker) this.#worker = undefined;
        reject(error);
        for (const pending of this.#pending.values()) pending.reject(error);
        this.#pending.clear();
      };
      worker.on('error', (error) => fail(new Error(`the SQLite worker failed: ${error.message}`)));
      worker.on('exit', (code) => fail(new Error(`the SQLite worker stopped (exit code ${code})`)));
    });
    return this.#ready;
  }

  /** Runs an engine method in the worker. */
  async call<M extends EngineMethod>(method: M, ...args: EngineArgs<M>): Promise<EngineResult<M>> {
    if (this.#closing && method !== 'close') throw new Error('the SQLite store is closed');
    if (!this.#worker) await this.#spawn();
    await this.#ready;
    const worker = this.#worker;
    if (!worker) throw new Error('the SQLite worker is not running');
    const id = this.#nextId++;
    return new Promise<EngineResult<M>>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, method, args } satisfies WorkerRequest);
    });
  }

  /** Closes the connection (after every call sent before) and ends the thread. */
  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    const worker = this.#worker;
    if (!worker) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    await this.call('close').catch(() => undefined);
    await worker.terminate();
    await exited;
  }
}
