import { setImmediate as nextTurn } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { Draw, type DrawSetup } from '../render/draw.ts';
import { type CardJob, runJob } from '../render/job.ts';

/** Messages the pool sends a worker: its setup (when it was not known at the start), then cards to draw. */
export type PoolMessage = CardJob | { type: 'setup'; setup: DrawSetup };

/** Messages a worker sends to the pool. */
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'fatal'; error: string }
  | ({ type: 'result' } & Awaited<ReturnType<typeof runJob>>);

const port = parentPort;
if (!port) throw new Error('the card worker must run in a worker thread');

const queue: CardJob[] = [];
let draw: Draw | undefined;
let running = false;

/**
 * Draws queued jobs one at a time. Awaiting `setImmediate` between cards lets resvg-js release each
 * card's native memory; rendering in a tight loop grows by megabytes per card (see DESIGN.md).
 */
async function pump(): Promise<void> {
  if (running || !draw) return;
  running = true;
  while (queue.length > 0) {
    const job = queue.shift() as CardJob;
    const result = await runJob(draw, job);
    port?.postMessage({ type: 'result', ...result } satisfies WorkerReply);
    await nextTurn();
  }
  running = false;
}

/** Loads fonts and the template; jobs that came first wait in the queue. */
async function start(setup: DrawSetup): Promise<void> {
  try {
    draw = await Draw.create(setup);
    port?.postMessage({ type: 'ready' } satisfies WorkerReply);
    void pump();
  } catch (e) {
    port?.postMessage({ type: 'fatal', error: e instanceof Error ? e.message : String(e) } satisfies WorkerReply);
  }
}

port.on('message', (message: PoolMessage) => {
  if ('type' in message) void start(message.setup);
  else {
    queue.push(message);
    void pump();
  }
});

if (workerData) await start(workerData as DrawSetup);
