import { createHash } from 'node:crypto';
import { type ManifestCta, type ManifestForm, PAGE_SLICE_ELEMENT_ID, parsePageSlice } from '@sharecraft/protocol';
import { ctaId } from '@sharecraft/protocol/ids';
import { unescapeHtml } from '../share/escape-html.js';
import { SELECTION_NETWORKS } from '../share/selection.js';

export interface ShippedPage {
  id: string;
  title: string;
  url: string;
  /** See `contentHash`. */
  contentHash: string;
  ctas: ManifestCta[];
  /** The creation forms on the page. */
  forms: ManifestForm[];
}

/**
 * What `contentHash` leaves out, in one pass: scripts, styles, templates and noscripts (first, as
 * the pattern refers back to its group), comments, Sharecraft's own markup, every other tag, and all
 * whitespace, so neither markup nor reflowed source lines count as a change. One pattern rather than
 * a pass for each: the hash reads every page of the site.
 */
const NOT_CONTENT = new RegExp(
  [
    /<(script|style|template|noscript)\b[^>]*>[\s\S]*?<\/\1>/,
    /<!--[\s\S]*?-->/,
    /<aside class="sharecraft"[^>]*>[\s\S]*?<\/aside>/,
    /<div class="sc-row"[^>]*>[\s\S]*?<\/div>/,
    /<details class="sc-create"[^>]*>[\s\S]*?<\/details>/,
    /<p id="sc-thanks"[^>]*>[^<]*<\/p>/,
    /<section class="sc-gallery"[^>]*>[\s\S]*?<\/section>/,
    /<[^>]*>/,
    /\s+/,
  ]
    .map((pattern) => pattern.source)
    .join('|'),
  'gi',
);

/**
 * A hash of the text of the page's main content (its `<main>`, else its `<body>`) as readers see
 * it: tags, scripts, styles, Sharecraft's own markup and whitespace left out. An edit to
 * the post changes it; a new stylesheet, script hash or share block does not.
 */
export function contentHash(html: string): string {
  const content =
    /<main\b[^>]*>([\s\S]*)<\/main>/i.exec(html)?.[1] ?? /<body\b[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  const stripped = content.replace(NOT_CONTENT, '');
  // A character reference can stand for whitespace (`&nbsp;`), which counts no more than the rest.
  const text = stripped.includes('&') ? unescapeHtml(stripped).replace(/\s+/g, '') : stripped;
  return createHash('sha256').update(text).digest('base64url').slice(0, 16);
}

const SLICE = new RegExp(`<script type="application/json" id="${PAGE_SLICE_ELEMENT_ID}">([^<]*)</script>`);
/**
 * A share container (block, quote row, remix prompt, creation form) or a control inside one; see
 * `render-share-block.ts` and `render-creation-form.ts`.
 */
const TAG = /<(?:aside|div|a|button|details|summary)\b[^>]*\bdata-sc(?:-at)?="[^"]*"[^>]*>/g;

/** The attribute every tag `TAG` matches carries. */
const CONTROL_ATTRIBUTE = /\bdata-sc(?:-at)?="/;

/** One pattern per attribute name, made once: a build reads thousands of tags. */
const ATTRIBUTES = new Map<string, RegExp>();

function attribute(tag: string, name: string): string | undefined {
  let pattern = ATTRIBUTES.get(name);
  if (!pattern) {
    pattern = new RegExp(`\\s${name}(?:="([^"]*)")?[\\s>]`);
    ATTRIBUTES.set(name, pattern);
  }
  const match = pattern.exec(tag);
  if (!match) return undefined;
  return unescapeHtml(match[1] ?? '');
}

function kindOf(placement: string, action: string): ManifestCta['kind'] {
  if (action === 'copy' || action === 'native' || action === 'remix') return action;
  return placement.startsWith('quote-') ? 'quote' : 'share';
}

/**
 * Reads back what a built post actually shipped: its slice and the controls in its share blocks,
 * plus the selection popover's controls when a block offers it. The manifest is made from this, so
 * it lists exactly what readers can click. Returns undefined for a page Sharecraft did not touch.
 * `contentHtml`, when given, is the same page before Sharecraft added to it (what the middleware
 * received): the content hash leaves Sharecraft's markup out anyway, and this is shorter to read.
 */
export function readShippedPage(html: string, contentHtml = html): ShippedPage | undefined {
  const sliceJson = SLICE.exec(html)?.[1];
  if (!sliceJson) return undefined;
  const slice = parsePageSlice(JSON.parse(sliceJson));
  if (!slice.ok) return undefined;
  let title = '';
  let url = '';
  let placement = 'page';
  let selection: { from: string; networks: string[] } | undefined;
  const ctas: ManifestCta[] = [];
  const forms: ManifestForm[] = [];
  // No control comes before the first tag that names one: the head and most of a post are skipped.
  const first = html.search(CONTROL_ATTRIBUTE);
  const controls = first === -1 ? '' : html.slice(Math.max(0, html.lastIndexOf('<', first)));
  for (const [tag] of controls.matchAll(TAG)) {
    const at = attribute(tag, 'data-sc-at');
    if (at !== undefined) {
      placement = at;
      // A creation form's wrapper: its placement is its id.
      if (tag.startsWith('<details class="sc-create"')) forms.push({ id: at, placement: at });
      if (tag.startsWith('<aside class="sharecraft"')) {
        title ||= attribute(tag, 'data-sc-title') ?? '';
        url ||= attribute(tag, 'data-sc-url') ?? '';
        if (!selection && attribute(tag, 'data-sc-sel') !== undefined) selection = { from: at, networks: [] };
      }
      continue;
    }
    const action = attribute(tag, 'data-sc');
    if (!action) continue;
    const kind = kindOf(placement, action);
    const network = kind === 'share' || kind === 'quote' ? action : undefined;
    ctas.push({ id: ctaId(placement, action), kind, ...(network ? { network } : {}), placement });
    const offered = selection?.from === placement && tag.startsWith('<a') && kind === 'share';
    if (offered && selection && selection.networks.length < SELECTION_NETWORKS) selection.networks.push(action);
  }
  for (const network of selection?.networks ?? []) {
    ctas.push({ id: ctaId('selection', network), kind: 'quote', network, placement: 'selection' });
  }
  // With the creation form on the page, the popover also links to it (see `client/selection.ts`).
  if (selection && forms.length > 0)
    ctas.push({ id: ctaId('selection', 'remix'), kind: 'remix', placement: 'selection' });
  return { id: slice.value.p, title, url, contentHash: contentHash(contentHtml), ctas, forms };
}
