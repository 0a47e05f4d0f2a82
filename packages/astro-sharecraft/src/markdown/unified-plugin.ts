import { type MarkdownPluginContext, markerFor } from './post-frontmatter.js';

interface HastRoot {
  children: unknown[];
}
interface VFileLike {
  path?: string;
  data: { astro?: { frontmatter?: unknown } };
}

export interface RehypeMarkerOptions {
  /** Not read by the plugin: Astro's content cache digests plugin options, so this renews cached posts. */
  cacheKey: string;
}

/**
 * A rehype plugin (for `unified()` and Astro < 6.4) that appends the share-block marker, as a
 * `[plugin, options]` pair so the options carry a cache key.
 */
export function createRehypeMarkerPlugin(context: MarkdownPluginContext) {
  const plugin = () => (tree: HastRoot, file: VFileLike) => {
    tree.children.push(markerFor(file.data.astro?.frontmatter, file.path ?? '(unknown file)', context));
  };
  const options: RehypeMarkerOptions = { cacheKey: context.name };
  return [plugin, options] as const;
}
