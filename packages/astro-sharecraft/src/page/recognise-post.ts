import { isOwnPage } from './entry-url.js';
import type { FoundSlot } from './slot-marker.js';

/** A `posts.include`/`exclude` pattern as the owner wrote it, and as matched. */
export interface PathPattern {
  glob: string;
  re: RegExp;
}

export interface PostRules {
  /** A page that renders one Markdown document is a post (if it is the document's own page). */
  markdown: boolean;
  /** Only a document's own page is a post: not a home page or listing that shows it inline. */
  matchEntryUrl: boolean;
  include: PathPattern[];
  exclude: PathPattern[];
}

/**
 * Why a page that rendered Markdown got no block: `excluded` (by `posts.exclude`), `opted-out` (in
 * its frontmatter), `inline` (it shows an entry whose own page is elsewhere), `listing` (it renders
 * several documents), `markdown-off` (`posts.markdown: false`).
 */
export type NotAPost =
  | { reason: 'excluded'; pattern: string }
  | { reason: 'opted-out'; file: string | undefined }
  | { reason: 'inline'; file: string | undefined }
  | { reason: 'listing'; documents: number }
  | { reason: 'markdown-off' }
  | { reason: 'not-a-post' };

export type Recognition =
  | ({ post: false } & NotAPost)
  | { post: true; placement: 'slot'; slot: FoundSlot }
  | { post: true; placement: 'fallback' };

/**
 * Decides whether a rendered page is a post, from its path and the markers the Markdown plugins
 * left in it. `path` is the canonical path without the site's base.
 *
 * The rule, in order: a path in `exclude` is never a post; a post that opted out is not one; a page
 * that renders one Markdown document is a post when its URL is that document's own page (or matches
 * `include`), and not when it shows the document inline, as a home page or listing does; several
 * documents make a listing; an author's `<ShareBar />` or a path in `include` makes any other page
 * a post.
 */
export function recognisePost(path: string, slots: FoundSlot[], rules: PostRules): Recognition {
  const excludedBy = rules.exclude.find((pattern) => pattern.re.test(path));
  if (excludedBy) return { post: false, reason: 'excluded', pattern: excludedBy.glob };
  const off = slots.find((slot) => slot.kind === 'off');
  if (off) return { post: false, reason: 'opted-out', file: off.file };
  const ends = slots.filter((slot) => slot.kind === 'end');
  const [only] = ends;
  const included = rules.include.some((pattern) => pattern.re.test(path));
  // An author's `::share` or `<ShareBar />` says where the block goes.
  const here = slots.find((slot) => slot.kind === 'here');
  if (ends.length === 1 && only) {
    if (!rules.markdown) {
      if (!here && !included) return { post: false, reason: 'markdown-off' };
    } else if (rules.matchEntryUrl && !included && !isOwnPage(path, only.names)) {
      return { post: false, reason: 'inline', file: only.file };
    } else {
      // The end-of-post marker still vouches for the post and carries its title.
      return {
        post: true,
        placement: 'slot',
        slot: here ? { ...here, title: only.title, file: only.file, card: only.card, names: only.names } : only,
      };
    }
  }
  // Several Markdown documents on one page is a listing (a feed of full posts), not a post.
  if (ends.length > 1) return { post: false, reason: 'listing', documents: ends.length };
  // A component placed by hand makes the page a post, whatever its path.
  if (here) return { post: true, placement: 'slot', slot: here };
  if (included) return { post: true, placement: 'fallback' };
  return { post: false, reason: 'not-a-post' };
}
