import { setImmediate as nextTurn } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { type CardLayout, Draw, type DrawSetup, loadSatori } from '../render/draw.ts';
import {
  type CardJob,
  type JobResult,
  type LayoutJob,
  type RasterJob,
  runJob,
  runLayout,
  runRaster,
} from '../render/job.ts';

/**
 * A layout as it crosses threads: the SVG as UTF-8 bytes, whose buffer is moved (transferred) from the
 * layout worker to the main thread and on to the drawing worker, instead of copied at each step.
 */
export type SentLayout = Omit<CardLayout, 'svg'> & { svg: Uint8Array };

/** Work the pool sends a worker: a card to lay out, a laid-out card to draw and write, or both at once. */
export type WorkerJob =
  | ({ type: 'card' } & CardJob)
  | ({ type: 'layout' } & LayoutJob)
  | ({ type: 'raster' } & Omit<RasterJob, 'layout'> & { layout: SentLayout });

/** Messages the pool sends a worker: its setup (when it was not known at the start), then jobs. */
export type PoolMessage = WorkerJob | { type: 'setup'; setup: DrawSetup };

/** Messages a worker sends to the pool. */
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'fatal'; error: string }
  /** A card laid out. */
  | { type: 'laid-out'; id: number; layout: SentLayout }
  /** A card drawn and written, or failed. */
  | ({ type: 'result' } & JobResult)
  /** The glyph cache turned the layout down: lay the card out again with paths. */
  | { type: 'needs-paths'; id: number };

const port = parentPort;
if (!port) throw new Error('the card worker must run in a worker thread');

const queue: WorkerJob[] = [];
let draw: Draw | undefined;
let running = false;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Runs a job; with the reply, the buffers to transfer. */
async function run(job: WorkerJob): Promise<[WorkerReply, ArrayBuffer[]]> {
  if (!draw) throw new Error('no drawing setup');
  if (job.type === 'card') return [{ type: 'result', ...(await runJob(draw, job)) }, []];
  if (job.type === 'layout') {
    const result = await runLayout(draw, job);
    if (!result.ok) return [{ type: 'result', ...result }, []];
    const svg = encoder.encode(result.layout.svg);
    return [{ type: 'laid-out', id: result.id, layout: { ...result.layout, svg } }, [svg.buffer as ArrayBuffer]];
  }
  const layout = { ...job.layout, svg: decoder.decode(job.layout.svg) } as CardLayout;
  const result = runRaster(draw, { ...job, layout });
  return [result ? { type: 'result', ...result } : { type: 'needs-paths', id: job.id }, []];
}

/**
 * Runs queued jobs one at a time. Awaiting `setImmediate` between jobs lets resvg-js release each card's
 * native memory; rendering in a tight loop grows by megabytes per card (see DESIGN.md).
 */
async function pump(): Promise<void> {
  if (running || !draw) return;
  running = true;
  while (queue.length > 0) {
    const [reply, transfer] = await run(queue.shift() as WorkerJob);
    port?.postMessage(reply, transfer);
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
  if (message.type === 'setup') void start(message.setup);
  else {
    queue.push(message);
    void pump();
  }
});

/** What the pool starts a worker with: its role (see `RenderPool`) and the setup, when it is known. */
export interface WorkerStart {
  role: 'layout' | 'draw';
  setup: DrawSetup | null;
}

const { role, setup } = workerData as WorkerStart;
// A layout worker loads satori now, while it waits for its setup and first card.
if (role === 'layout') void loadSatori();
if (setup) await start(setup);
