import type { CreationLicence } from '@sharecraft/protocol';
import type { AstroIntegrationLogger } from 'astro';
import type { LoadedCreations } from '../creations/load-creations.js';
import type { ShippedPages } from '../manifest/write-manifest.js';
import type { NotAPost } from '../page/recognise-post.js';
import type { PageCard } from '../page/transform-page.js';

/**
 * What the integration shares with the page middleware, which Astro loads as a separate module:
 * its logger, and which source file renders each route. Present in the integration's own process
 * (build, dev); absent in a deployed server, where the middleware falls back to the console.
 */
export interface BuildContext {
  logger: AstroIntegrationLogger;
  /** Route pattern (`/blog/untitled`) → the file that renders it (`src/pages/blog/untitled.astro`). */
  routeFiles: Map<string, string>;
  /** The share card of every post rendered so far, by file name (`<page id>.png`). */
  cards: Map<string, PageCard>;
  /** Pages that rendered Markdown or MDX but got no block, by path, and why. */
  unplaced: Map<string, NotAPost>;
  /**
   * Pages whose route renders Markdown or MDX (a `.md`/`.mdx` page, or a route that calls
   * `render()` on a content entry) but which carried no marker: the Markdown plugin did not run.
   * By path, with the route's file and whether the block came from `posts.include` anyway.
   */
  markerless: Map<string, { source: string; placed: boolean }>;
  /**
   * Whether a route file renders Markdown or MDX (see `page/renders-markdown.ts`). A function here,
   * so the middleware, which deployed servers also run, never imports `node:fs`.
   */
  routeRendersMarkdown(source: string): boolean;
  /**
   * The approved creations the integration read from `creations.source` (undefined without one),
   * with the owner's licences: `creationsLoader()` without options gives these, read once.
   */
  creations?: { loaded: Promise<LoadedCreations>; licences: readonly CreationLicence[] } | undefined;
  /** At `astro build` only: takes each page's HTML for the manifest. */
  shipped?: ShippedPages | undefined;
}

const SLOT = Symbol.for('astro-sharecraft.build-context');

export function shareBuildContext(context: BuildContext): void {
  (globalThis as Record<symbol, unknown>)[SLOT] = context;
}

export function buildContext(): BuildContext | undefined {
  return (globalThis as Record<symbol, BuildContext | undefined>)[SLOT];
}
