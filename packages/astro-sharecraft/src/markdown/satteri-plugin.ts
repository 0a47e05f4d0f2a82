import { fileURLToPath } from 'node:url';
import { type MarkdownPluginContext, markerFor } from './post-frontmatter.js';

// Sätteri's types are not imported: the integration must load on Astro versions without Sätteri.
interface SatteriHastContext {
  readonly fileURL: URL | undefined;
  readonly data: { astro?: { frontmatter?: unknown } };
  appendChild(node: unknown, child: unknown): void;
}

/**
 * A Sätteri hast plugin that appends the share-block marker to every post's content. It is a plain
 * object, not a factory: Astro's content cache digests the config as JSON, where functions vanish
 * but a `name` counts, so a new name renews cached posts.
 */
export function createSatteriMarkerPlugin(context: MarkdownPluginContext) {
  return {
    name: context.name,
    after(root: unknown, ctx: SatteriHastContext) {
      const file = ctx.fileURL ? fileURLToPath(ctx.fileURL) : '(unknown file)';
      ctx.appendChild(root, markerFor(ctx.data.astro?.frontmatter, file, context));
    },
  };
}
