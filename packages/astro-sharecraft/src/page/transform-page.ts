import type { PageSlice } from '@sharecraft/protocol';
import { canonicalPath, derivePageId, PAGE_SLICE_ELEMENT_ID } from '@sharecraft/protocol/ids';
import { unescapeHtml } from '../share/escape-html.js';
import type { NetworkId } from '../share/networks.js';
import { renderShareBlock, SHARE_BLOCK_CSS } from '../share/render-share-block.js';
import { type PostRules, recognisePost } from './recognise-post.js';
import { findSlots } from './slot-marker.js';

/** What the page middleware needs to know, serialisable so it can travel through a virtual module. */
export interface PageConfig {
  rules: PostRules;
  networks: readonly NetworkId[];
  /** `site` from the Astro config, if set. */
  site: string | undefined;
  /** `base` from the Astro config, always starting and ending with `/`. */
  base: string;
  endpoint: string | undefined;
  scripts: { beacon: string; share: string };
}

export interface TransformResult {
  html: string;
  post: boolean;
  /** Why the page is not a post, or how the block was placed. */
  detail: string;
  /** Problems with this page that the owner should hear about. */
  warnings: string[];
}

/** Path of a page relative to the site's base, canonicalised: what `posts.include`/`exclude` match. */
export function sitePath(pathname: string, base: string): string {
  const path = canonicalPath(pathname);
  const trimmedBase = base.replace(/\/+$/, '');
  if (trimmedBase && (path === trimmedBase || path.startsWith(`${trimmedBase}/`))) {
    return canonicalPath(path.slice(trimmedBase.length));
  }
  return path;
}

function stripSlots(html: string): string {
  let out = html;
  for (const slot of findSlots(html).reverse()) out = out.slice(0, slot.start) + out.slice(slot.end);
  return out;
}

/** Finds where the closing tag of the first `<tag>` element begins, counting nested ones. */
function closingTagIndex(html: string, tag: string): number {
  const pattern = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'gi');
  let depth = 0;
  for (const match of html.matchAll(pattern)) {
    if (match[1]) {
      depth -= 1;
      if (depth === 0) return match.index;
    } else {
      depth += 1;
    }
  }
  return -1;
}

function textOf(html: string, pattern: RegExp): string | undefined {
  const match = pattern.exec(html);
  if (!match?.[1]) return undefined;
  const text = unescapeHtml(match[1].replace(/<[^>]+>/g, '')).trim();
  return text || undefined;
}

/**
 * The post's title: what the Markdown frontmatter said, else the page's og:title or first <h1>.
 * `<title>` is not used: it usually carries the site's name too, and layouts fill it with a default.
 */
function titleOf(html: string, fromSlot: string | undefined): string {
  if (fromSlot) return unescapeHtml(fromSlot);
  return (
    textOf(html, /<meta\s+[^>]*property=["']og:title["'][^>]*content=["']([^"']*)["']/i) ??
    textOf(html, /<h1\b[^>]*>([\s\S]*?)<\/h1>/i) ??
    ''
  );
}

/**
 * Turns a page Astro rendered into a Sharecraft post: the share block in place of the Markdown
 * marker (or at the end of the post's `<article>`/`<main>`), plus the page slice and scripts in
 * `<head>`. Pages that are not posts come back unchanged but for the stripped markers.
 */
export function transformPage(
  html: string,
  pathname: string,
  requestOrigin: string,
  config: PageConfig,
): TransformResult {
  const slots = findSlots(html);
  const path = sitePath(pathname, config.base);
  const recognition = recognisePost(path, slots, config.rules);
  if (!recognition.post) {
    return { html: slots.length > 0 ? stripSlots(html) : html, post: false, detail: recognition.reason, warnings: [] };
  }

  const warnings: string[] = [];
  const pageId = derivePageId(path);
  const url = new URL(pathname, config.site ?? requestOrigin).href;
  const title = titleOf(html, recognition.placement === 'slot' ? recognition.slot.title : undefined);
  if (recognition.placement === 'slot' && !recognition.slot.title) {
    warnings.push(
      `The post ${recognition.slot.file ?? path} has no \`title\` in its frontmatter; its share links will carry ${title ? `the page heading “${title}”` : 'the URL alone'}.`,
    );
  }
  const block = renderShareBlock({
    pageId,
    placement: 'end',
    url,
    title,
    networks: config.networks,
    fromMarkdown: recognition.placement === 'slot',
  });

  let out: string;
  let detail: string;
  if (recognition.placement === 'slot') {
    out = stripSlots(html.slice(0, recognition.slot.start) + block.html + html.slice(recognition.slot.end));
    detail = 'placed at the end of the Markdown content';
  } else {
    const stripped = stripSlots(html);
    const article = closingTagIndex(stripped, 'article');
    const main = article === -1 ? closingTagIndex(stripped, 'main') : -1;
    const at = article !== -1 ? article : main;
    if (at === -1) {
      warnings.push(
        `${path} is a post but has no <article> or <main> to put the share block in; wrap the post's content in <article>, or add its path to \`posts.exclude\` if it is not a post.`,
      );
      return { html: stripped, post: false, detail: 'no place for the block', warnings };
    }
    out = stripped.slice(0, at) + block.html + stripped.slice(at);
    detail = `placed at the end of <${article !== -1 ? 'article' : 'main'}>`;
  }

  const slice: PageSlice = {
    v: 1,
    p: pageId,
    ...(config.endpoint ? { e: config.endpoint } : {}),
    c: block.ctas.map((cta) => cta.id),
  };
  // `<` is escaped so no title can close the script element early.
  const sliceJson = JSON.stringify(slice).replace(/</g, '\\u003c');
  const head =
    `<script type="application/json" id="${PAGE_SLICE_ELEMENT_ID}">${sliceJson}</script>` +
    `<style data-sharecraft>${SHARE_BLOCK_CSS}</style>` +
    `<script type="module" src="${config.scripts.share}"></script>` +
    (config.endpoint ? `<script type="module" src="${config.scripts.beacon}"></script>` : '');
  const headEnd = out.search(/<\/head>/i);
  out = headEnd === -1 ? head + out : out.slice(0, headEnd) + head + out.slice(headEnd);
  return { html: out, post: true, detail, warnings };
}
