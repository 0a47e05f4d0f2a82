import { Worker } from 'node:worker_threads';
import type { DrawSetup } from '../render/draw.ts';
import type { CardJob, JobResult } from '../render/job.ts';
import type { PoolMessage, SentLayout, WorkerJob, WorkerReply, WorkerStart } from './worker.ts';

/** Thrown for every job when a worker cannot start (its template module fails to load, say). */
export class PoolFailure extends Error {
  override readonly name = 'PoolFailure';
}

/** Jobs a worker holds at once: one running, one waiting, so it never idles while the main thread replies. */
const IN_FLIGHT = 2;

/**
 * Laid-out cards waiting to be drawn at which a layout worker draws one itself instead of laying out the
 * next: text cards draw faster than they lay out and never reach it; picture cards, whose drawing is most
 * of their cost, do, and then both kinds of worker draw.
 */
const DRAW_BACKLOG = 4;

/** Worker heap limits (MB): young generation small so garbage is collected early; old generation capped. */
const HEAP_LIMITS = { maxYoungGenerationSizeMb: 12, maxOldGenerationSizeMb: 160 };

const WORKER_URL = new URL(`./worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/** What a worker mostly does: lay cards out (satori), or draw laid-out cards (glyph cache, resvg). */
type Role = WorkerStart['role'];

interface Slot {
  worker: Worker;
  role: Role;
  jobs: Set<number>;
}

interface Pending {
  job: CardJob;
  /**
   * Set once the card is laid out, until it is sent to be drawn (its buffer goes with it): a card without
   * one is laid out (again, if the worker drawing it died).
   */
  layout?: SentLayout;
  /** Lay it out with paths: the glyph cache turned its first layout down. */
  paths: boolean;
  resolve: (r: JobResult) => void;
  reject: (e: Error) => void;
}

/**
 * A fixed set of worker threads drawing cards. Cards without a post picture are drawn in two steps: half
 * of the workers (rounded up) lay them out, the others draw the laid-out cards and write them, so each
 * library is loaded and optimised by V8 on fewer threads (satori where cards are laid out, the glyph
 * cache where they are drawn). A layout worker also draws when laid-out cards pile up or nothing is left
 * to lay out. Picture cards are drawn whole by whichever worker is free: their SVGs carry the picture, and
 * handing megabytes from thread to thread raised peak memory by a fifth (measured) for no gain in time.
 */
export class RenderPool {
  readonly #slots: Slot[] = [];
  /** Cards waiting to be laid out, laid-out cards waiting to be drawn, and cards to draw whole. */
  readonly #toLayOut: number[] = [];
  readonly #toDraw: number[] = [];
  readonly #whole: number[] = [];
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
    const layout = Math.ceil(size / 2);
    for (let i = 0; i < size; i++) this.#slots.push(this.#spawn(i < layout ? 'layout' : 'draw'));
  }

  /**
   * Starts a worker. Its V8 heap is kept small: satori makes a lot of short-lived garbage, and left to
   * itself V8 lets each thread's heap grow to hundreds of megabytes before collecting it.
   */
  #spawn(role: Role): Slot {
    const workerData: WorkerStart = { role, setup: this.#setup ?? null };
    const worker = new Worker(WORKER_URL, { workerData, resourceLimits: HEAP_LIMITS });
    const slot: Slot = { worker, role, jobs: new Set() };
    worker.on('message', (reply: WorkerReply) => this.#onReply(slot, reply));
    worker.on('error', (e) => this.#lost(slot, `a card worker crashed (${e.message})`));
    worker.on('exit', (code) => this.#lost(slot, `a card worker stopped (exit code ${code})`));
    return slot;
  }

  /**
   * A worker died (out of memory on a huge image, say). It is replaced; the cards it held are tried again
   * at the step they were at, each alone on a worker. A card that was already being retried alone fails,
   * naming the cause.
   */
  #lost(slot: Slot, why: string): void {
    if (this.#closed || this.#failure || !this.#slots.includes(slot)) return;
    const retry: number[] = [];
    for (const id of slot.jobs) {
      const pending = this.#pending.get(id);
      if (!pending) continue;
      if (this.#suspects.has(id)) this.#finish(id, { id, ok: false, error: `${why} while drawing it`, messages: [] });
      else {
        this.#suspects.add(id);
        retry.push(id);
      }
    }
    slot.jobs.clear();
    // A card being drawn gave its layout to the dead worker: it is laid out again.
    this.#whole.unshift(...retry.filter((id) => this.#pending.get(id)?.job.image));
    this.#toLayOut.unshift(...retry.filter((id) => !this.#pending.get(id)?.job.image));
    this.#slots[this.#slots.indexOf(slot)] = this.#spawn(slot.role);
    this.#dispatch();
  }

  /** Draws one card. */
  run(job: CardJob): Promise<JobResult> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#pending.set(job.id, { job, paths: false, resolve, reject });
      (job.image ? this.#whole : this.#toLayOut).push(job.id);
      this.#dispatch();
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#slots.map((s) => s.worker.terminate()));
  }

  /** Which queue `slot` takes its next job from, if any. */
  #queueFor(slot: Slot): number[] | null {
    const first = (...queues: number[][]) => queues.find((q) => q.length > 0) ?? null;
    if (slot.role === 'draw') return first(this.#toDraw, this.#whole);
    if (this.#toDraw.length >= DRAW_BACKLOG) return this.#toDraw;
    return first(this.#toLayOut, this.#whole, this.#toDraw);
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      while (slot.jobs.size < IN_FLIGHT) {
        const queue = this.#queueFor(slot);
        const next = queue?.[0];
        if (!queue || next === undefined) break;
        const holdsSuspect = [...slot.jobs].some((id) => this.#suspects.has(id));
        if (holdsSuspect || (this.#suspects.has(next) && slot.jobs.size > 0)) break;
        queue.shift();
        const pending = this.#pending.get(next);
        if (!pending) continue;
        slot.jobs.add(next);
        const message = this.#message(next, pending);
        if (message.type === 'raster') {
          pending.layout = undefined;
          slot.worker.postMessage(message satisfies PoolMessage, [message.layout.svg.buffer as ArrayBuffer]);
        } else slot.worker.postMessage(message satisfies PoolMessage);
      }
    }
  }

  #message(id: number, pending: Pending): WorkerJob {
    const { layout, job } = pending;
    if (job.image) return { type: 'card', ...job };
    if (layout) return { type: 'raster', id, layout, ...(job.output ? { output: job.output } : {}) };
    return { type: 'layout', id, job, paths: pending.paths };
  }

  #onReply(slot: Slot, reply: WorkerReply): void {
    if (reply.type === 'ready') return;
    if (reply.type === 'fatal') {
      this.#fail(reply.error);
      return;
    }
    slot.jobs.delete(reply.id);
    const pending = this.#pending.get(reply.id);
    if (pending) {
      if (reply.type === 'needs-paths') {
        pending.layout = undefined;
        pending.paths = true;
        this.#toLayOut.unshift(reply.id);
      } else if (reply.type === 'laid-out') {
        pending.layout = reply.layout;
        this.#toDraw.push(reply.id);
      } else {
        const { type: _type, ...result } = reply;
        this.#finish(reply.id, result);
      }
    }
    this.#dispatch();
  }

  #finish(id: number, result: JobResult): void {
    this.#pending.get(id)?.resolve(result);
    this.#pending.delete(id);
  }

  #fail(message: string): void {
    if (this.#failure) return;
    this.#failure = new PoolFailure(message);
    for (const { reject } of this.#pending.values()) reject(this.#failure);
    this.#pending.clear();
    this.#toLayOut.length = 0;
    this.#toDraw.length = 0;
    this.#whole.length = 0;
  }
}
