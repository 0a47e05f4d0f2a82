import { MANIFEST_VERSION } from './constants.js';

/** A page's slice of the manifest, as `pageSliceSchema` in `manifest.ts` validates it. */
export interface PageSliceData {
  v: typeof MANIFEST_VERSION;
  p: string;
  e?: string;
}

/**
 * The slice a page embeds for the beacon: its id and, when the site has one, the collector
 * endpoint. CTA ids are not repeated here: each control carries its own, and the collector checks
 * them against the full manifest. Schema-free, so it can run inside a site's server bundle.
 */
export function pageSliceOf(pageId: string, endpoint: string | undefined): PageSliceData {
  return { v: MANIFEST_VERSION, p: pageId, ...(endpoint ? { e: endpoint } : {}) };
}
