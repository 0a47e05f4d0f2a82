import { ImageStore } from './assets/image-store.ts';
import { type CardMessage, CardsError, MessageLog } from './messages.ts';
import { type ResolvedConfig, resolveConfig } from './options/resolve-options.ts';
import { cardData, preparePost } from './post/prepare-post.ts';
import type { Draw, LaidOutNode } from './render/draw.ts';
import { withImage } from './render/job.ts';
import { keepNativeMemoryBetweenCards } from './render/native-memory.ts';
import { templateIdentity } from './render/template-ref.ts';
import { cardKey } from './render-cards.ts';
import { type CardElement, markupToHtml } from './template/markup.ts';
import type { CardPost, CardsOptions, CardVariant } from './types.ts';

/** Everything a preview page shows of one card. */
export interface CardPreview {
  key: string;
  /** The satori markup the template returned. */
  markup: CardElement;
  /** The markup as HTML with inline styles (an approximation: browsers are not satori). */
  html: string;
  svg: string;
  png: Uint8Array;
  /** Where satori placed each element (`part` is the `data-part` prop: `title`, `description`). */
  nodes: LaidOutNode[];
  messages: CardMessage[];
}

/** Renders single cards on demand, on this thread: for `astro dev` and a template preview page. */
export interface CardRenderer {
  /** Messages about the options themselves (a bad colour, a font that is not a font). */
  readonly messages: CardMessage[];
  /** The card's cache key: use it as an ETag. */
  key(post: CardPost, variant?: CardVariant): Promise<string>;
  /** The PNG (remembered by key, so an unchanged card is not drawn twice). */
  png(post: CardPost, variant?: CardVariant): Promise<{ key: string; png: Uint8Array; messages: CardMessage[] }>;
  /** Markup, HTML, SVG and PNG together, always drawn afresh. */
  preview(post: CardPost, variant?: CardVariant): Promise<CardPreview>;
  close(): Promise<void>;
}

const MEMO = 64;

/**
 * Creates an on-demand renderer. A template module is re-imported when its file changes, so a designer
 * editing it sees the change on the next request; other option changes need a new renderer.
 */
export async function createCardRenderer(options: CardsOptions): Promise<CardRenderer> {
  const setupLog = new MessageLog(options.strict === true, options.onMessage);
  const first = await resolveConfig(options, setupLog);
  const ref = first.draw.template;
  let templateId = await templateIdentity(ref, first.templateFn);
  /** A config with its drawer, made on first use (satori and resvg load only when a card is asked for). */
  const load = (config: ResolvedConfig) => {
    let draw: Promise<Draw> | undefined;
    return {
      config,
      draw: () => {
        draw ??= import('./render/draw.ts').then(({ Draw }) => Draw.create(config.draw, config.templateFn));
        return draw;
      },
    };
  };
  /** The config and drawer of the template's current source; swapped as one, so no request mixes them. */
  let state: Promise<ReturnType<typeof load>> = Promise.resolve(load(first));
  const images = new ImageStore();
  const memo = new Map<string, { png: Uint8Array; messages: CardMessage[] }>();

  /** Reloads the template module when its source changed. */
  const current = async (): Promise<{ config: ResolvedConfig; draw: Draw }> => {
    if (ref.kind === 'module') {
      const now = await templateIdentity(ref, undefined);
      if (now !== templateId) {
        templateId = now;
        // Every request from here on, including those that arrive while this loads, waits for it.
        state = resolveConfig(options, new MessageLog(false)).then((config) => {
          const bust = `${ref.url}${ref.url.includes('?') ? '&' : '?'}v=${now.slice(-12)}`;
          return load({ ...config, draw: { ...config.draw, template: { ...ref, url: bust } } });
        });
      }
    }
    keepNativeMemoryBetweenCards();
    const { config, draw } = await state;
    return { config, draw: await draw() };
  };

  const prepare = async (post: CardPost, variant: CardVariant, log: MessageLog) => {
    const { config: c, draw: d } = await current();
    const prepared = await preparePost(post, c, images, log);
    const card = cardData(prepared, variant);
    return { d, prepared, card, key: cardKey(c, card, prepared.imageHash) };
  };

  const finish = (log: MessageLog, extra: CardMessage[]) => {
    for (const m of extra) log.add(m);
    if (options.strict && log.errors.length > 0) throw new CardsError(log.errors, 'Share card failed (strict mode)');
    return log.messages;
  };

  return {
    messages: setupLog.messages,
    async key(post, variant = 'og') {
      return (await prepare(post, variant, new MessageLog(false))).key;
    },
    async png(post, variant = 'og') {
      const log = new MessageLog(options.strict === true);
      const { d, prepared, card, key } = await prepare(post, variant, log);
      let hit = memo.get(key);
      if (!hit) {
        const messages: CardMessage[] = [];
        const job = { id: 0, card, image: prepared.image, imageHash: prepared.imageHash };
        const drawn = await d.png(await withImage(job, messages, d.images), prepared.imageHash);
        hit = { png: drawn.png, messages: [...messages, ...drawn.messages] };
        if (memo.size >= MEMO) memo.delete(memo.keys().next().value as string);
        memo.set(key, hit);
      }
      return { key, png: hit.png, messages: finish(log, hit.messages) };
    },
    async preview(post, variant = 'og') {
      const log = new MessageLog(options.strict === true);
      const { d, prepared, card, key } = await prepare(post, variant, log);
      const messages: CardMessage[] = [];
      const job = { id: 0, card, image: prepared.image, imageHash: prepared.imageHash };
      const drawn = await d.svg(await withImage(job, messages));
      // The PNG as a build draws it (text from the glyph cache where it can be); its messages are the SVG's.
      const { png } = await d.png(await withImage(job, [], d.images), prepared.imageHash);
      return {
        key,
        markup: drawn.markup,
        html: markupToHtml(drawn.markup),
        svg: drawn.svg,
        png,
        nodes: drawn.nodes,
        messages: finish(log, [...messages, ...drawn.messages]),
      };
    },
    async close() {
      memo.clear();
    },
  };
}
