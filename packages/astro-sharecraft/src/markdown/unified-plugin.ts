import {
  type HastElement,
  type HastNode,
  type HastText,
  isPlaceBlockParagraph,
  placeBlockMarker,
  QUOTE_PROPERTY,
  SHARE_QUOTE,
  shareQuoteText,
} from './author-markers.js';
import { type MarkdownPluginContext, markerFor } from './post-frontmatter.js';

interface HastRoot {
  children: HastNode[];
}
interface VFileLike {
  path?: string;
  data: { astro?: { frontmatter?: unknown } };
}

export interface RehypeMarkerOptions {
  /** Not read by the plugin: Astro's content cache digests plugin options, so this renews cached posts. */
  cacheKey: string;
}

function textContent(node: HastNode): string {
  if (node.type === 'text') return (node as HastText).value;
  return (node.children ?? []).map(textContent).join('');
}

/** Applies the author's `::share` and `> [!share]` below `parent`, depth first. */
function markAuthorPlacements(parent: { children?: HastNode[] }): void {
  const children = parent.children ?? [];
  children.forEach((child, index) => {
    if (child.type !== 'element') return;
    const element = child as HastElement;
    if (element.tagName === 'p' && isPlaceBlockParagraph(textContent(element))) {
      children[index] = placeBlockMarker();
      return;
    }
    if (element.tagName === 'blockquote') {
      const text = shareQuoteText(element);
      if (text) {
        text.value = text.value.replace(SHARE_QUOTE, '');
        element.properties = { ...element.properties, [QUOTE_PROPERTY]: 'true' };
      }
    }
    markAuthorPlacements(element);
  });
}

/**
 * A rehype plugin (for `unified()` and Astro < 6.4) that appends the share-block marker and applies
 * the author's placements, as a `[plugin, options]` pair so the options carry a cache key.
 */
export function createRehypeMarkerPlugin(context: MarkdownPluginContext) {
  const plugin = () => (tree: HastRoot, file: VFileLike) => {
    markAuthorPlacements(tree);
    tree.children.push(markerFor(file.data.astro?.frontmatter, file.path ?? '(unknown file)', context));
  };
  const options: RehypeMarkerOptions = { cacheKey: context.name };
  return [plugin, options] as const;
}
