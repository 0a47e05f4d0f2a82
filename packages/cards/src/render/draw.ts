import { sha256 } from '../assets/hash.ts';
import { emojiDataUrl } from '../fonts/emoji.ts';
import { FontBook, type LoadedFont, type SatoriFont } from '../fonts/font-book.ts';
import { loadFontsource } from '../fonts/fontsource.ts';
import { fontPackageFor, scriptsOf } from '../fonts/scripts.ts';
import { type CardMessage, warning } from '../messages.ts';
import { type FitTextOptions, type FittedText, fitText } from '../template/fit-text.ts';
import { type CardChild, type CardElement, collectText, h, isCardElement, walkMarkup } from '../template/markup.ts';
import type { CardData, CardTemplate, FontWeight } from '../types.ts';
import { GlyphText } from './glyph-text.ts';
import { rasterise } from './rasterise.ts';
import { type ShownImage, ShownImages } from './shown-images.ts';
import { loadTemplate, type TemplateRef } from './template-ref.ts';

let satoriModule: Promise<typeof import('./satori.ts')> | undefined;

/**
 * satori, loaded when first needed: a worker thread that only draws laid-out cards never loads it (it
 * costs ~45 MB and ~80 ms of CPU to load). Threads that lay cards out call it early, to load it while
 * they wait for work.
 */
export async function loadSatori(): Promise<typeof import('./satori.ts')['satori']> {
  satoriModule ??= import('./satori.ts');
  return (await satoriModule).satori;
}

/** Everything a renderer needs, in a form that can be posted to a worker thread. */
export interface DrawSetup {
  template: TemplateRef;
  /** Owner font files, read and checked by signature. */
  fonts: LoadedFont[];
  /** Fontsource packages in priority order, each resolved from `from`. */
  fontsource: { pkg: string; from: string; weights: FontWeight[] }[];
}

/** What satori laid out: used by tests and the preview page to see where each element went. */
export interface LaidOutNode {
  type: string;
  left: number;
  top: number;
  width: number;
  height: number;
  part?: string;
  text?: string;
}

/** A card's markup before layout, its text, and the fonts that text needs. */
interface Prepared {
  markup: CardElement;
  text: string;
  messages: CardMessage[];
  fonts: SatoriFont[];
  /** Every character has a font (no emoji, no uncovered script). */
  complete: boolean;
}

/**
 * A card laid out, ready to be drawn: an SVG whose text is stamped from the glyph cache (`glyphs`, with
 * the card's text, from which the same fonts are chosen again) or drawn from embedded paths (`paths`).
 */
export type CardLayout =
  | { kind: 'glyphs'; svg: string; text: string; messages: CardMessage[] }
  | { kind: 'paths'; svg: string; messages: CardMessage[] };

/** One drawn card. */
export interface DrawnCard {
  markup: CardElement;
  svg: string;
  nodes: LaidOutNode[];
  messages: CardMessage[];
}

/**
 * Draws cards: template → satori markup → SVG (text as paths, emoji as Twemoji pictures) → PNG (resvg).
 * One instance per thread; it keeps fonts and satori's parsed-font cache warm between cards.
 */
export class Draw {
  readonly fontFamily: string;
  /** Pictures this thread has read, and drawn at the size cards show them. */
  readonly images = new ShownImages();
  /** How this thread's PNGs were drawn: text from the glyph cache, or every glyph as a path. */
  readonly drawnWith = { glyphCache: 0, paths: 0 };
  readonly #book: FontBook;
  readonly #template: CardTemplate;
  readonly #glyphs: GlyphText | null;

  private constructor(book: FontBook, template: CardTemplate, glyphs: GlyphText | null) {
    this.#book = book;
    this.#template = template;
    this.#glyphs = glyphs;
    this.fontFamily = book.fontFamily;
  }

  /**
   * Loads fonts and the template. `template` overrides `setup.template` (a function given in-process).
   * `glyphCache: false` draws every card's text as satori's glyph paths.
   */
  static async create(setup: DrawSetup, template?: CardTemplate, glyphCache = true): Promise<Draw> {
    const families = setup.fontsource.map((f) => loadFontsource(f.pkg, f.from, f.weights));
    const [loaded, glyphs] = await Promise.all([
      template ?? loadTemplate(setup.template),
      glyphCache ? GlyphText.load() : null,
    ]);
    return new Draw(new FontBook(setup.fonts, families), loaded, glyphs);
  }

  /** Runs the template. Throws (naming nothing: the caller adds the post) when it returns no element. */
  async markup(card: CardData, messages: CardMessage[]): Promise<CardElement> {
    const warn = (message: string) =>
      messages.push(warning('template-warning', `Share cards: post "${card.id}": ${message}`, { postId: card.id }));
    let titleFit: FittedText | undefined;
    const fit = (text: string, options: FitTextOptions) => {
      const fitted = fitText(text, options);
      if (text === card.title) titleFit = fitted;
      return fitted;
    };
    const result: CardChild = await this.#template({ ...card, fontFamily: this.fontFamily }, { h, fitText: fit, warn });
    if (!isCardElement(result)) {
      throw new Error(`the template returned ${describe(result)}, not an element like { type: 'div', props: {…} }`);
    }
    if (titleFit?.clamped) {
      messages.push(
        warning(
          'title-clamped',
          `Share cards: post "${card.id}": the title (${[...card.title].length} characters) does not fit the card; it is shown at ${titleFit.fontSize}px and cut after ${titleFit.maxLines} lines with an ellipsis.`,
          { postId: card.id },
        ),
      );
    }
    stripRemoteImages(result, card.id, messages);
    return result;
  }

  /**
   * Draws the SVG, noting scripts no font covers and emoji Twemoji lacks. With `shown`, the post image and
   * the logo are drawn once at the size the card shows them (see {@link ShownImages}); `shown.imageKey`
   * is the post image's content hash.
   */
  async svg(card: CardData, shown?: { imageKey: string | null }): Promise<DrawnCard> {
    return this.#embedded(card, await this.#prepare(card, shown));
  }

  /**
   * Draws the PNG: {@link layout}, then {@link raster}; a card the glyph cache turns down after layout is
   * laid out again with embedded glyph paths. `imageKey` is the post image's content hash, if known.
   */
  async png(card: CardData, imageKey: string | null = null): Promise<{ png: Uint8Array; messages: CardMessage[] }> {
    const prepared = await this.#prepare(card, { imageKey });
    let laidOut = await this.#layOut(card, prepared, false);
    let png = this.raster(laidOut);
    if (!png) {
      laidOut = await this.#layOut(card, prepared, true);
      png = this.raster(laidOut) as Uint8Array;
    }
    return { png, messages: laidOut.messages };
  }

  /**
   * Lays the card out. Cards without a post picture whose text the glyph cache can draw (see
   * {@link GlyphText}) are laid out without embedded fonts, to have their text stamped from it; any other
   * card, or any card with `paths`, with every glyph as path data. The result can cross threads: a build
   * lays cards out on one worker and draws them on another.
   */
  async layout(card: CardData, imageKey: string | null = null, paths = false): Promise<CardLayout> {
    return this.#layOut(card, await this.#prepare(card, { imageKey }), paths);
  }

  async #layOut(card: CardData, prepared: Prepared, paths: boolean): Promise<CardLayout> {
    const glyphs = this.#glyphs;
    // A post picture makes every card's background different, and its data URL makes the SVG large: the
    // glyph cache saved nothing there (measured: 3 % slower, 50 MB more), so such cards keep the paths.
    if (
      !paths &&
      glyphs &&
      prepared.complete &&
      !card.image &&
      !shapesOwnText(prepared.markup) &&
      glyphs.accepts(prepared.fonts)
    ) {
      const svg = await (await loadSatori())(prepared.markup as never, {
        width: card.width,
        height: card.height,
        fonts: prepared.fonts,
        embedFont: false,
      });
      return { kind: 'glyphs', svg, text: prepared.text, messages: prepared.messages };
    }
    const { svg, messages } = await this.#embedded(card, prepared);
    return { kind: 'paths', svg, messages };
  }

  /**
   * The laid-out card as a PNG, or `null` when the glyph cache turns down a `glyphs` layout (see
   * {@link GlyphText.draw}): the card must then be laid out with paths.
   */
  raster(laidOut: CardLayout): Uint8Array | null {
    if (laidOut.kind === 'glyphs') {
      const { fonts } = this.#book.fontsFor(laidOut.text);
      const drawn = this.#glyphs?.draw(laidOut.svg, fonts);
      if (!drawn || !this.#glyphs) return null;
      this.drawnWith.glyphCache++;
      return this.#glyphs.png(drawn);
    }
    this.drawnWith.paths++;
    return rasterise(laidOut.svg);
  }

  /** The template's markup, its pictures fitted, and the fonts its text needs. */
  async #prepare(card: CardData, shown?: { imageKey: string | null }): Promise<Prepared> {
    const messages: CardMessage[] = [];
    const markup = await this.markup(card, messages);
    if (shown) this.images.fit(markup, this.#shownImages(card, shown.imageKey));
    const text = collectText(markup);
    const { fonts, complete } = this.#book.fontsFor(text);
    return { markup, text, messages, fonts, complete };
  }

  /** Lays the card out with satori, every glyph written as path data. */
  async #embedded(card: CardData, { markup, messages, fonts, complete }: Prepared): Promise<DrawnCard> {
    const uncovered: string[] = [];
    const nodes: LaidOutNode[] = [];
    const loadAdditionalAsset = async (code: string, segment: string) => {
      if (code === 'emoji') {
        const url = emojiDataUrl(segment);
        if (!url) {
          messages.push(
            warning(
              'missing-emoji',
              `Share cards: post "${card.id}": no emoji picture for ${segment} (U+${[...segment].map((c) => c.codePointAt(0)?.toString(16).toUpperCase()).join(' U+')}); it is left blank.`,
              { postId: card.id },
            ),
          );
        }
        return url ?? '';
      }
      uncovered.push(segment);
      return [] as SatoriFont[];
    };
    const svg = await (await loadSatori())(markup as never, {
      width: card.width,
      height: card.height,
      fonts,
      // Only when something may be missing: satori then checks every grapheme for a glyph.
      ...(complete ? {} : { loadAdditionalAsset }),
      onNodeDetected: (node) => {
        const part = node.props['data-part'];
        nodes.push({
          type: node.type,
          left: node.left,
          top: node.top,
          width: node.width,
          height: node.height,
          ...(typeof part === 'string' ? { part } : {}),
          ...(node.textContent ? { text: node.textContent } : {}),
        });
      },
    });
    const missing = uncovered.join('').replace(/\s/gu, '');
    if (missing) {
      const scripts = scriptsOf(missing);
      const sample = [...new Set(missing)].slice(0, 8).join('');
      const packages = [...new Set(scripts.map(fontPackageFor).filter(Boolean))];
      const hint = packages.length
        ? `install ${packages.join(' and ')} and add { fontsource: '${packages[0]}' } to the fonts option`
        : 'add a font that covers it to the fonts option';
      messages.push(
        warning(
          'uncovered-script',
          `Share cards: post "${card.id}": no configured font covers ${scripts.join(', ')} (“${sample}”); those characters are left out of the card. To fix it, ${hint}.`,
          { postId: card.id },
        ),
      );
    }
    return { markup, svg, nodes, messages };
  }

  #logo: { src: string; key: string } | undefined;

  #shownImages(card: CardData, imageKey: string | null): ShownImage[] {
    const images: ShownImage[] = [];
    if (card.image) images.push({ image: card.image, key: `image:${imageKey ?? sha256(card.image.src)}` });
    const logo = card.brand.logo;
    if (logo) {
      // Every card has the same logo: hashed once, then only compared.
      if (this.#logo?.src !== logo.src) this.#logo = { src: logo.src, key: `logo:${sha256(logo.src)}` };
      images.push({ image: logo, key: this.#logo.key });
    }
    return images;
  }
}

/**
 * Whether the markup sets font features or word spacing: satori applies them when it shapes embedded
 * text, but `embedFont: false` does not write them out, so the glyph cache would draw the wrong glyphs or
 * gaps. Such cards stay on satori's paths.
 */
function shapesOwnText(markup: CardElement): boolean {
  let found = false;
  walkMarkup(markup, (el) => {
    const style = el.props.style;
    if (style && (style.fontFeatureSettings !== undefined || style.wordSpacing !== undefined)) found = true;
  });
  return found;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array (wrap the children in one root element)';
  if (typeof value === 'string') return 'a string';
  return typeof value === 'object' ? 'an object without a string `type` and a `props` object' : `a ${typeof value}`;
}

/** Remote images would make satori fetch from the network; they are dropped with a warning instead. */
function stripRemoteImages(markup: CardElement, postId: string, messages: CardMessage[]): void {
  walkMarkup(markup, (el) => {
    const src = el.props.src;
    if (el.type === 'img' && typeof src === 'string' && /^https?:/i.test(src)) {
      messages.push(
        warning(
          'image-remote',
          `Share cards: post "${postId}": the template uses the remote image ${src}; cards never fetch from the network, so it is left out (use a local file).`,
          { postId, file: src },
        ),
      );
      el.props.src =
        'data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSIxIiBoZWlnaHQ9IjEiLz4=';
    }
  });
}
