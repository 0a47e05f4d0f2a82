import type { AstroConfig } from 'astro';
import type { MarkdownPluginContext } from './post-frontmatter.js';
import { createSatteriMarkerPlugin } from './satteri-plugin.js';
import { createRehypeMarkerPlugin } from './unified-plugin.js';

interface ProcessorLike {
  name: string;
  options: Record<string, unknown>;
}

export type MarkdownPipeline = 'satteri' | 'unified' | 'legacy';

function pushOnto(options: Record<string, unknown>, key: string, plugin: unknown): void {
  const list = options[key];
  if (Array.isArray(list)) list.push(plugin);
  else options[key] = [plugin];
}

/**
 * Adds the marker plugin to whichever Markdown pipeline the site uses. Astro 7 renders `.md` and
 * `.mdx` with Sätteri by default and skips remark/rehype plugins added the old way, so the processor
 * is detected by name (no import of either package) and the plugin goes where that processor reads.
 * MDX reuses the configured processor, so this covers `.mdx` too.
 */
export function addMarkdownPlugins(
  config: AstroConfig,
  updateConfig: (config: { markdown: { rehypePlugins: unknown[] } }) => unknown,
  context: MarkdownPluginContext,
): MarkdownPipeline {
  const processor = (config.markdown as { processor?: ProcessorLike }).processor;
  if (processor?.name === 'satteri') {
    pushOnto(processor.options, 'hastPlugins', createSatteriMarkerPlugin(context));
    return 'satteri';
  }
  if (processor?.name === 'unified') {
    pushOnto(processor.options, 'rehypePlugins', createRehypeMarkerPlugin(context));
    return 'unified';
  }
  // Astro before 6.4 has no processor: the top-level rehype list is the pipeline.
  updateConfig({ markdown: { rehypePlugins: [createRehypeMarkerPlugin(context)] } });
  return 'legacy';
}
