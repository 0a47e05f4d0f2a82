import { readImage, toCardImage } from '../assets/image.ts';
import { type CardMessage, warning } from '../messages.ts';
import type { CardData } from '../types.ts';
import type { Draw } from './draw.ts';

/** One card to draw, as sent to a worker thread. */
export interface CardJob {
  id: number;
  card: CardData;
  image: { path: string } | { bytes: Uint8Array } | null;
}

/** A drawn card, or why it could not be drawn. */
export type JobResult =
  | { id: number; ok: true; png: Uint8Array; messages: CardMessage[] }
  | { id: number; ok: false; error: string; messages: CardMessage[] };

/** Fills in the card's image (read here, on the drawing thread, so the main thread never holds them all). */
export async function withImage(job: CardJob, messages: CardMessage[]): Promise<CardData> {
  if (!job.image) return job.card;
  const read = await readImage(job.image);
  if ('problem' in read) {
    const what = 'path' in job.image ? job.image.path : 'the given bytes';
    messages.push(
      warning(
        'image-not-found',
        `Share cards: post "${job.card.id}": the image ${what} could not be read (${read.detail}); the card is drawn without it.`,
        {
          postId: job.card.id,
          file: what,
        },
      ),
    );
    return job.card;
  }
  return { ...job.card, image: toCardImage(read.bytes, read.info) };
}

/** Draws one job's PNG. Never throws: a failure comes back as a result naming the cause. */
export async function runJob(draw: Draw, job: CardJob): Promise<JobResult> {
  const messages: CardMessage[] = [];
  try {
    const card = await withImage(job, messages);
    const drawn = await draw.png(card);
    return { id: job.id, ok: true, png: drawn.png, messages: [...messages, ...drawn.messages] };
  } catch (e) {
    return { id: job.id, ok: false, error: e instanceof Error ? e.message : String(e), messages };
  }
}
