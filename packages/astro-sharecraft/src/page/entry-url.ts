/**
 * Whether a page is a Markdown entry's own page, or a page that shows the entry inline (a home page
 * with the latest note, a listing with a pinned post). The Markdown plugins cannot know an entry's
 * URL: a theme builds it in its routes. They record what URLs are usually made of instead: the
 * file's name (its folder's, for `index.md`), with or without a leading date, a `slug` from the
 * frontmatter, and the title. A page is the entry's own page when its last path segment is one of
 * them, compared on letters and digits alone, so `/blog/Fish-&-Chips` matches `fish-chips.md`.
 */

/** Letters and digits, lower-cased: what survives every slugifier. */
export function entryKey(text: string): string {
  let decoded = text;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    // A malformed escape: compare the text as it is.
  }
  return decoded
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]/gu, '')
    .toLowerCase();
}

const DATE_PREFIX = /^\d{4}-\d{2}-\d{2}[-_]/;

/** The names an entry's URL is usually made of, as keys (see `entryKey`), without duplicates. */
export function entryNames(file: string, frontmatter: Record<string, unknown>): string[] {
  // Plain string work, no `node:path`: this module also runs in the page middleware of deployed servers.
  const parts = file.split(/[\\/]/);
  const stem = (parts.at(-1) ?? '').replace(/\.[^.]*$/, '');
  const name = stem === 'index' ? (parts.at(-2) ?? '') : stem;
  const slug = typeof frontmatter.slug === 'string' ? frontmatter.slug.replace(/\/+$/, '').split('/').pop() : '';
  const title = typeof frontmatter.title === 'string' ? frontmatter.title : '';
  const keys = [name, name.replace(DATE_PREFIX, ''), slug ?? '', title].map(entryKey).filter(Boolean);
  return [...new Set(keys)];
}

/** Whether `path` (canonical, without the site's base) is the own page of an entry with these names. */
export function isOwnPage(path: string, names: readonly string[]): boolean {
  const last = path.replace(/\/+$/, '').split('/').pop() ?? '';
  const key = entryKey(last);
  return key !== '' && names.includes(key);
}
