import { fileURLToPath } from 'node:url';
import {
  type HastElement,
  type HastNode,
  isPlaceBlockParagraph,
  PLACE_BLOCK,
  placeBlockMarker,
  QUOTE_PROPERTY,
  SHARE_QUOTE,
  shareQuoteText,
} from './author-markers.js';
import { type MarkdownPluginContext, markerFor } from './post-frontmatter.js';

// Sätteri's types are not imported: the integration must load on Astro versions without Sätteri.
interface SatteriHastContext {
  readonly fileURL: URL | undefined;
  /** The document's source text (Sätteri 0.9 and newer). */
  readonly source?: string;
  /** Since Sätteri 0.9, like `parent`; Sharecraft refuses 0.8 at config time, but MDX may bring its own. */
  readonly data?: Record<string, unknown> & { astro?: { frontmatter?: unknown } };
  parent?(node: unknown): { type: string } | undefined;
  appendChild(node: unknown, child: unknown): void;
  replaceNode(node: unknown, replacement: unknown): void;
  setProperty(node: unknown, key: string, value: unknown): void;
  textContent(node: unknown): string;
}

/**
 * Elements that can stand at the top of a Markdown document. Only elements named in a filter cross
 * from Sätteri's Rust side to JavaScript, and inline ones (`em`, `a`, `code`…) are most of a post, so
 * the list is explicit. A document whose top level holds none of these still gets its marker from
 * `after` on Sätteri 0.10 and newer.
 */
const TOP_LEVEL_TAGS = [
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'blockquote',
  'pre',
  'hr',
  'table',
  'section',
  'div',
  'figure',
  'details',
  'aside',
  'dl',
  'img',
  'picture',
  'video',
  'audio',
  'iframe',
  'math',
  'svg',
];

/** `ctx.data` key: set once the document's end marker is in, so no other visit adds a second. */
const MARKED = 'sharecraftMarked';

type DocumentData = NonNullable<SatteriHastContext['data']>;

function appendMarker(root: unknown, ctx: SatteriHastContext, data: DocumentData, context: MarkdownPluginContext) {
  data[MARKED] = true;
  const file = ctx.fileURL ? fileURLToPath(ctx.fileURL) : '(unknown file)';
  ctx.appendChild(root, markerFor(data.astro?.frontmatter, file, context));
}

/** `> [!share]` anywhere in a text, as the author may write it. */
const SHARE_TAG = /\[!share\]/i;

/** Makes a `> [!share]` quote a shareable passage: the tag goes, the property comes. */
function markShareQuote(node: HastElement, ctx: SatteriHastContext): void {
  const text = shareQuoteText(node);
  if (!text) return;
  ctx.replaceNode(text, { type: 'text', value: text.value.replace(SHARE_QUOTE, '') });
  ctx.setProperty(node, QUOTE_PROPERTY, 'true');
}

/** Every `::share` paragraph and `> [!share]` quote under `parent`, at any depth. */
function markAuthorMarkers(parent: HastNode, ctx: SatteriHastContext): void {
  for (const child of parent.children ?? []) {
    if (child.type !== 'element') continue;
    const element = child as HastElement;
    if (element.tagName === 'p' && isPlaceBlockParagraph(ctx.textContent(element))) {
      ctx.replaceNode(element, placeBlockMarker());
    } else {
      if (element.tagName === 'blockquote' && SHARE_TAG.test(ctx.textContent(element))) markShareQuote(element, ctx);
      markAuthorMarkers(element, ctx);
    }
  }
}

/**
 * The plugin for a Sätteri with document hooks (0.10 and newer): everything happens in `after`, once
 * per document. The tree is only walked when the source has `::share` or `[!share]` at all; any
 * visitor, by contrast, makes Sätteri hand every matching node across to JavaScript, which cost the
 * Markdown rendering of the benchmark's 1,000 posts about 55 % (see bench/markdown.mjs).
 */
function documentHookPlugin(context: MarkdownPluginContext) {
  return {
    name: context.name,
    after(root: HastNode, ctx: SatteriHastContext) {
      const { data, source } = ctx;
      if (!data || data[MARKED]) return;
      if (source === undefined || source.includes(PLACE_BLOCK) || SHARE_TAG.test(source)) markAuthorMarkers(root, ctx);
      appendMarker(root, ctx, data, context);
    },
  };
}

/**
 * A Sätteri hast plugin that appends the share-block marker to every post's content and turns the
 * author's `::share` and `> [!share]` into markers. It is a plain object, not a factory: Astro's
 * content cache digests the config as JSON, where functions vanish but a `name` counts, so a new
 * name renews cached posts.
 *
 * The marker goes in from the first top-level node a visitor sees, appended to the document's root
 * (so it still lands after everything, footnotes included). That works from Sätteri 0.9 (Astro
 * 7.0–7.2), whose hast plugins have no `before`/`after` document hooks: a plugin that only used
 * `after` put no marker on any post there, without a word. `after`, where it exists, covers
 * documents no visitor saw.
 */
export function createSatteriMarkerPlugin(
  context: MarkdownPluginContext,
  { documentHooks = false }: { documentHooks?: boolean } = {},
) {
  if (documentHooks) return documentHookPlugin(context);
  // An older Sätteri (without `parent` and `data`) leaves the document unmarked rather than failing
  // the build: the end of the build then names the pages that got no marker.
  const markDocument = (node: unknown, ctx: SatteriHastContext) => {
    const { data } = ctx;
    if (!data || data[MARKED] || !ctx.parent) return;
    const parent = ctx.parent(node);
    if (parent?.type === 'root') appendMarker(parent, ctx, data, context);
  };
  return {
    name: context.name,
    element: {
      filter: TOP_LEVEL_TAGS,
      visit(node: HastElement, ctx: SatteriHastContext) {
        markDocument(node, ctx);
        if (node.tagName === 'p' && isPlaceBlockParagraph(ctx.textContent(node))) {
          ctx.replaceNode(node, placeBlockMarker());
        } else if (node.tagName === 'blockquote') {
          // Only a quote whose text has the tag is looked into: reading a node's children makes
          // Sätteri build them as objects, which cost a cold 1,000-post build ~40 ms.
          if (SHARE_TAG.test(ctx.textContent(node))) markShareQuote(node, ctx);
        }
      },
    },
    raw: markDocument,
    mdxJsxFlowElement: { filter: [], visit: markDocument },
    mdxFlowExpression: markDocument,
    after(root: unknown, ctx: SatteriHastContext) {
      const { data } = ctx;
      if (data && !data[MARKED]) appendMarker(root, ctx, data, context);
    },
  };
}
