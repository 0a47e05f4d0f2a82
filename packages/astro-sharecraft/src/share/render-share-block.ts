import type { ManifestCta } from '@sharecraft/protocol';
import { ctaId } from '@sharecraft/protocol/ids';
import { escapeHtml } from './escape-html.js';
import { iconSvg } from './icons.js';
import { NETWORKS, type NetworkId, type ShareAction, shareIntentUrl } from './networks.js';
import { sharedUrl } from './share-url.js';
import { formatString, type ShareStrings } from './strings.js';

export interface ShareBlockInput {
  /** Where the block sits on the page (`end`, `here`): the first part of each of its CTA ids. */
  placement: string;
  /** Absolute URL of the post, serialised (`new URL(…).href`). */
  url: string;
  title: string;
  actions: readonly ShareAction[];
  utm: boolean;
  strings: ShareStrings;
  /**
   * Language of `strings` when it differs from the page's, so screen readers pronounce a fallback
   * (English on a Persian page) right; undefined when the page's own `lang` already says it.
   */
  lang: string | undefined;
  /** Where the remix invitation leads; no invitation without it. */
  remixUrl?: string | undefined;
  /** Offer a share popover for text the reader selects in the post. */
  selectionSharing: boolean;
}

export interface RenderedShareBlock {
  html: string;
  ctas: ManifestCta[];
}

/**
 * Markup conventions the share script and the manifest reader rely on, kept small because they ship
 * in every post:
 * - a container (block, quote row, remix prompt) has `data-sc-at` (its placement), `data-sc-url`,
 *   `data-sc-title` and, when UTM tags are on, `data-sc-utm`;
 * - a control inside it has `data-sc` (its action: a network, `native`, `copy`, `mastodon`,
 *   `remix`); its CTA id is `<placement>.<action>`.
 */
export const isLinkNetwork = (action: ShareAction): action is NetworkId => action in NETWORKS;

/** Attributes every share container carries. */
export function containerAttributes(placement: string, url: string, title: string, utm: boolean): string {
  return `data-sc-at="${escapeHtml(placement)}" data-sc-url="${escapeHtml(url)}" data-sc-title="${escapeHtml(title)}"${utm ? ' data-sc-utm' : ''}`;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&#39;' };

/** A JSON value in a single-quoted attribute: its double quotes need no escaping there. */
function jsonAttribute(value: unknown): string {
  return `'${JSON.stringify(value).replace(/[&<>']/g, (char) => ESCAPES[char] ?? char)}'`;
}

/** The link to the remix page, carrying the post (and a quote, if any) as context; or a link to the form on the page (`#…`). */
export function remixHref(remixUrl: string, post: { url: string; title: string; quote?: string }): string {
  // The creation form on the same page: the form script carries the post and the quote.
  if (remixUrl.startsWith('#')) return remixUrl;
  const params = new URLSearchParams({ post: post.url, title: post.title });
  if (post.quote) params.set('quote', post.quote);
  return `${remixUrl}${remixUrl.includes('?') ? '&' : '?'}${params}`;
}

/** The invitation to make something in response: a link to the owner's remix page, carrying the post. */
export function renderRemix(input: {
  placement: string;
  url: string;
  title: string;
  strings: ShareStrings;
  remixUrl: string;
  ctas: ManifestCta[];
  className: string;
}): string {
  input.ctas.push({ id: ctaId(input.placement, 'remix'), kind: 'remix', placement: input.placement });
  const href = remixHref(input.remixUrl, { url: input.url, title: input.title });
  const { remix } = input.strings;
  return (
    `<div class="${input.className}">` +
    `<p>${escapeHtml(remix.heading)}</p><p>${escapeHtml(remix.body)}</p>` +
    `<a class="sharecraft__primary" href="${escapeHtml(href)}" data-sc="remix">${iconSvg('remix')}${escapeHtml(remix.cta)}</a>` +
    '</div>'
  );
}

/** A control in the block: its whole markup, or a network link's markup either side of its href. */
type BlockControl = string | { network: NetworkId; before: string; after: string };

/** What a block is made of but for the post's URL and title, which every page of a site shares. */
interface BlockParts {
  /** `<aside …`, up to the container attributes. */
  open: string;
  /** From after the container attributes to the first control. */
  head: string;
  controls: BlockControl[];
  ctas: ManifestCta[];
}

/** By the texts (resolved once per site and language by the page middleware), then the other options. */
const PARTS = new WeakMap<ShareStrings, Map<string, BlockParts>>();

function blockParts(input: ShareBlockInput): BlockParts {
  const { strings, placement } = input;
  const key = JSON.stringify([placement, input.actions, input.lang, input.selectionSharing]);
  let byOptions = PARTS.get(strings);
  if (!byOptions) {
    byOptions = new Map();
    PARTS.set(strings, byOptions);
  }
  const known = byOptions.get(key);
  if (known) return known;

  const ctas: ManifestCta[] = [];
  const controls: BlockControl[] = [];
  const cta = (kind: ManifestCta['kind'], action: string, network?: string) => {
    ctas.push({ id: ctaId(placement, action), kind, ...(network ? { network } : {}), placement });
  };
  // Buttons go without `type="button"`: the block is never inside a form, where it would matter.
  for (const action of input.actions) {
    if (isLinkNetwork(action)) {
      cta('share', action, action);
      const name = strings.networks[action];
      // A mail client opens by itself; a new tab for it would be left empty. No referrer: the
      // network learns nothing from us but what the reader chose to share.
      const tab = action === 'email' ? '' : ' target="_blank" rel="noreferrer"';
      const hint = action === 'email' ? '' : ` ${strings.opensInNewTab}`;
      controls.push({
        network: action,
        before: '<li><a href="',
        after: `"${tab} aria-label="${escapeHtml(formatString(strings.shareOn, { network: name }) + hint)}" data-sc="${action}">${iconSvg(action)}${escapeHtml(name)}</a></li>`,
      });
    } else if (action === 'mastodon') {
      cta('share', 'mastodon', 'mastodon');
      const { label, placeholder, submit, invalid } = strings.mastodon;
      // The server form is built by the script on first use, from these texts.
      controls.push(
        `<li hidden><button aria-expanded="false" aria-label="${escapeHtml(formatString(strings.shareOn, { network: strings.networks.mastodon }))}" data-sc="mastodon" data-sc-m=${jsonAttribute([label, placeholder, submit, invalid])}>${iconSvg('mastodon')}${escapeHtml(strings.mastodon.button)}</button></li>`,
      );
    } else if (action === 'copy') {
      cta('copy', 'copy');
      controls.push(
        `<li hidden><button data-sc="copy" data-sc-ok="${escapeHtml(strings.linkCopied)}" data-sc-no="${escapeHtml(strings.copyFailed)}">${iconSvg('copy')}${escapeHtml(strings.copyLink)}</button></li>`,
      );
    } else {
      cta('native', 'native');
      controls.push(
        `<li hidden><button data-sc="native">${iconSvg('native')}${escapeHtml(strings.nativeShare)}</button></li>`,
      );
    }
  }
  const selection = input.selectionSharing ? ` data-sc-sel="${escapeHtml(strings.quote.selection)}"` : '';
  const headingId = `sc-${placement}`;
  const parts: BlockParts = {
    open: `<aside class="sharecraft"${input.lang ? ` lang="${escapeHtml(input.lang)}"` : ''} aria-labelledby="${headingId}" `,
    head: `${selection}><p id="${headingId}">${escapeHtml(strings.heading)}</p><ul role="list">`,
    controls,
    ctas,
  };
  byOptions.set(key, parts);
  return parts;
}

/**
 * The share block: one real link per network (it works with JavaScript off), plus the actions the
 * share script reveals where the browser can do them. What the manifest lists is read back from
 * exactly this markup, so it is what the page shows. All but the links and the post's URL and
 * title is made once per site and language (see `blockParts`): per page it took a third of the
 * page middleware's time.
 */
export function renderShareBlock(input: ShareBlockInput): RenderedShareBlock {
  const parts = blockParts(input);
  const ctas = [...parts.ctas];
  let html = parts.open + containerAttributes(input.placement, input.url, input.title, input.utm) + parts.head;
  for (const control of parts.controls) {
    if (typeof control === 'string') {
      html += control;
    } else {
      const post = { url: sharedUrl(input.url, control.network, input.utm), title: input.title };
      html += control.before + escapeHtml(shareIntentUrl(control.network, post)) + control.after;
    }
  }
  const remix = input.remixUrl
    ? renderRemix({ ...input, remixUrl: input.remixUrl, ctas, className: 'sharecraft__remix' })
    : '';
  html += `</ul><p role="status"></p>${remix}</aside>`;
  return { html, ctas };
}
