import { CTA_KINDS, type ManifestCta, PAGE_SLICE_ELEMENT_ID, parsePageSlice } from '@sharecraft/protocol';
import { unescapeHtml } from '../share/escape-html.js';

export interface ShippedPage {
  id: string;
  title: string;
  url: string;
  ctas: ManifestCta[];
}

const SLICE = new RegExp(`<script type="application/json" id="${PAGE_SLICE_ELEMENT_ID}">([^<]*)</script>`);
const BLOCK = /<aside\b[^>]*\bdata-sharecraft-block="([^"]*)"[^>]*>/g;
const CONTROL = /<(?:a|button)\b[^>]*\bdata-sc-cta="([0-9a-z.-]+)"[^>]*>/g;

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}="([^"]*)"`).exec(tag);
  return match?.[1] === undefined ? undefined : unescapeHtml(match[1]);
}

/**
 * Reads back what a built post actually shipped: its slice and the controls in its share blocks.
 * The manifest is made from this, so it lists exactly what readers can click. Returns undefined
 * for a page Sharecraft did not touch.
 */
export function readShippedPage(html: string): ShippedPage | undefined {
  const sliceJson = SLICE.exec(html)?.[1];
  if (!sliceJson) return undefined;
  const slice = parsePageSlice(JSON.parse(sliceJson));
  if (!slice.ok) return undefined;
  let title = '';
  let url = '';
  const blocks: { start: number; placement: string }[] = [];
  for (const block of html.matchAll(BLOCK)) {
    title ||= attribute(block[0], 'data-sc-title') ?? '';
    url ||= attribute(block[0], 'data-sc-url') ?? '';
    blocks.push({ start: block.index, placement: unescapeHtml(block[1] ?? '') });
  }
  const placementAt = (index: number) => blocks.findLast((block) => block.start < index)?.placement ?? 'page';
  const ctas: ManifestCta[] = [];
  for (const control of html.matchAll(CONTROL)) {
    const [tag, id] = control;
    const kind = attribute(tag, 'data-sc-kind');
    if (!id || !kind || !(CTA_KINDS as readonly string[]).includes(kind)) continue;
    const network = attribute(tag, 'data-sc-network');
    ctas.push({
      id,
      kind: kind as ManifestCta['kind'],
      ...(network ? { network } : {}),
      placement: placementAt(control.index),
    });
  }
  return { id: slice.value.p, title, url, ctas };
}
