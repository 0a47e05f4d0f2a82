import { Resvg } from '@resvg/resvg-js';
import { encodeOpaquePng } from './png.ts';

/** resvg's options, made once: the card is drawn at its own size, and text is already paths (no system fonts). */
export const RESVG_OPTIONS = { fitTo: { mode: 'original' }, font: { loadSystemFonts: false } } as const;

/**
 * How satori starts the SVG of a card whose root element has a solid background: the root's overflow mask,
 * then a rectangle over the whole card in an opaque colour (`#rgb` or `#rrggbb`, nothing else on it). Every
 * later shape is painted over that rectangle, so every pixel stays opaque.
 */
const OPAQUE_BACKDROP =
  /^<svg width="(\d+)" height="(\d+)"[^>]*>(?:<mask id="[^"]*"><rect [^>]*\/><\/mask>)?<rect x="0" y="0" width="\1" height="\2" fill="#(?:[0-9a-f]{3}|[0-9a-f]{6})"\/>/i;

/** Whether the SVG paints an opaque rectangle over the whole card before anything else. */
export function startsWithOpaqueBackdrop(svg: string): boolean {
  return OPAQUE_BACKDROP.test(svg.slice(0, 512));
}

/**
 * SVG → PNG with resvg. Opaque images (nearly every card) are encoded here, faster than resvg's encoder;
 * others by resvg.
 */
export function rasterise(svg: string): Uint8Array {
  const image = new Resvg(svg, RESVG_OPTIONS).render();
  return encodeOpaquePng(image.pixels, image.width, image.height, startsWithOpaqueBackdrop(svg)) ?? image.asPng();
}
