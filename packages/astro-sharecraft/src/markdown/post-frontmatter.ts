import { isAbsolute, relative, sep } from 'node:path';
import { type SlotKind, slotMarkerProperties } from '../page/slot-marker.js';

/** What the Markdown plugins need from the integration. */
export interface MarkdownPluginContext {
  /** Plugin name: carries the package version and an options hash, so Astro's content cache renews. */
  name: string;
  /** The project root, so markers name files the way the owner sees them. */
  root: string;
}

export interface MarkerElement {
  type: 'element';
  tagName: 'div';
  properties: Record<string, string>;
  children: [];
}

/**
 * Reads the post's frontmatter and builds the marker element to append to its content:
 * `sharecraft: false` in frontmatter opts a post out.
 */
export function markerFor(frontmatter: unknown, file: string, context: MarkdownPluginContext): MarkerElement {
  const data = frontmatter && typeof frontmatter === 'object' ? (frontmatter as Record<string, unknown>) : {};
  const kind: SlotKind = data.sharecraft === false ? 'off' : 'end';
  const title = typeof data.title === 'string' ? data.title.trim() : '';
  const shownFile = isAbsolute(file) ? relative(context.root, file).split(sep).join('/') : file;
  return { type: 'element', tagName: 'div', properties: slotMarkerProperties(kind, title, shownFile), children: [] };
}

/** A marker with no title or file, for an author's own placement. */
export function slotElement(kind: SlotKind): MarkerElement {
  return { type: 'element', tagName: 'div', properties: slotMarkerProperties(kind, '', ''), children: [] };
}
