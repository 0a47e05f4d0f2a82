import { imageSource } from '../assets/image.ts';
import type { ImageStore } from '../assets/image-store.ts';
import { type MessageLog, warning } from '../messages.ts';
import type { ResolvedConfig } from '../options/resolve-options.ts';
import { rootPath } from '../options/resolve-options.ts';
import { CARD_SIZES, type CardData, type CardPost, type CardVariant, SAFE_INSET } from '../types.ts';
import { dateTimeOf, defaultFormatDate, defaultFormatReadingTime, directionOf, toDate } from './format.ts';

/** A post made ready to draw: its data for the template (the image still as a reference) and its image hash. */
export interface PreparedPost {
  post: CardPost;
  /** The card data without size and variant; `image` is filled in by the thread that draws. */
  base: Omit<CardData, 'variant' | 'width' | 'height' | 'safeInset'>;
  image: { path: string } | { bytes: Uint8Array } | null;
  imageHash: string | null;
}

/** The card data of one variant. */
export function cardData(prepared: PreparedPost, variant: CardVariant): CardData {
  return { ...prepared.base, variant, ...CARD_SIZES[variant], safeInset: SAFE_INSET[variant] };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.replace(/\s+/gu, ' ').trim() : '';
}

/**
 * Checks and normalises one post. Problems are warnings naming the post, each with a fallback, so the
 * card is still drawn: no title → the brand name; a bad date, language or image → left out.
 */
export async function preparePost(
  post: CardPost,
  config: ResolvedConfig,
  images: ImageStore,
  log: MessageLog,
): Promise<PreparedPost> {
  const id = post.id;
  const about = { postId: id };
  let title = text(post.title);
  if (!title) {
    title = config.brand.name || id;
    log.add(
      warning(
        'missing-title',
        `Share cards: post "${id}" has no title; its card shows "${title}" instead. Give the post a title.`,
        about,
      ),
    );
  }
  const description = text(post.description);
  if (!description) {
    log.add(
      warning(
        'missing-description',
        `Share cards: post "${id}" has no description or excerpt; its card shows the title alone.`,
        about,
      ),
    );
  }

  let lang = config.defaultLang;
  if (post.lang !== undefined) {
    try {
      lang = Intl.getCanonicalLocales(post.lang)[0] ?? lang;
    } catch {
      log.add(
        warning(
          'invalid-lang',
          `Share cards: post "${id}" has lang ${JSON.stringify(post.lang)}, which is not a language tag; ${lang} is used.`,
          about,
        ),
      );
    }
  }

  let date = '';
  let dateTime = '';
  if (post.date !== undefined && post.date !== null && post.date !== '') {
    const parsed = toDate(post.date);
    if (parsed) {
      date = (config.formatDate ?? defaultFormatDate)(parsed, lang);
      dateTime = dateTimeOf(parsed);
    } else {
      log.add(
        warning(
          'invalid-date',
          `Share cards: post "${id}" has date ${JSON.stringify(post.date)}, which is not a date; the card leaves it out.`,
          about,
        ),
      );
    }
  }

  let readingTime = '';
  if (typeof post.readingTime === 'number' && Number.isFinite(post.readingTime) && post.readingTime > 0) {
    readingTime = (config.formatReadingTime ?? defaultFormatReadingTime)(
      Math.max(1, Math.round(post.readingTime)),
      lang,
    );
  } else if (typeof post.readingTime === 'string') readingTime = text(post.readingTime);

  let site = '';
  if (post.url) {
    try {
      site = new URL(post.url).host.replace(/^www\./, '');
    } catch {
      // A relative or malformed URL simply shows no site label.
    }
  }

  let image: PreparedPost['image'] = null;
  let imageHash: string | null = null;
  if (post.image !== undefined && post.image !== null && post.image !== '') {
    const source = imageSource(post.image, (p) => rootPath(config.root, p));
    const checked = 'problem' in source ? source : await images.check(source);
    if ('problem' in checked) {
      const what = 'path' in source ? source.path : typeof post.image === 'string' ? post.image : 'the given bytes';
      const code =
        checked.problem === 'not-found'
          ? 'image-not-found'
          : checked.problem === 'remote'
            ? 'image-remote'
            : 'image-unsupported';
      const why =
        checked.problem === 'not-found'
          ? `the image ${what} does not exist`
          : checked.problem === 'remote'
            ? `the image ${what} is remote, and cards never fetch from the network (use a local file)`
            : `the image ${what} is ${checked.detail}`;
      log.add(
        warning(code, `Share cards: post "${id}": ${why}; the card is drawn without it.`, { ...about, file: what }),
      );
    } else {
      image = 'problem' in source ? null : source;
      imageHash = checked.hash;
    }
  }

  return {
    post,
    base: {
      id,
      title,
      description,
      author: text(post.author),
      date,
      dateTime,
      readingTime,
      lang,
      dir: directionOf(post.dir, lang, title),
      site,
      url: typeof post.url === 'string' ? post.url : '',
      tags: Array.isArray(post.tags) ? post.tags.filter((t) => typeof t === 'string') : [],
      image: null,
      brand: config.brand,
      colors: config.colors,
      fontFamily: '',
      data: post.data ?? {},
    },
    image,
    imageHash,
  };
}
