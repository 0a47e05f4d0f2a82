import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashValue } from './assets/hash.ts';
import { ImageStore } from './assets/image-store.ts';
import { CardCache, writeCardFiles } from './cache/card-cache.ts';
import { CardsError, error, MessageLog } from './messages.ts';
import { type ResolvedConfig, resolveConfig, rootOf } from './options/resolve-options.ts';
import { PoolFailure } from './pool/pool.ts';
import { cardData, type PreparedPost, preparePost } from './post/prepare-post.ts';
import type { DrawSetup } from './render/draw.ts';
import { type CardDrawer, openDrawer, startPool } from './render/drawer.ts';
import type { CardJob } from './render/job.ts';
import type { CardData, CardOutcome, CardPost, CardVariant, RenderCardsOptions, RenderCardsResult } from './types.ts';

/** The default cache directory, relative to `root`. */
export const DEFAULT_CACHE_DIR = 'node_modules/.cache/sharecraft-cards';

interface Task {
  prepared: PreparedPost;
  variant: CardVariant;
  card: CardData;
  key: string;
  file: string;
  path: string;
}

/**
 * A post id as a file path: each `/`-separated part kept to letters, digits, `.`, `_` and `-`; the square
 * card gets a `-square` suffix. `blog/Hello World!` → `blog/Hello-World.png`.
 */
export function defaultCardFileName(post: CardPost, variant: CardVariant): string {
  const parts = post.id
    .split(/[\\/]+/)
    .map((s) =>
      s
        .normalize('NFKC')
        .replace(/[^\p{L}\p{N}._-]+/gu, '-')
        .replace(/^[-.]+|[-.]+$/g, ''),
    )
    .filter(Boolean);
  return `${parts.join('/') || 'index'}${variant === 'square' ? '-square' : ''}.png`;
}

/** The cache key of one card: the config's identity, the variant, the post's data and its image's hash. */
export function cardKey(config: ResolvedConfig, card: CardData, imageHash: string | null): string {
  const { brand: _brand, colors: _colors, fontFamily: _fontFamily, image: _image, ...post } = card;
  return hashValue({ config: config.identity, post, image: imageHash });
}

function dirPath(value: string | URL, root: string): string {
  if (value instanceof URL || String(value).startsWith('file:')) return fileURLToPath(value);
  return isAbsolute(String(value)) ? String(value) : resolve(root, String(value));
}

/** Runs `fn` over items with at most `limit` at a time, keeping order. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

/**
 * Renders the share cards of many posts into `outDir`: unchanged cards are copied from the cache, the
 * others drawn across worker threads. A bad post never stops the others; every problem is a message naming
 * the post or option. In strict mode the run still tries every post, then rejects with a {@link CardsError}.
 *
 * @example
 * const result = await renderCards(posts, { outDir: 'dist/_sharecraft/cards', brand: { name: 'Northwind' } });
 * console.log(`${result.rendered} rendered, ${result.reused} reused, ${result.removed} removed`);
 */
export async function renderCards(posts: readonly CardPost[], options: RenderCardsOptions): Promise<RenderCardsResult> {
  const log = new MessageLog(options.strict === true, options.onMessage);
  const root = rootOf(options.root);
  const cache = await CardCache.open(
    options.cacheDir === false ? null : dirPath(options.cacheDir ?? DEFAULT_CACHE_DIR, root),
  );
  // Worker threads take a few hundred milliseconds to start (loading satori, resvg and HarfBuzz, then
  // warming up). When the cache holds fewer cards than the posts could need, they are started first and
  // load while the options are resolved and the posts checked; their setup follows. A template given as a
  // function is drawn on this thread (functions cannot cross threads), so it waits for the options.
  const concurrency = options.concurrency ?? availableParallelism();
  const most = posts.length * (options.square ? 2 : 1);
  // As openDrawer sizes it: one worker would be no better than this thread.
  const workers = Math.min(Math.floor(concurrency), most);
  let early: Promise<CardDrawer> | undefined;
  let giveSetup: (setup: DrawSetup) => void = () => {};
  if (cache.size < most && typeof options.template !== 'function' && workers > 1) {
    const setup = new Promise<DrawSetup>((resolve) => {
      giveSetup = resolve;
    });
    early = Promise.resolve(startPool(setup, workers));
  }
  let config: ResolvedConfig;
  try {
    config = await resolveConfig(options, log);
  } catch (e) {
    // Workers waiting for a setup never get one: they are stopped.
    await (await early)?.close();
    throw e;
  }
  giveSetup(config.draw);
  const outDir = dirPath(options.outDir, config.root);
  const images = new ImageStore(cache.images);
  const fileName = options.fileName ?? defaultCardFileName;
  const outcomes: CardOutcome[] = [];
  const counts = { rendered: 0, reused: 0, failed: 0 };

  // 1. Check every post and work out each card's key and file.
  const ids = new Set<string>();
  const files = new Map<string, string>();
  const valid = posts.filter((post, i) => {
    if (!post || typeof post.id !== 'string' || !post.id) {
      log.add(error('invalid-post', `Share cards: posts[${i}] has no id; it gets no card.`, { option: `posts[${i}]` }));
      return false;
    }
    if (ids.has(post.id)) {
      log.add(
        error('duplicate-post', `Share cards: post "${post.id}" is listed twice; the second one is skipped.`, {
          postId: post.id,
        }),
      );
      return false;
    }
    ids.add(post.id);
    return true;
  });
  // Without workers started above, a drawer (this thread's, for a function template) is opened here when
  // some card must be drawn.
  const expected = valid.length * config.variants.length;
  if (!early && cache.size < expected) early = openDrawer(config, expected, concurrency);
  const tasks: Task[] = [];
  try {
    const prepared = await mapLimit(valid, 16, (post) => preparePost(post, config, images, log));
    for (const p of prepared) {
      for (const variant of config.variants) {
        const card = cardData(p, variant);
        const key = cardKey(config, card, p.imageHash);
        let path: string;
        try {
          path = String(fileName(p.post, variant)).split(sep).join('/');
        } catch (e) {
          counts.failed++;
          const why = e instanceof Error ? e.message : String(e);
          log.add(
            error('invalid-post', `Share cards: post "${p.post.id}": fileName threw: ${why}.`, { postId: p.post.id }),
          );
          outcomes.push({ postId: p.post.id, variant, status: 'failed', key, ...sizeOf(card) });
          continue;
        }
        const file = resolve(outDir, path);
        const rel = relative(outDir, file);
        if (!rel || rel.startsWith('..') || isAbsolute(rel)) {
          counts.failed++;
          log.add(
            error(
              'invalid-post',
              `Share cards: post "${p.post.id}": its ${variant} card file "${path}" is outside the output directory.`,
              { postId: p.post.id },
            ),
          );
          outcomes.push({ postId: p.post.id, variant, status: 'failed', key, ...sizeOf(card) });
          continue;
        }
        const other = files.get(file);
        if (other) {
          counts.failed++;
          log.add(
            error(
              'duplicate-post',
              `Share cards: posts "${other}" and "${p.post.id}" both map to ${path}; the second gets no ${variant} card.`,
              { postId: p.post.id },
            ),
          );
          outcomes.push({ postId: p.post.id, variant, status: 'failed', key, ...sizeOf(card) });
          continue;
        }
        files.set(file, p.post.id);
        tasks.push({ prepared: p, variant, card, key, file, path });
      }
    }

    const total = tasks.length;
    let done = 0;
    const progress = (task: Task) => {
      done++;
      options.onProgress?.({ done, total, ...counts, postId: task.card.id, variant: task.variant });
    };
    const made = new Set<string>();
    const ensureDir = async (dir: string) => {
      if (made.has(dir)) return;
      await mkdir(dir, { recursive: true });
      made.add(dir);
    };

    // 2. Copy what the cache has.
    const toDraw: Task[] = [];
    await mapLimit(tasks, 32, async (task) => {
      await ensureDir(dirname(task.file));
      const entry = cache.get(task.key);
      if (entry && (await cache.copyTo(task.key, task.file))) {
        for (const m of entry.messages) log.add(m);
        counts.reused++;
        outcomes.push({
          postId: task.card.id,
          variant: task.variant,
          status: 'reused',
          file: task.file,
          path: task.path,
          key: task.key,
          ...sizeOf(task.card),
        });
        progress(task);
      } else toDraw.push(task);
    });

    // 3. Draw the rest.
    if (toDraw.length === 0) await (await early)?.close();
    else {
      const drawer = await (early ?? openDrawer(config, toDraw.length, concurrency));
      try {
        await Promise.all(
          toDraw.map(async (task, id) => {
            const job: CardJob = {
              id,
              card: task.card,
              image: task.prepared.image,
              imageHash: task.prepared.imageHash,
              output: { file: task.file, cacheFile: cache.fileFor(task.key) },
            };
            const outcome = await drawOne(drawer, job, task, cache, log);
            counts[outcome.status === 'failed' ? 'failed' : 'rendered']++;
            outcomes.push(outcome);
            progress(task);
          }),
        );
      } finally {
        await drawer.close();
      }
    }
  } catch (e) {
    // Workers started early must not outlive a run that failed before it drew.
    await (await early)?.close();
    throw e;
  }

  // 4. Forget what no post uses any more.
  const removed = options.prune === false ? 0 : await cache.prune();
  await cache.save(images.toJSON());

  const order = new Map(tasks.map((t, i) => [`${t.card.id}\u0000${t.variant}`, i]));
  outcomes.sort(
    (a, b) => (order.get(`${a.postId}\u0000${a.variant}`) ?? -1) - (order.get(`${b.postId}\u0000${b.variant}`) ?? -1),
  );
  if (config.strict && log.errors.length > 0) throw new CardsError(log.errors, 'Share cards failed (strict mode)');
  return { cards: outcomes, ...counts, removed, messages: log.messages };
}

function sizeOf(card: CardData): { width: number; height: number } {
  return { width: card.width, height: card.height };
}

async function drawOne(
  drawer: CardDrawer,
  job: CardJob,
  task: Task,
  cache: CardCache,
  log: MessageLog,
): Promise<CardOutcome> {
  const base = { postId: task.card.id, variant: task.variant, key: task.key, ...sizeOf(task.card) };
  let result: Awaited<ReturnType<CardDrawer['run']>>;
  try {
    result = await drawer.run(job);
  } catch (e) {
    const why = e instanceof PoolFailure ? e.message : String(e);
    log.add(error('render-failed', `Share cards: cards could not be drawn: ${why}.`, { option: 'template' }));
    return { ...base, status: 'failed' };
  }
  for (const m of result.messages) log.add(m);
  if (!result.ok) {
    log.add(
      error(
        'render-failed',
        `Share cards: post "${task.card.id}": its ${task.variant} card could not be drawn: ${result.error}.`,
        { postId: task.card.id },
      ),
    );
    return { ...base, status: 'failed' };
  }
  // The drawing thread wrote the PNG (job.output); it comes back only from a drawer that did not.
  if (result.png) writeCardFiles(result.png, task.file, cache.fileFor(task.key));
  cache.add(task.key, { postId: task.card.id, variant: task.variant, ...sizeOf(task.card), messages: result.messages });
  return { ...base, status: 'rendered', file: task.file, path: task.path };
}
