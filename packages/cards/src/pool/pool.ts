import { Worker } from 'node:worker_threads';
import type { DrawSetup } from '../render/draw.ts';
import type { CardJob, JobResult } from '../render/job.ts';
import type { PoolMessage, WorkerReply } from './worker.ts';

/** Thrown for every job when a worker cannot start (its template module fails to load, say). */
export class PoolFailure extends Error {
  override readonly name = 'PoolFailure';
}

/** Jobs a worker holds at once: one drawing, one waiting, so it never idles while the main thread writes files. */
const IN_FLIGHT = 2;

/** Worker heap limits (MB): young generation small so garbage is collected early; old generation capped. */
const HEAP_LIMITS = { maxYoungGenerationSizeMb: 12, maxOldGenerationSizeMb: 160 };

const WORKER_URL = new URL(`./worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

interface Slot {
  worker: Worker;
  jobs: Set<number>;
}

interface Pending {
  job: CardJob;
  resolve: (r: JobResult) => void;
  reject: (e: Error) => void;
}

/** A fixed set of worker threads drawing cards, fed from one queue. */
export class RenderPool {
  readonly #slots: Slot[] = [];
  readonly #queue: CardJob[] = [];
  readonly #pending = new Map<number, Pending>();
  /** Jobs a worker died holding: retried alone on a fresh worker, so one bad card cannot take others down. */
  readonly #suspects = new Set<number>();
  #failure: PoolFailure | undefined;
  #closed = false;

  /** What every worker draws with; until it is known, workers start loading and wait for it. */
  #setup: DrawSetup | undefined;

  /**
   * Starts `size` workers. `setup` may still be on its way: the workers then load their modules in the
   * meantime and are sent it when it comes.
   */
  constructor(size: number, setup: DrawSetup | Promise<DrawSetup>) {
    if (setup instanceof Promise) {
      setup.then(
        (known) => {
          this.#setup = known;
          for (const slot of this.#slots)
            slot.worker.postMessage({ type: 'setup', setup: known } satisfies PoolMessage);
        },
        // The caller closes the pool when it has no setup to give.
        () => {},
      );
    } else this.#setup = setup;
    for (let i = 0; i < size; i++) this.#slots.push(this.#spawn());
  }

  /**
   * Starts a worker. Its V8 heap is kept small: satori makes a lot of short-lived garbage, and left to
   * itself V8 lets each thread's heap grow to hundreds of megabytes before collecting it.
   */
  #spawn(): Slot {
    const worker = new Worker(WORKER_URL, { workerData: this.#setup ?? null, resourceLimits: HEAP_LIMITS });
    const slot: Slot = { worker, jobs: new Set() };
    worker.on('message', (reply: WorkerReply) => this.#onReply(slot, reply));
    worker.on('error', (e) => this.#lost(slot, `a card worker crashed (${e.message})`));
    worker.on('exit', (code) => this.#lost(slot, `a card worker stopped (exit code ${code})`));
    return slot;
  }

  /**
   * A worker died (out of memory on a huge image, say). It is replaced; the cards it held are tried again,
   * each alone on a worker. A card that was already being retried alone fails, naming the cause.
   */
  #lost(slot: Slot, why: string): void {
    if (this.#closed || this.#failure || !this.#slots.includes(slot)) return;
    const retry: CardJob[] = [];
    for (const id of slot.jobs) {
      const pending = this.#pending.get(id);
      if (!pending) continue;
      if (this.#suspects.has(id)) {
        pending.resolve({ id, ok: false, error: `${why} while drawing it`, messages: [] });
        this.#pending.delete(id);
      } else {
        this.#suspects.add(id);
        retry.push(pending.job);
      }
    }
    slot.jobs.clear();
    this.#queue.unshift(...retry);
    this.#slots[this.#slots.indexOf(slot)] = this.#spawn();
    this.#dispatch();
  }

  /** Draws one card on whichever worker is free first. */
  run(job: CardJob): Promise<JobResult> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#pending.set(job.id, { job, resolve, reject });
      this.#queue.push(job);
      this.#dispatch();
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#slots.map((s) => s.worker.terminate()));
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      while (slot.jobs.size < IN_FLIGHT && this.#queue.length > 0) {
        const next = this.#queue[0] as CardJob;
        const holdsSuspect = [...slot.jobs].some((id) => this.#suspects.has(id));
        if (holdsSuspect || (this.#suspects.has(next.id) && slot.jobs.size > 0)) break;
        this.#queue.shift();
        slot.jobs.add(next.id);
        slot.worker.postMessage(next satisfies PoolMessage);
      }
    }
  }

  #onReply(slot: Slot, reply: WorkerReply): void {
    if (reply.type === 'ready') return;
    if (reply.type === 'fatal') this.#fail(reply.error);
    else {
      const { type: _type, ...result } = reply;
      slot.jobs.delete(result.id);
      this.#pending.get(result.id)?.resolve(result);
      this.#pending.delete(result.id);
      this.#dispatch();
    }
  }

  #fail(message: string): void {
    if (this.#failure) return;
    this.#failure = new PoolFailure(message);
    for (const { reject } of this.#pending.values()) reject(this.#failure);
    this.#pending.clear();
    this.#queue.length = 0;
  }
}
