import { fileURLToPath } from 'node:url';
import { type MarkdownPluginContext, markerFor } from './post-frontmatter.js';

// Sätteri's types are not imported: the integration must load on Astro versions without Sätteri.
interface SatteriFactoryContext {
  readonly fileURL: URL | undefined;
}
interface SatteriHastContext {
  readonly data: { astro?: { frontmatter?: unknown } };
  appendChild(node: unknown, child: unknown): void;
}

/** A Sätteri hast plugin that appends the share-block marker to every post's content. */
export function createSatteriMarkerPlugin(context: MarkdownPluginContext) {
  return (factory: SatteriFactoryContext) => {
    const file = factory.fileURL ? fileURLToPath(factory.fileURL) : '(unknown file)';
    return {
      name: context.name,
      after(root: unknown, ctx: SatteriHastContext) {
        ctx.appendChild(root, markerFor(ctx.data.astro?.frontmatter, file, context));
      },
    };
  };
}
