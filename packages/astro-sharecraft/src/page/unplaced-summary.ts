import type { BuildContext } from '../runtime/build-context.js';
import type { NotAPost } from './recognise-post.js';

export interface SummaryLine {
  level: 'info' | 'warn';
  text: string;
}

/** How many pages a line names before it says “and N more”. */
const NAMED = 5;

function list(items: string[]): string {
  const named = items.slice(0, NAMED).join(', ');
  return items.length > NAMED ? `${named} and ${items.length - NAMED} more` : named;
}

const pages = (count: number) => (count === 1 ? '1 page' : `${count} pages`);

function byReason<R extends NotAPost['reason']>(
  unplaced: Map<string, NotAPost>,
  reason: R,
): [string, Extract<NotAPost, { reason: R }>][] {
  return [...unplaced].filter(
    (entry): entry is [string, Extract<NotAPost, { reason: R }>] => entry[1].reason === reason,
  );
}

/**
 * The end-of-build account of pages that rendered Markdown or MDX but got no share block, one line
 * per reason, each naming the pages and what to change if the decision was wrong. A Markdown page
 * that carried no marker at all is a warning: something kept the Markdown plugin from running.
 */
export function summariseUnplaced(
  context: Pick<BuildContext, 'unplaced' | 'markerless'>,
  markdown: { description: string; known: boolean },
  postCount: number,
): SummaryLine[] {
  const lines: SummaryLine[] = [];
  const { unplaced, markerless } = context;
  const inline = byReason(unplaced, 'inline');
  if (inline.length > 0) {
    lines.push({
      // A few (a home page, a pinned post) are expected; as many as the posts means a theme whose URLs we misread.
      level: inline.length > 2 && inline.length >= postCount ? 'warn' : 'info',
      text: `No share block on ${pages(inline.length)} that show${inline.length === 1 ? 's' : ''} a Markdown entry inline rather than at its own URL: ${list(inline.map(([path, why]) => `${path} (${why.file ?? 'an entry'})`))}. If one is a post, add its path to \`posts.include\`, or set \`posts.matchEntryUrl: false\`.`,
    });
  }
  const optedOut = byReason(unplaced, 'opted-out');
  if (optedOut.length > 0) {
    lines.push({
      level: 'info',
      text: `No share block on ${pages(optedOut.length)} whose post opted out (\`sharecraft: false\` in its frontmatter): ${list(optedOut.map(([path]) => path))}.`,
    });
  }
  const excluded = byReason(unplaced, 'excluded');
  if (excluded.length > 0) {
    lines.push({
      level: 'info',
      text: `No share block on ${pages(excluded.length)} that render Markdown but match \`posts.exclude\`: ${list(excluded.map(([path, why]) => `${path} (${JSON.stringify(why.pattern)})`))}.`,
    });
  }
  const listings = byReason(unplaced, 'listing');
  if (listings.length > 0) {
    lines.push({
      level: 'info',
      text: `No share block on ${pages(listings.length)} that render several Markdown documents, as a listing does: ${list(listings.map(([path, why]) => `${path} (${why.documents})`))}. A page with \`<ShareBar />\` gets one.`,
    });
  }
  const markdownOff = byReason(unplaced, 'markdown-off');
  if (markdownOff.length > 0) {
    lines.push({
      level: 'info',
      text: `No share block on ${pages(markdownOff.length)} that render one Markdown document, because \`posts.markdown\` is false: ${list(markdownOff.map(([path]) => path))}.`,
    });
  }
  if (markerless.size > 0) {
    const entries = [...markerless];
    const routes = [...new Set(entries.map(([, page]) => page.source))];
    const placed = entries.filter(([, page]) => page.placed).length;
    lines.push({
      level: 'warn',
      text: `${pages(entries.length)} render${entries.length === 1 ? 's' : ''} Markdown or MDX (${list(routes)}), but no Sharecraft marker came out of ${markdown.description}: ${list(entries.map(([path]) => path))}. ${placed > 0 ? `${placed} of them got a share block from \`posts.include\` anyway, without what their frontmatter says (title, opt-out, card). ` : 'None of them has a share block. '}${markdown.known ? 'Please report this with the versions named here; until then, ' : 'Sharecraft adds its plugin only to processors it knows (see the warning above); '}\`<ShareBar />\` from 'astro-sharecraft/components' in the post layout places the block.`,
    });
  }
  return lines;
}
