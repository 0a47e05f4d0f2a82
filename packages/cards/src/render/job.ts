import { readImage, toCardImage } from '../assets/image.ts';
import { writeCardFiles } from '../cache/card-cache.ts';
import { type CardMessage, warning } from '../messages.ts';
import type { CardData } from '../types.ts';
import type { CardLayout, Draw } from './draw.ts';
import type { ShownImages } from './shown-images.ts';

/** One card to draw, as sent to a worker thread. */
export interface CardJob {
  id: number;
  card: CardData;
  image: { path: string } | { bytes: Uint8Array } | null;
  /** The image's content hash: equal pictures are read and drawn once per thread. */
  imageHash: string | null;
  /** Where the drawing thread writes the PNG (and its copy in the cache); without it the PNG is returned. */
  output?: { file: string; cacheFile: string | null };
}

/** A drawn card, or why it could not be drawn. */
export type JobResult =
  | { id: number; ok: true; png: Uint8Array | null; messages: CardMessage[] }
  | { id: number; ok: false; error: string; messages: CardMessage[] };

/**
 * Fills in the card's image (read here, on the drawing thread, so the main thread never holds them all;
 * with `memo`, a picture an earlier card of this thread had is not read again).
 */
export async function withImage(job: CardJob, messages: CardMessage[], memo?: ShownImages): Promise<CardData> {
  const source = job.image;
  if (!source) return job.card;
  let problem = '';
  const load = async () => {
    const read = await readImage(source);
    if ('problem' in read) {
      problem = read.detail;
      return null;
    }
    return toCardImage(read.bytes, read.info);
  };
  const image = memo && job.imageHash ? await memo.original(job.imageHash, load) : await load();
  if (!image) {
    const what = 'path' in source ? source.path : 'the given bytes';
    messages.push(
      warning(
        'image-not-found',
        `Share cards: post "${job.card.id}": the image ${what} could not be read (${problem}); the card is drawn without it.`,
        {
          postId: job.card.id,
          file: what,
        },
      ),
    );
    return job.card;
  }
  return { ...job.card, image };
}

/** Draws one job's PNG. Never throws: a failure comes back as a result naming the cause. */
export async function runJob(draw: Draw, job: CardJob): Promise<JobResult> {
  const messages: CardMessage[] = [];
  try {
    const card = await withImage(job, messages, draw.images);
    const drawn = await draw.png(card, job.imageHash);
    if (job.output) {
      try {
        writeCardFiles(drawn.png, job.output.file, job.output.cacheFile);
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        return { id: job.id, ok: false, error: `it could not be written (${why})`, messages };
      }
      return { id: job.id, ok: true, png: null, messages: [...messages, ...drawn.messages] };
    }
    return { id: job.id, ok: true, png: drawn.png, messages: [...messages, ...drawn.messages] };
  } catch (e) {
    return { id: job.id, ok: false, error: e instanceof Error ? e.message : String(e), messages };
  }
}

/** A card to lay out, on the thread that lays cards out (see {@link Draw.layout}). */
export interface LayoutJob {
  id: number;
  job: CardJob;
  /** Lay it out with embedded glyph paths: the glyph cache turned its first layout down. */
  paths: boolean;
}

/** A card laid out, or why it could not be: then it is done. */
export type LayoutResult = { id: number; ok: true; layout: CardLayout } | Extract<JobResult, { ok: false }>;

/** Reads the card's image and lays the card out. Never throws. */
export async function runLayout(draw: Draw, { id, job, paths }: LayoutJob): Promise<LayoutResult> {
  const messages: CardMessage[] = [];
  try {
    const card = await withImage(job, messages, draw.images);
    const layout = await draw.layout(card, job.imageHash, paths);
    return { id, ok: true, layout: { ...layout, messages: [...messages, ...layout.messages] } };
  } catch (e) {
    return { id, ok: false, error: e instanceof Error ? e.message : String(e), messages };
  }
}

/** A laid-out card to draw and write, on any thread. */
export interface RasterJob {
  id: number;
  layout: CardLayout;
  output?: CardJob['output'];
}

/**
 * Draws a laid-out card and writes it (see {@link runJob}). `null` when the glyph cache turned the layout
 * down: the card goes back to be laid out with paths. Never throws.
 */
export function runRaster(draw: Draw, { id, layout, output }: RasterJob): JobResult | null {
  const messages = layout.messages;
  try {
    const png = draw.raster(layout);
    if (!png) return null;
    if (!output) return { id, ok: true, png, messages };
    try {
      writeCardFiles(png, output.file, output.cacheFile);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      return { id, ok: false, error: `it could not be written (${why})`, messages };
    }
    return { id, ok: true, png: null, messages };
  } catch (e) {
    return { id, ok: false, error: e instanceof Error ? e.message : String(e), messages };
  }
}
