import type { CardElement } from '../template/markup.ts';
import { walkMarkup } from '../template/markup.ts';
import type { CardImage } from '../types.ts';
import { rasterise } from './rasterise.ts';

/** Pictures kept drawn at a shown size, per thread (a 380×502 one is ~0.5 MB as a data URL). */
const MAX_DRAWN = 48;

/** How `objectFit` maps onto SVG's `preserveAspectRatio`; other values are left to satori. */
const FITS: Record<string, string> = { fill: 'none', cover: 'xMidYMid slice', contain: 'xMidYMid meet' };

/** Post pictures kept as read, per thread, so a picture many posts share is read and encoded once. */
const MAX_ORIGINAL_CHARS = 24 * 1024 * 1024;

/** Raster formats resvg decodes (an SVG picture is cheap to draw at any size, so it is left alone). */
const RASTER = /^data:image\/(png|jpeg|gif);base64,/;

/** An image a card may show, and what identifies its content (a hash), so equal pictures share one drawing. */
export interface ShownImage {
  image: CardImage;
  key: string;
}

/**
 * Draws each post image and logo once at the size a card shows it, and points the markup at that drawing.
 * Without it, resvg decodes the full picture (a 1200×800 cover, say) and scales it down inside every card,
 * which cost more than the rest of an image card together. Cards show the same drawing resvg would have
 * made: it is resvg that draws it, scaled and cropped (`objectFit`) the same way, just once. Only `img`
 * elements with a numeric width and height, no padding or border, a centred position and a fit of
 * `fill`, `cover` or `contain` are drawn this way; anything else is left to satori and resvg as it was.
 */
export class ShownImages {
  readonly #drawn = new Map<string, string>();
  readonly #originals = new Map<string, CardImage>();
  #originalChars = 0;

  /** The picture with content hash `key`, read with `read` unless a recent card already had it. */
  async original(key: string, read: () => Promise<CardImage | null>): Promise<CardImage | null> {
    const known = this.#originals.get(key);
    if (known) return known;
    const image = await read();
    if (!image || image.src.length > MAX_ORIGINAL_CHARS / 4) return image;
    for (const [k, old] of this.#originals) {
      if (this.#originalChars + image.src.length <= MAX_ORIGINAL_CHARS) break;
      this.#originals.delete(k);
      this.#originalChars -= old.src.length;
    }
    this.#originals.set(key, image);
    this.#originalChars += image.src.length;
    return image;
  }

  /** Replaces, in `markup`, the `src` of every `img` showing one of `images` smaller than it is. */
  fit(markup: CardElement, images: readonly ShownImage[]): void {
    walkMarkup(markup, (element) => {
      if (element.type !== 'img') return;
      const shown = images.find((s) => s.image.src === element.props.src);
      if (!shown || !RASTER.test(shown.image.src)) return;
      const style = element.props.style ?? {};
      const width = style.width ?? element.props.width;
      const height = style.height ?? element.props.height;
      const fit = FITS[String(style.objectFit ?? 'fill')];
      if (typeof width !== 'number' || typeof height !== 'number' || !fit) return;
      if (!(width >= 1 && height >= 1 && Number.isInteger(width) && Number.isInteger(height))) return;
      if (shown.image.width <= width && shown.image.height <= height) return;
      if (Object.keys(style).some((k) => /^(padding|border(?!.*Radius)|objectPosition)/.test(k))) return;
      element.props.src = this.#draw(shown, width, height, fit);
    });
  }

  #draw(shown: ShownImage, width: number, height: number, fit: string): string {
    const key = `${shown.key}:${width}x${height}:${fit}`;
    let src = this.#drawn.get(key);
    if (src) {
      // Most recently used last, so the oldest drawing is the one dropped.
      this.#drawn.delete(key);
    } else {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}"><image width="${width}" height="${height}" preserveAspectRatio="${fit}" xlink:href="${shown.image.src}"/></svg>`;
      src = `data:image/png;base64,${Buffer.from(rasterise(svg)).toString('base64')}`;
      if (this.#drawn.size >= MAX_DRAWN) this.#drawn.delete(this.#drawn.keys().next().value as string);
    }
    this.#drawn.set(key, src);
    return src;
  }
}
