import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { FrontmatterCard } from '../cards/page-post.js';
import { entryNames } from '../page/entry-url.js';
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

const string = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim() : undefined;

function isoDate(value: unknown): string | undefined {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}

/**
 * What the frontmatter says about the post's share card: `card: false`, or `card: { title, image }`;
 * otherwise its `description`, `author`, date (`pubDate`, `date`, `publishDate`) and image
 * (`heroImage`, `image`, `cover`). A local image path is made absolute: relative to the post's
 * file, or, starting with `/`, to the site's `public/` folder. Remote images are left out: cards
 * never fetch from the network.
 */
export function cardFromFrontmatter(data: Record<string, unknown>, file: string, root: string): FrontmatterCard {
  if (data.card === false) return { off: true };
  const card = data.card && typeof data.card === 'object' ? (data.card as Record<string, unknown>) : {};
  const author =
    data.author && typeof data.author === 'object' ? (data.author as { name?: unknown }).name : data.author;
  const image = string(card.image) ?? string(data.heroImage) ?? string(data.image) ?? string(data.cover);
  const local = image && !/^[a-z][a-z\d+.-]*:/i.test(image) && !image.startsWith('//') ? image : undefined;
  const found: FrontmatterCard = {
    title: string(card.title),
    image: local && (local.startsWith('/') ? join(root, 'public', local) : resolve(dirname(file), local)),
    description: string(data.description),
    author: string(author),
    date: isoDate(data.pubDate ?? data.date ?? data.publishDate),
  };
  return Object.fromEntries(Object.entries(found).filter(([, value]) => value !== undefined));
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
  const card = isAbsolute(file) ? cardFromFrontmatter(data, file, context.root) : {};
  return {
    type: 'element',
    tagName: 'div',
    properties: slotMarkerProperties(kind, { title, file: shownFile, card, names: entryNames(file, data) }),
    children: [],
  };
}

/** A marker with no title or file, for an author's own placement. */
export function slotElement(kind: SlotKind): MarkerElement {
  return { type: 'element', tagName: 'div', properties: slotMarkerProperties(kind), children: [] };
}
