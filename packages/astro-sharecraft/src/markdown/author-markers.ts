import { type MarkerElement, slotElement } from './post-frontmatter.js';

/**
 * What authors write in Markdown to place things themselves; both survive every processor
 * (Sätteri, unified, MDX) because they are plain Markdown, not a syntax extension:
 * - `::share` alone on a line puts the share block there instead of at the end;
 * - a blockquote that starts with `[!share]` is a passage readers can share on its own.
 */
export const PLACE_BLOCK = '::share';
export const SHARE_QUOTE = /^\s*\[!share\]\s*/i;

/** The hast properties that mark a blockquote as a shareable passage. */
export const QUOTE_PROPERTY = 'dataSharecraftQuote';

export function isPlaceBlockParagraph(text: string): boolean {
  return text.trim() === PLACE_BLOCK;
}

export function placeBlockMarker(): MarkerElement {
  return slotElement('here');
}

export interface HastText extends HastNode {
  type: 'text';
  value: string;
}
export interface HastElement extends HastNode {
  type: 'element';
  tagName: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}
export interface HastNode {
  type: string;
  children?: HastNode[];
}

/** The first text node of a blockquote's first paragraph, if the quote is marked `[!share]`. */
export function shareQuoteText(blockquote: HastElement): HastText | undefined {
  const paragraph = blockquote.children?.find(
    (child): child is HastElement => child.type === 'element' && (child as HastElement).tagName === 'p',
  );
  const first = paragraph?.children?.[0];
  return first?.type === 'text' && SHARE_QUOTE.test((first as HastText).value) ? (first as HastText) : undefined;
}
