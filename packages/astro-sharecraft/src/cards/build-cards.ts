import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CardMessage, renderCards } from '@sharecraft/cards';
import type { AstroIntegrationLogger } from 'astro';
import { AstroError } from 'astro/errors';
import { CARDS_DIR, type PageCard } from '../page/transform-page.js';
import { cardFileName, cardPostOf, cardsOptions, ownersMessage, type ResolvedCardsOptions } from './card-options.js';

export interface CardsBuild {
  rendered: number;
  reused: number;
  removed: number;
  failed: number;
}

function report(logger: AstroIntegrationLogger, message: CardMessage): void {
  if (message.level === 'error') logger.error(ownersMessage(message));
  else logger.warn(ownersMessage(message));
}

/**
 * Renders every post's card into the built site (`_sharecraft/cards/`), reusing unchanged ones from
 * the cache, with progress in the build log. Then checks that every og:image a post kept of its own
 * points to a file the site has. A bad post is a warning and the build goes on; in strict mode the
 * build fails once every card has been tried.
 */
export async function buildCards(input: {
  cards: readonly PageCard[];
  options: ResolvedCardsOptions;
  outDir: string;
  root: string;
  site: string | undefined;
  base: string;
  strict: boolean;
  logger: AstroIntegrationLogger;
}): Promise<CardsBuild> {
  const { cards, logger } = input;
  const byPath = new Map(cards.map((card) => [card.path, card]));
  const started = performance.now();
  const every = Math.max(1, Math.ceil(cards.length / 10));
  // Loaded only when a site renders cards: a build without them never pays for it.
  const { CardsError, renderCards: render } = await import('@sharecraft/cards');
  let result: Awaited<ReturnType<typeof renderCards>>;
  try {
    result = await render(cards.map(cardPostOf), {
      ...cardsOptions(
        input.options,
        input.root,
        input.site,
        input.strict,
        cards.find((card) => card.siteName)?.siteName,
      ),
      outDir: join(input.outDir, CARDS_DIR),
      ...(input.options.cacheDir !== undefined ? { cacheDir: input.options.cacheDir } : {}),
      ...(input.options.concurrency ? { concurrency: input.options.concurrency } : {}),
      fileName: (post, variant) => cardFileName(byPath.get(post.id) as PageCard, variant),
      onMessage: (message) => report(logger, message),
      onProgress: ({ done, total }) => {
        if (total >= 20 && (done % every === 0 || done === total)) logger.info(`Share cards: ${done}/${total}`);
      },
    });
  } catch (error) {
    if (error instanceof CardsError) {
      throw new AstroError(
        error.message,
        'Fix the posts or options named above, or turn off `strict` to build with warnings.',
      );
    }
    throw error;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  logger.info(
    `${result.cards.length} share card${result.cards.length === 1 ? '' : 's'}: ${result.rendered} rendered, ${result.reused} reused from the cache, ${result.removed} stale removed, ${result.failed} failed (${seconds} s)`,
  );
  checkOwnImages(input);
  return { rendered: result.rendered, reused: result.reused, removed: result.removed, failed: result.failed };
}

/** A post that kept its own og:image must point to a file the site has (when it is on the site). */
function checkOwnImages(input: {
  cards: readonly PageCard[];
  outDir: string;
  site: string | undefined;
  base: string;
  strict: boolean;
  logger: AstroIntegrationLogger;
}): void {
  for (const card of input.cards) {
    if (!card.ownImage) continue;
    const image = new URL(card.ownImage, card.postUrl);
    if (image.origin !== new URL(card.postUrl).origin) continue;
    let path = decodeURIComponent(image.pathname);
    if (input.base !== '/' && path.startsWith(input.base)) path = `/${path.slice(input.base.length)}`;
    if (existsSync(join(input.outDir, path))) continue;
    const message = `The post ${card.path} declares og:image ${card.ownImage}, which is not in the built site: shared links will show no image.`;
    if (input.strict)
      throw new AstroError(message, 'Fix the path, remove the tag to use the share card, or set `cards.override`.');
    input.logger.warn(message);
  }
}
