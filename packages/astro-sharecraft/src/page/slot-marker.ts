/**
 * The Markdown plugins do not know a post's URL (a content entry is rendered before, and apart
 * from, the page that shows it), so they leave an empty marker element where the block belongs.
 * The page middleware, which knows the URL, replaces it with the rendered block.
 */

/** `end`: put the block here. `off`: the post opted out in its frontmatter. */
export type SlotKind = 'end' | 'off';

export const SLOT_ATTRIBUTE = 'data-sharecraft-slot';
export const SLOT_TITLE_ATTRIBUTE = 'data-sharecraft-title';

/** The marker as hast properties (hast writes `data-*` attributes in camelCase). */
export function slotMarkerProperties(kind: SlotKind, title: string): Record<string, string> {
  return kind === 'end' ? { dataSharecraftSlot: kind, dataSharecraftTitle: title } : { dataSharecraftSlot: kind };
}

export interface FoundSlot {
  kind: SlotKind;
  title: string | undefined;
  start: number;
  end: number;
}

// Attributes may come in any order and with either quote style, depending on which renderer
// (Sätteri, rehype-stringify, Astro's JSX runtime for MDX) serialised the element.
const MARKER = /<div\b[^>]*\bdata-sharecraft-slot=["']?(end|off)["']?[^>]*>\s*<\/div>/g;
const TITLE = /\bdata-sharecraft-title=(?:"([^"]*)"|'([^']*)')/;

export function findSlots(html: string): FoundSlot[] {
  const slots: FoundSlot[] = [];
  for (const match of html.matchAll(MARKER)) {
    const title = TITLE.exec(match[0]);
    slots.push({
      kind: match[1] as SlotKind,
      title: title ? (title[1] ?? title[2]) : undefined,
      start: match.index,
      end: match.index + match[0].length,
    });
  }
  return slots;
}
