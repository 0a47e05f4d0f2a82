import type { FrontmatterCard } from '../cards/page-post.js';
import { unescapeHtml } from '../share/escape-html.js';

/**
 * The Markdown plugins do not know a post's URL (a content entry is rendered before, and apart
 * from, the page that shows it), so they leave an empty marker element where the block belongs.
 * The page middleware, which knows the URL, replaces it with the rendered block.
 */

/**
 * `end`: the end of a post's Markdown, where the block goes by default. `here`: the author placed
 * the block (`::share`, or `<ShareBar />`). `remix`: `<RemixPrompt />`. `off`: the post opted out
 * in its frontmatter. `form`: `<CreationForm />`. `gallery`: `<Creations />`.
 */
export type SlotKind = 'end' | 'here' | 'remix' | 'off' | 'form' | 'gallery';

/**
 * Version of the marker's shape. It is part of the Markdown plugin's name, and Astro's content
 * cache renews entries when a plugin's name changes: bump it whenever the marker changes.
 */
export const MARKER_FORMAT = 5;

/** What a post's end-of-content marker carries besides its kind. */
export interface EntryFacts {
  title: string;
  /** Source file, relative to the project root. */
  file: string;
  card?: FrontmatterCard;
  /** What the entry's own URL is likely made of (see `page/entry-url.ts`). */
  names?: readonly string[];
}

/**
 * The marker as hast properties (hast writes `data-*` attributes in camelCase). Post markers name
 * their source file, so messages can name it on every build: Astro caches rendered Markdown, so the
 * Markdown plugin itself may not run again. What the frontmatter says about the share card rides
 * along as JSON, and the names the entry's URL is likely made of as a space-separated list.
 * Markers never reach readers.
 */
export function slotMarkerProperties(kind: SlotKind, entry?: EntryFacts): Record<string, string> {
  if (!entry || (kind !== 'end' && kind !== 'off')) return { dataSharecraftSlot: kind };
  const card = entry.card ?? {};
  const properties: Record<string, string> = { dataSharecraftSlot: kind, dataSharecraftFile: entry.file };
  if (kind === 'end') properties.dataSharecraftTitle = entry.title;
  if (entry.names?.length) properties.dataSharecraftEntry = entry.names.join(' ');
  if (Object.keys(card).length) properties.dataSharecraftCard = JSON.stringify(card);
  return properties;
}

export interface FoundSlot {
  kind: SlotKind;
  title: string | undefined;
  /** Source file of a Markdown post. */
  file: string | undefined;
  /** What the entry's own URL is likely made of (see `page/entry-url.ts`). */
  names: string[];
  /** What the post's frontmatter says about its share card. */
  card: FrontmatterCard;
  /** `<CreationForm post>`, `<Creations post>`: the URL of the post it is for, when not the page's own. */
  post?: string | undefined;
  start: number;
  end: number;
}

// Attributes may come in any order and with either quote style, depending on which renderer
// (Sätteri, rehype-stringify, Astro's JSX runtime for MDX) serialised the element.
// Quoted values are skipped whole: serialisers may leave a `>` in them (a title like "1 > 0").
const ATTRIBUTES = `(?:[^>"']|"[^"]*"|'[^']*')*?`;
const MARKER = new RegExp(
  `<div\\b${ATTRIBUTES}\\bdata-sharecraft-slot=["']?(end|here|remix|off|form|gallery)["']?${ATTRIBUTES}>\\s*<\\/div>`,
  'g',
);
const TITLE = /\bdata-sharecraft-title=(?:"([^"]*)"|'([^']*)')/;
const FILE = /\bdata-sharecraft-file=(?:"([^"]*)"|'([^']*)')/;
const ENTRY = /\bdata-sharecraft-entry=(?:"([^"]*)"|'([^']*)')/;
const POST = /\bdata-sharecraft-post=(?:"([^"]*)"|'([^']*)')/;
const CARD = /\bdata-sharecraft-card=(?:"([^"]*)"|'([^']*)')/;

function cardOf(marker: string): FrontmatterCard {
  const attribute = CARD.exec(marker);
  if (!attribute) return {};
  try {
    return JSON.parse(unescapeHtml(attribute[1] ?? attribute[2] ?? '')) as FrontmatterCard;
  } catch {
    return {};
  }
}

export function findSlots(html: string): FoundSlot[] {
  const slots: FoundSlot[] = [];
  for (const match of html.matchAll(MARKER)) {
    const title = TITLE.exec(match[0]);
    const file = FILE.exec(match[0]);
    const entry = ENTRY.exec(match[0]);
    const post = match[1] === 'form' || match[1] === 'gallery' ? POST.exec(match[0]) : null;
    slots.push({
      kind: match[1] as SlotKind,
      title: title ? (title[1] ?? title[2]) : undefined,
      file: file ? unescapeHtml(file[1] ?? file[2] ?? '') : undefined,
      names: entry ? (entry[1] ?? entry[2] ?? '').split(' ').filter(Boolean) : [],
      card: cardOf(match[0]),
      ...(post ? { post: unescapeHtml(post[1] ?? post[2] ?? '') } : {}),
      start: match.index,
      end: match.index + match[0].length,
    });
  }
  return slots;
}
