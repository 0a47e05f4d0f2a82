import { type MarkdownPluginContext, markerFor } from './post-frontmatter.js';

interface HastRoot {
  children: unknown[];
}
interface VFileLike {
  path?: string;
  data: { astro?: { frontmatter?: unknown } };
}

/** A rehype plugin (for `unified()` and Astro < 6.4) that appends the share-block marker. */
export function createRehypeMarkerPlugin(context: MarkdownPluginContext) {
  const plugin = () => (tree: HastRoot, file: VFileLike) => {
    tree.children.push(markerFor(file.data.astro?.frontmatter, file.path ?? '(unknown file)', context));
  };
  // Astro's content cache keys on plugin names; a name that carries our version renews it.
  Object.defineProperty(plugin, 'name', { value: context.name });
  return plugin;
}
