import type { AstroConfig } from 'astro';
import { AstroError } from 'astro/errors';
import { type InstalledPackage, installedPackage, majorMinor } from './installed-package.js';
import type { MarkdownPluginContext } from './post-frontmatter.js';
import { createSatteriMarkerPlugin } from './satteri-plugin.js';
import { createRehypeMarkerPlugin } from './unified-plugin.js';

interface ProcessorLike {
  name: string;
  options: Record<string, unknown>;
}

/** Which Markdown pipeline renders the site's posts, and in which versions, for messages. */
export interface MarkdownPipeline {
  kind: 'satteri' | 'unified' | 'legacy' | 'unknown';
  /** “Sätteri 0.9.5 (@astrojs/markdown-satteri 0.3.1)”, “unified() (@astrojs/markdown-remark 7.2.0)”… */
  description: string;
}

/** The plugin entries this integration added, so a second call (or `astro:config:done`) can find them. */
type Added = { satteri?: unknown; rehype: unknown };

/** What the plugins need, and which Astro the site has (for messages), and the plugins added before. */
export type MarkdownContext = MarkdownPluginContext & { astro: InstalledPackage | undefined; added?: Added };

/** The oldest Sätteri whose hast plugins can see a node's parent and the document's frontmatter. */
const OLDEST_SATTERI: [number, number] = [0, 9];

/** Sätteri 0.10 brought `before`/`after` hooks to hast plugins. */
function hasDocumentHooks(version: string): boolean {
  const [major, minor] = majorMinor(version);
  return major > 0 || minor >= 10;
}

function versioned(name: string, found: InstalledPackage | undefined): string {
  return found ? `${name} ${found.version}` : `${name} (version unknown)`;
}

/**
 * The Markdown package behind `markdown.processor`: the site's own copy when it has one (a theme
 * that calls `satteri({ … })` imports it), else the one Astro brings for its default processor.
 */
function processorPackage(name: string, root: string, astro: InstalledPackage | undefined) {
  return installedPackage(name, root) ?? (astro ? installedPackage(name, astro.dir) : undefined);
}

function pushOnto(options: Record<string, unknown>, key: string, plugin: unknown): void {
  const list = options[key];
  if (Array.isArray(list)) {
    if (!list.includes(plugin)) list.push(plugin);
  } else options[key] = [plugin];
}

/** The Sätteri the processor runs, found through the `@astrojs/markdown-satteri` that wraps it. */
function satteriPackages(root: string, astro: InstalledPackage | undefined) {
  const wrapper = processorPackage('@astrojs/markdown-satteri', root, astro);
  const satteri = wrapper ? installedPackage('satteri', wrapper.dir) : undefined;
  return {
    satteri,
    description: `${versioned('Sätteri', satteri)} (${versioned('@astrojs/markdown-satteri', wrapper)})`,
  };
}

/**
 * Adds the marker plugin to whichever Markdown pipeline the site uses. Astro 7 renders `.md` and
 * `.mdx` with Sätteri by default and skips remark/rehype plugins added the old way, so the processor
 * is detected by name (no import of either package) and the plugin goes where that processor reads.
 * MDX reuses the configured processor, so this covers `.mdx` too. Called again from
 * `astro:config:done`: an integration listed after Sharecraft may have replaced the processor.
 */
export function addMarkdownPlugins(
  config: AstroConfig,
  updateConfig: ((config: { markdown: { rehypePlugins: unknown[] } }) => unknown) | undefined,
  context: MarkdownContext,
): MarkdownPipeline & { added: Added } {
  const added: Added = context.added ?? { rehype: createRehypeMarkerPlugin(context) };
  const { root, astro } = context;
  const processor = (config.markdown as { processor?: ProcessorLike }).processor;
  if (processor?.name === 'satteri') {
    const { satteri, description } = satteriPackages(root, astro);
    const [major, minor] = satteri ? majorMinor(satteri.version) : OLDEST_SATTERI;
    if (major === 0 && minor < OLDEST_SATTERI[1]) {
      throw new AstroError(
        `Sharecraft cannot mark posts rendered by ${description}${astro ? ` on Astro ${astro.version}` : ''}: that Sätteri gives its plugins neither a node's parent nor the post's frontmatter, so no post would get a share block.`,
        astro && majorMinor(astro.version)[0] < 7
          ? 'Use Astro 6’s default processor (remove `markdown.processor: satteri()` from astro.config.*), or move to Astro 7 (`npx @astrojs/upgrade`), whose Sätteri Sharecraft supports.'
          : 'Update `@astrojs/markdown-satteri` to 0.3.1 or newer (`npm install @astrojs/markdown-satteri@latest`), or update Astro (`npx @astrojs/upgrade`).',
      );
    }
    // A Sätteri with document hooks (0.10+) gets the plugin that runs once per document, unless an
    // installed @astrojs/mdx would render `.mdx` with an older one: MDX 8 through the
    // @astrojs/markdown-satteri it loads, MDX 7.0 through its own import of `satteri`.
    const mdx = installedPackage('@astrojs/mdx', root);
    const mdxWrapper = mdx ? installedPackage('@astrojs/markdown-satteri', mdx.dir) : undefined;
    const mdxSatteri = mdx ? installedPackage('satteri', (mdxWrapper ?? mdx).dir) : undefined;
    const hooks = [satteri, mdxSatteri].every((found) => !found || hasDocumentHooks(found.version));
    added.satteri ??= createSatteriMarkerPlugin(context, { documentHooks: satteri !== undefined && hooks });
    pushOnto(processor.options, 'hastPlugins', added.satteri);
    return { kind: 'satteri', description, added };
  }
  if (processor?.name === 'unified') {
    pushOnto(processor.options, 'rehypePlugins', added.rehype);
    const remark = processorPackage('@astrojs/markdown-remark', root, astro);
    return { kind: 'unified', description: `unified() (${versioned('@astrojs/markdown-remark', remark)})`, added };
  }
  if (processor) {
    return { kind: 'unknown', description: `a Markdown processor named ${JSON.stringify(processor.name)}`, added };
  }
  // Astro before 6.4 has no processor: the top-level rehype list is the pipeline.
  updateConfig?.({ markdown: { rehypePlugins: [added.rehype] } });
  return { kind: 'legacy', description: 'Astro’s remark and rehype pipeline (`markdown.rehypePlugins`)', added };
}
