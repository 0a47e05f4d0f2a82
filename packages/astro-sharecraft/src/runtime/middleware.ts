import config from 'virtual:sharecraft/page-config';
import { AstroError } from 'astro/errors';
import { defineMiddleware } from 'astro/middleware';
import { sitePath, transformPage } from '../page/transform-page.js';
import { buildContext } from './build-context.js';

/** The integration's logger when we run in its process (build, dev); the console otherwise (SSR). */
function warn(message: string): void {
  const logger = buildContext()?.logger;
  if (logger) logger.warn(message);
  else console.warn(`[astro-sharecraft] ${message}`);
}

/**
 * Page-level injection. Runs around every page Astro renders (at build for prerendered pages, per
 * request otherwise, and in `astro dev`), so posts get their block without any layout edit.
 */
export const onRequest = defineMiddleware(async (context, next) => {
  const response = await next();
  if (response.status !== 200 || !response.headers.get('content-type')?.includes('text/html')) return response;
  const html = await response.text();
  const shared = buildContext();
  const source = shared?.routeFiles.get(context.routePattern);
  const result = transformPage(html, { pathname: context.url.pathname, origin: context.url.origin, source }, config);
  const path = sitePath(context.url.pathname, config.base);
  if (shared) {
    // The integration renders the cards (at build) or serves them (in dev) from what pages said.
    if (result.card) shared.cards.set(result.card.file, result.card);
    // And it tells the owner, at the end of the build, about Markdown pages that got no block.
    if (result.unplaced) shared.unplaced.set(path, result.unplaced);
    else if (result.markerless && source && shared.routeRendersMarkdown(source)) {
      shared.markerless.set(path, { source, placed: result.post });
    }
  }
  for (const warning of result.warnings) {
    if (config.strict) throw new AstroError(warning, 'Fix the post, or turn off `strict` to build with a warning.');
    warn(warning);
  }
  // At build, the manifest reads the page from here rather than from disk (see `ShippedPages`).
  shared?.shipped?.record(path, result.html, html);
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(result.html, { status: response.status, statusText: response.statusText, headers });
});
