import { unescapeHtml } from '../share/escape-html.js';
import { metaContent } from './meta-tags.js';

/** What a post's frontmatter says about its card, carried by the Markdown marker. */
export interface FrontmatterCard {
  /** `card: false`: no card for this post. */
  off?: boolean;
  /** `card.title`: the card's title instead of the post's. */
  title?: string;
  /** `card.image` (or the post's `heroImage`/`image`/`cover`): an absolute file path. */
  image?: string;
  description?: string;
  author?: string;
  /** ISO date from `pubDate`, `date` or `publishDate`. */
  date?: string;
}

/** A post as the card renderer needs it, read from the page as rendered. */
export interface PagePost {
  title: string;
  description: string;
  author: string | undefined;
  date: string | undefined;
  /** Minutes, at least 1. */
  readingTime: number;
  lang: string | undefined;
  dir: 'ltr' | 'rtl' | undefined;
  image: string | undefined;
}

function text(html: string): string {
  return unescapeHtml(
    html
      .replace(/<(script|style|template|svg|aside|nav|header|footer)\b[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]+>/g, ' '),
  )
    .replace(/\s+/g, ' ')
    .trim();
}

/** The post's own content: its outer `<article>`, else `<main>`, else the body. */
function contentOf(html: string): string {
  for (const tag of ['article', 'main', 'body']) {
    const open = new RegExp(`<${tag}\\b[^>]*>`, 'i').exec(html);
    if (!open) continue;
    const close = html.toLowerCase().lastIndexOf(`</${tag}>`);
    if (close > open.index) return html.slice(open.index + open[0].length, close);
  }
  return html;
}

/** Characters of scripts written without spaces between words: read per character, not per word. */
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Khmer}\p{Script=Lao}]/gu;

/**
 * Minutes a post takes to read: 230 words a minute, and 500 characters a minute in scripts that do
 * not put spaces between words (Chinese, Japanese, Thai…). At least 1.
 */
export function readingMinutes(content: string): number {
  const unspaced = content.match(UNSPACED)?.length ?? 0;
  const words = content
    .replace(UNSPACED, ' ')
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
  return Math.max(1, Math.round(words / 230 + unspaced / 500));
}

/** The first paragraph of real prose, shortened to about `limit` characters on a word boundary. */
export function excerpt(content: string, limit = 180): string {
  for (const match of content.matchAll(/<p\b[^>]*>([\s\S]*?)<\/p>/gi)) {
    const paragraph = text(match[1] ?? '');
    if (paragraph.length < 40) continue;
    if (paragraph.length <= limit) return paragraph;
    const cut = paragraph.slice(0, limit);
    const space = cut.lastIndexOf(' ');
    return `${(space > limit * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, '')}…`;
  }
  return '';
}

/**
 * Reads what a card shows from a rendered post: the frontmatter's word first (through the Markdown
 * marker), then the page's own meta tags, then its content (an excerpt, the first `<time>`).
 */
export function pagePost(html: string, title: string, frontmatter: FrontmatterCard = {}): PagePost {
  const content = contentOf(html);
  const htmlTag = /<html\b[^>]*>/i.exec(html)?.[0] ?? '';
  const lang = /\blang=["']?([A-Za-z0-9-]+)/i.exec(htmlTag)?.[1];
  const dir = /\bdir=["']?(rtl|ltr)/i.exec(htmlTag)?.[1]?.toLowerCase() as PagePost['dir'];
  const datetime = /<time\b[^>]*\bdatetime=["']([^"']+)["']/i.exec(content)?.[1];
  return {
    title: frontmatter.title || title,
    description:
      frontmatter.description ||
      metaContent(html, 'description') ||
      metaContent(html, 'og:description') ||
      excerpt(content),
    author: frontmatter.author || metaContent(html, 'author') || metaContent(html, 'article:author') || undefined,
    date: frontmatter.date || metaContent(html, 'article:published_time') || datetime || undefined,
    readingTime: readingMinutes(text(content)),
    lang,
    dir,
    image: frontmatter.image,
  };
}
