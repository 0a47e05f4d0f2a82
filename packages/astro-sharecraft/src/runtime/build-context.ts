import type { AstroIntegrationLogger } from 'astro';
import type { ShippedPages } from '../manifest/write-manifest.js';
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
