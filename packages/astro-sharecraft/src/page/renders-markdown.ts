import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const MARKDOWN_PAGE = /\.(md|mdx|markdown|mdown|mkdn|mkd|mdwn)$/i;
// A route that takes entries from `astro:content` and renders one: `render(entry)` (Astro 5+) or
// `entry.render()` (older), whose `<Content />` is the entry's Markdown.
const IMPORTS_CONTENT = /from\s+["']astro:content["']/;
const RENDERS = /\brender\s*\(|\.render\s*\(/;

/**
 * Whether the route file renders Markdown or MDX: a `.md`/`.mdx` page, or an `.astro` route that
 * renders a content entry. Read once per file; a file that cannot be read is taken as not.
 */
export function routeRendersMarkdown(root: string, source: string, cache: Map<string, boolean>): boolean {
  const known = cache.get(source);
  if (known !== undefined) return known;
  let renders = MARKDOWN_PAGE.test(source);
  if (!renders) {
    try {
      const code = readFileSync(join(root, source), 'utf8');
      renders = IMPORTS_CONTENT.test(code) && RENDERS.test(code);
    } catch {
      renders = false;
    }
  }
  cache.set(source, renders);
  return renders;
}
