import type { FoundSlot } from './slot-marker.js';

export interface PostRules {
  /** Any page that renders one Markdown document is a post. */
  markdown: boolean;
  include: RegExp[];
  exclude: RegExp[];
}

export type Recognition =
  | { post: false; reason: string }
  | { post: true; placement: 'slot'; slot: FoundSlot }
  | { post: true; placement: 'fallback' };

/**
 * Decides whether a rendered page is a post, from its path and the markers the Markdown plugins
 * left in it. `path` is the canonical path without the site's base.
 */
export function recognisePost(path: string, slots: FoundSlot[], rules: PostRules): Recognition {
  if (rules.exclude.some((pattern) => pattern.test(path))) return { post: false, reason: 'excluded' };
  if (slots.some((slot) => slot.kind === 'off')) return { post: false, reason: 'opted out in frontmatter' };
  const ends = slots.filter((slot) => slot.kind === 'end');
  const [only] = ends;
  if (rules.markdown && ends.length === 1 && only) return { post: true, placement: 'slot', slot: only };
  // Several Markdown documents on one page is a listing (a feed of full posts), not a post.
  if (ends.length > 1) return { post: false, reason: `renders ${ends.length} Markdown documents` };
  if (rules.include.some((pattern) => pattern.test(path))) return { post: true, placement: 'fallback' };
  return { post: false, reason: 'not a post' };
}
