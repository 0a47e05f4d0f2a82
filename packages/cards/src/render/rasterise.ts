import { Resvg } from '@resvg/resvg-js';
import { encodeOpaquePng } from './png.ts';

/** resvg's options, made once: the card is drawn at its own size, and text is already paths (no system fonts). */
const OPTIONS = { fitTo: { mode: 'original' }, font: { loadSystemFonts: false } } as const;

/**
 * SVG → PNG with resvg. Opaque images (nearly every card) are encoded here, faster than resvg's encoder;
 * others by resvg.
 */
export function rasterise(svg: string): Uint8Array {
  const image = new Resvg(svg, OPTIONS).render();
  return encodeOpaquePng(image.pixels, image.width, image.height) ?? image.asPng();
}
