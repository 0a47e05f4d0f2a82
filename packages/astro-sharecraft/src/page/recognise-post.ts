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
  // An author's `::share` or `<ShareBar />` says where the block goes.
  const here = slots.find((slot) => slot.kind === 'here');
  if (rules.markdown && ends.length === 1 && only) {
    // The end-of-post marker still vouches for the post and carries its title.
    return {
      post: true,
      placement: 'slot',
      slot: here ? { ...here, title: only.title, file: only.file, card: only.card } : only,
    };
  }
  // Several Markdown documents on one page is a listing (a feed of full posts), not a post.
  if (ends.length > 1) return { post: false, reason: `renders ${ends.length} Markdown documents` };
  // A component placed by hand makes the page a post, whatever its path.
  if (here) return { post: true, placement: 'slot', slot: here };
  if (rules.include.some((pattern) => pattern.test(path))) return { post: true, placement: 'fallback' };
  return { post: false, reason: 'not a post' };
}
