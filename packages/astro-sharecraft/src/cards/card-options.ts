import type { CardMessage, CardPost, CardsOptions } from '@sharecraft/cards';
import type { ResolvedSharecraftOptions } from '../options.js';
import type { PageCard } from '../page/transform-page.js';

export type ResolvedCardsOptions = Exclude<ResolvedSharecraftOptions['cards'], false>;

/**
 * The renderer's options from the integration's. The brand defaults to the site's name as its pages
 * declare it (og:site_name), else the site's host name.
 */
export function cardsOptions(
  cards: ResolvedCardsOptions,
  root: string,
  site: string | undefined,
  strict: boolean,
  siteName?: string,
): CardsOptions {
  return {
    brand: {
      name: cards.brand?.name ?? siteName ?? (site ? new URL(site).hostname : undefined),
      logo: cards.brand?.logo,
    },
    ...(cards.colors ? { colors: cards.colors } : {}),
    ...(cards.fonts ? { fonts: cards.fonts } : {}),
    ...(cards.template ? { template: cards.template as CardsOptions['template'] } : {}),
    ...(cards.templateVersion ? { templateVersion: cards.templateVersion } : {}),
    square: cards.square,
    root,
    strict,
  };
}

/** A post's card, as the renderer takes it: named by the post's path in every message. */
export function cardPostOf(card: PageCard): CardPost {
  const { post } = card;
  return {
    id: card.path,
    title: post.title,
    description: post.description,
    ...(post.author ? { author: post.author } : {}),
    ...(post.date ? { date: post.date } : {}),
    readingTime: post.readingTime,
    ...(post.lang ? { lang: post.lang } : {}),
    ...(post.dir ? { dir: post.dir } : {}),
    ...(post.image ? { image: post.image } : {}),
    url: card.postUrl,
  };
}

/** The card's file: `<page id>.png`, and `<page id>-square.png` for the square one. */
export function cardFileName(card: PageCard, variant: 'og' | 'square'): string {
  return variant === 'square' ? card.file.replace(/\.png$/, '-square.png') : card.file;
}

/** A renderer message as the owner configured it: options are named as in `sharecraft({ cards: … })`. */
export function ownersMessage(message: CardMessage): string {
  return message.option ? message.message.split(message.option).join(`cards.${message.option}`) : message.message;
}
