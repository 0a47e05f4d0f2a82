import { MANIFEST_VERSION } from './constants.js';

/** A page's slice of the manifest, as `pageSliceSchema` in `manifest.ts` validates it. */
export interface PageSliceData {
  v: typeof MANIFEST_VERSION;
  p: string;
  e?: string;
  c: string[];
}

/**
 * The slice a page embeds for the beacon: its id, the ids of its calls-to-action and, when the site
 * has one, the collector endpoint. Schema-free, so it can run inside a site's server bundle.
 */
export function pageSliceOf(pageId: string, ctaIds: readonly string[], endpoint: string | undefined): PageSliceData {
  return { v: MANIFEST_VERSION, p: pageId, ...(endpoint ? { e: endpoint } : {}), c: [...ctaIds] };
}
