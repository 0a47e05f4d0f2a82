import type { CardMessage } from './messages.ts';
import type { FitTextOptions, FittedText } from './template/fit-text.ts';
import type { CardChild, CardElement, h } from './template/markup.ts';

/** Which card: the 1200×630 Open Graph card, or the optional 1080×1080 square one. */
export type CardVariant = 'og' | 'square';

/** The pixel size of each variant. */
export const CARD_SIZES: Readonly<Record<CardVariant, { width: number; height: number }>> = {
  og: { width: 1200, height: 630 },
  square: { width: 1080, height: 1080 },
};

/**
 * How far from every edge the default template keeps its text, per variant. Networks crop cards a little
 * (rounded corners, a 1.91:1 crop of a square), so nothing readable goes nearer the edge than this.
 */
export const SAFE_INSET: Readonly<Record<CardVariant, number>> = { og: 64, square: 80 };

/** A post as the integration knows it. Only `id` is required; anything missing gets a warning or a default. */
export interface CardPost {
  /** A stable, unique id (the page path, or a page id): names the output file and every message. */
  id: string;
  title?: string;
  /** The description, or an excerpt when the post has none. */
  description?: string;
  author?: string;
  /** A `Date`, an ISO date string or a timestamp. */
  date?: Date | string | number;
  /** Minutes (a number, formatted for the post's language) or an already formatted string. */
  readingTime?: number | string;
  /** A BCP 47 language tag (`en`, `ja`, `ar`). Formats the date and reading time; `ar`, `he`, `fa`, `ur` imply RTL. */
  lang?: string;
  /** Text direction. `auto` (the default) follows `lang`, then the title's first strong character. */
  dir?: 'ltr' | 'rtl' | 'auto';
  /**
   * The post's image: a local file path (absolute, or relative to `root`), a `file:` URL, or the bytes.
   * PNG, JPEG, GIF, WebP and SVG are read. Remote URLs are never fetched.
   */
  image?: string | URL | Uint8Array;
  /** The page URL, shown as a small domain label by the default template when given. */
  url?: string;
  tags?: string[];
  /** Anything else a custom template wants. Must be JSON-serialisable (it is hashed and sent to worker threads). */
  data?: Record<string, unknown>;
}

/** The template's colours. Any CSS colour satori reads: hex, `rgb()`, `hsl()`, or a colour name. */
export interface CardColors {
  background: string;
  /** The title and other strong text. */
  foreground: string;
  /** The description, date and reading time. */
  muted: string;
  /** The brand mark and decorations. */
  accent: string;
  /** Text drawn on the accent colour (the author's initials). Derived from `accent` when not given. */
  onAccent: string;
}

/** An image ready for markup: a data URL and its intrinsic size. */
export interface CardImage {
  src: string;
  width: number;
  height: number;
}

/** What a template receives: the post, cleaned up and formatted, plus the card's size and look. */
export interface CardData {
  id: string;
  variant: CardVariant;
  width: number;
  height: number;
  /** See {@link SAFE_INSET}. */
  safeInset: number;
  /** Never empty: falls back to the brand name (with a warning). */
  title: string;
  /** Empty when the post has none. */
  description: string;
  author: string;
  /** Formatted for `lang` (`12 March 2026`); empty when there is no date. */
  date: string;
  /** `YYYY-MM-DD`; empty when there is no date. */
  dateTime: string;
  /** Formatted (`5 min read`); empty when not given. */
  readingTime: string;
  lang: string;
  dir: 'ltr' | 'rtl';
  /** The URL's host name, when a URL was given. */
  site: string;
  url: string;
  tags: string[];
  image: CardImage | null;
  brand: { name: string; logo: CardImage | null };
  colors: CardColors;
  /** A CSS `font-family` list of every configured family, owner fonts first: use it on the root element. */
  fontFamily: string;
  data: Record<string, unknown>;
}

/** Helpers handed to a template next to the data. */
export interface TemplateContext {
  /** Hyperscript helper: `h('div', { style }, ...children)`. */
  h: typeof h;
  /** Picks a font size and line clamp so a text fits a box. See {@link FitTextOptions}. */
  fitText: (text: string, options: FitTextOptions) => FittedText;
  /** Adds a warning about this post to the build log. */
  warn: (message: string) => void;
}

/** A template: post data in, satori markup out (plain-object elements; see the README). */
export type CardTemplate = (card: CardData, context: TemplateContext) => CardChild | Promise<CardChild>;

/**
 * A template that worker threads can load: a module (path relative to `root`, or a URL) whose export
 * (`default` unless named) is a {@link CardTemplate}. `.js`/`.mjs` work everywhere; `.ts` works on Node
 * versions that strip types (22.18+, 23.6+) when the file is outside `node_modules`.
 */
export interface CardTemplateModule {
  module: string | URL;
  export?: string;
}

/** Fonts an owner adds. They come before the bundled ones, so they win wherever they have the glyphs. */
export type FontInput =
  | {
      /** A WOFF, WOFF2, TTF or OTF file (absolute, or relative to `root`). */
      path: string;
      family: string;
      weight?: FontWeight;
      style?: 'normal' | 'italic';
    }
  | {
      data: Uint8Array;
      /** Names the font in messages (there is no file name). */
      name: string;
      family: string;
      weight?: FontWeight;
      style?: 'normal' | 'italic';
    }
  | {
      /** An installed Fontsource package (`@fontsource/noto-sans-devanagari`), resolved from `root`. */
      fontsource: string;
      weights?: FontWeight[];
      /**
       * A Fontsource family is a fallback by default: it comes after Inter, so adding a font for another
       * script does not change how Latin text looks. `primary: true` puts it before Inter instead.
       */
      primary?: boolean;
    };

export type FontWeight = 100 | 200 | 300 | 400 | 500 | 600 | 700 | 800 | 900;

/** Options shared by {@link renderCards} and {@link createCardRenderer}. */
export interface CardsOptions {
  brand?: {
    name?: string;
    /** A logo file (SVG, PNG, JPEG, WebP, GIF) path relative to `root`, or its bytes. */
    logo?: string | URL | Uint8Array;
  };
  colors?: Partial<CardColors>;
  fonts?: FontInput[];
  /**
   * The template: the built-in one (default), a function, or a module. A function renders on the main
   * thread only (functions cannot be sent to worker threads); a module renders in parallel.
   */
  template?: CardTemplate | CardTemplateModule | string | URL;
  /** Bump it to re-render every card after changing something the template imports. */
  templateVersion?: string;
  /** Also render a 1080×1080 card per post. */
  square?: boolean;
  /** Where relative paths (images, fonts, the logo, a template module) are resolved. Default: `process.cwd()`. */
  root?: string | URL;
  /** Warnings become errors, and {@link renderCards} rejects after trying every post. */
  strict?: boolean;
  /** The language of posts that have no `lang`. Default `en`. */
  defaultLang?: string;
  /** Formats a post's date. Default: `Intl.DateTimeFormat(lang, { dateStyle: 'long' })` in UTC. */
  formatDate?: (date: Date, lang: string) => string;
  /** Formats a reading time given in minutes. Default: `5 min read` in English, the localised unit otherwise. */
  formatReadingTime?: (minutes: number, lang: string) => string;
  /** Called for every warning and error as it happens (they are also returned). */
  onMessage?: (message: CardMessage) => void;
}

/** Progress of a {@link renderCards} run, reported after every card. */
export interface CardProgress {
  done: number;
  total: number;
  rendered: number;
  reused: number;
  failed: number;
  postId: string;
  variant: CardVariant;
}

/** Options of {@link renderCards}. */
export interface RenderCardsOptions extends CardsOptions {
  /** Where the PNG files go. */
  outDir: string | URL;
  /**
   * The card cache. Default `node_modules/.cache/sharecraft-cards` under `root`; point it at a directory your
   * CI caches to keep cards between builds. `false` turns the cache off.
   */
  cacheDir?: string | URL | false;
  /** The output file, relative to `outDir`. Default `<id as a file name>.png` and `…-square.png`. */
  fileName?: (post: CardPost, variant: CardVariant) => string;
  /** Worker threads. Default: the available cores. `1` renders on the main thread. */
  concurrency?: number;
  /** Remove cache entries this run did not use. Default `true`. */
  prune?: boolean;
  onProgress?: (progress: CardProgress) => void;
}

/** What happened to one card. */
export interface CardOutcome {
  postId: string;
  variant: CardVariant;
  status: 'rendered' | 'reused' | 'failed';
  /** The absolute path of the PNG (absent when it failed). */
  file?: string;
  /** `file` relative to `outDir`, with `/` separators. */
  path?: string;
  width: number;
  height: number;
  /** The content hash the cache knows this card by. */
  key: string;
}

/** The result of {@link renderCards}. */
export interface RenderCardsResult {
  cards: CardOutcome[];
  /** Cards drawn this run. */
  rendered: number;
  /** Cards copied from the cache. */
  reused: number;
  /** Cache entries removed because no post uses them any more. */
  removed: number;
  failed: number;
  messages: CardMessage[];
}

export type { CardChild, CardElement };
