import { fileURLToPath } from 'node:url';
import {
  type HastElement,
  isPlaceBlockParagraph,
  placeBlockMarker,
  QUOTE_PROPERTY,
  SHARE_QUOTE,
  shareQuoteText,
} from './author-markers.js';
import { type MarkdownPluginContext, markerFor } from './post-frontmatter.js';

// Sätteri's types are not imported: the integration must load on Astro versions without Sätteri.
interface SatteriHastContext {
  readonly fileURL: URL | undefined;
  readonly data: { astro?: { frontmatter?: unknown } };
  appendChild(node: unknown, child: unknown): void;
  replaceNode(node: unknown, replacement: unknown): void;
  setProperty(node: unknown, key: string, value: unknown): void;
  textContent(node: unknown): string;
}

/**
 * A Sätteri hast plugin that appends the share-block marker to every post's content and turns the
 * author's `::share` and `> [!share]` into markers. It is a plain object, not a factory: Astro's
 * content cache digests the config as JSON, where functions vanish but a `name` counts, so a new
 * name renews cached posts.
 */
export function createSatteriMarkerPlugin(context: MarkdownPluginContext) {
  return {
    name: context.name,
    element: [
      {
        filter: ['p'],
        visit(node: HastElement, ctx: SatteriHastContext) {
          if (isPlaceBlockParagraph(ctx.textContent(node))) ctx.replaceNode(node, placeBlockMarker());
        },
      },
      {
        filter: ['blockquote'],
        visit(node: HastElement, ctx: SatteriHastContext) {
          // Only a quote whose text has the tag is looked into: reading a node's children makes
          // Sätteri build them as objects, which cost a cold 1,000-post build ~40 ms.
          if (!/\[!share\]/i.test(ctx.textContent(node))) return;
          const text = shareQuoteText(node);
          if (!text) return;
          ctx.replaceNode(text, { type: 'text', value: text.value.replace(SHARE_QUOTE, '') });
          ctx.setProperty(node, QUOTE_PROPERTY, 'true');
        },
      },
    ],
    after(root: unknown, ctx: SatteriHastContext) {
      const file = ctx.fileURL ? fileURLToPath(ctx.fileURL) : '(unknown file)';
      ctx.appendChild(root, markerFor(ctx.data.astro?.frontmatter, file, context));
    },
  };
}
