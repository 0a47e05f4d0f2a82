import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ResolvedConfig } from '../options/resolve-options.ts';
import { PoolFailure, RenderPool } from '../pool/pool.ts';
import type { Draw, DrawSetup } from './draw.ts';
import { type CardJob, type JobResult, runJob } from './job.ts';
import { keepNativeMemoryBetweenCards } from './native-memory.ts';

/** Draws cards, on worker threads or on this one; the caller does not need to know which. */
export interface CardDrawer {
  run(job: CardJob): Promise<JobResult>;
  close(): Promise<void>;
}

/** Draws on this thread, one card at a time, yielding between cards (resvg-js frees memory then). */
class InProcessDrawer implements CardDrawer {
  readonly #draw: Promise<Draw>;
  #chain: Promise<unknown> = Promise.resolve();

  constructor(config: ResolvedConfig) {
    // Imported only when something is drawn: satori alone costs ~45 MB, and a warm build draws nothing.
    this.#draw = import('./draw.ts').then(({ Draw }) => Draw.create(config.draw, config.templateFn));
    this.#draw.catch(() => {});
  }

  run(job: CardJob): Promise<JobResult> {
    const result = this.#chain.then(async () => {
      let draw: Draw;
      try {
        draw = await this.#draw;
      } catch (e) {
        throw new PoolFailure(e instanceof Error ? e.message : String(e));
      }
      const out = await runJob(draw, job);
      await nextTurn();
      return out;
    });
    this.#chain = result.catch(() => {});
    return result;
  }

  async close(): Promise<void> {
    await this.#draw.catch(() => undefined);
  }
}

class PoolDrawer implements CardDrawer {
  readonly #pool: RenderPool;

  constructor(setup: DrawSetup | Promise<DrawSetup>, size: number) {
    this.#pool = new RenderPool(size, setup);
  }

  run(job: CardJob): Promise<JobResult> {
    return this.#pool.run(job);
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}

/**
 * Picks where to draw: worker threads (as many as `concurrency`, never more than there are cards), or this
 * thread when one worker would do, or when the template is a function (functions cannot cross threads).
 */
export async function openDrawer(config: ResolvedConfig, cards: number, concurrency: number): Promise<CardDrawer> {
  const size = Math.max(1, Math.min(Math.floor(concurrency), cards));
  keepNativeMemoryBetweenCards();
  if (config.templateFn || size <= 1) return new InProcessDrawer(config);
  return new PoolDrawer(config.draw, size);
}

/**
 * Starts `size` worker threads before the setup is known (see {@link RenderPool}): for a template that is
 * not a function, which is known before the options are resolved.
 */
export function startPool(setup: Promise<DrawSetup>, size: number): CardDrawer {
  keepNativeMemoryBetweenCards();
  return new PoolDrawer(setup, size);
}
