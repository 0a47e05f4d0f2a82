import type { ManifestCta } from '@sharecraft/protocol';
import { ctaId } from '@sharecraft/protocol/ids';
import { escapeHtml } from './escape-html.js';
import { iconSvg } from './icons.js';
import { NETWORKS, type NetworkId, type ShareAction, shareIntentUrl } from './networks.js';
import { sharedUrl } from './share-url.js';
import { formatString, type ShareStrings } from './strings.js';

export interface ShareBlockInput {
  pageId: string;
  /** Where the block sits on the page; part of every CTA id, so two blocks never share one. */
  placement: string;
  /** Absolute URL of the post. */
  url: string;
  title: string;
  actions: readonly ShareAction[];
  utm: boolean;
  strings: ShareStrings;
  /** Language of `strings`, so screen readers pronounce a fallback (English on a Persian page) right. */
  lang: string;
  /** Where the remix invitation leads; no invitation without it. */
  remixUrl?: string | undefined;
  /** Offer a share popover for text the reader selects in the post. */
  selectionSharing: boolean;
}

export interface RenderedShareBlock {
  html: string;
  ctas: ManifestCta[];
}

const isLinkNetwork = (action: ShareAction): action is NetworkId => action in NETWORKS;

/** The link to the remix page, carrying the post (and a quote, if any) as context. */
export function remixHref(remixUrl: string, post: { url: string; title: string; quote?: string }): string {
  const params = new URLSearchParams({ post: post.url, title: post.title });
  if (post.quote) params.set('quote', post.quote);
  return `${remixUrl}${remixUrl.includes('?') ? '&' : '?'}${params}`;
}

/**
 * The invitation to make something in response: a link to the owner's remix page, carrying the post
 * as context. Adds its CTA to `ctas`.
 */
export function renderRemix(input: {
  pageId: string;
  placement: string;
  url: string;
  title: string;
  strings: ShareStrings;
  remixUrl: string;
  ctas: ManifestCta[];
  className: string;
}): string {
  const id = ctaId(input.placement, 'remix');
  input.ctas.push({ id, kind: 'remix', placement: input.placement });
  const href = remixHref(input.remixUrl, { url: input.url, title: input.title });
  const { remix } = input.strings;
  return (
    `<div class="${input.className}">` +
    `<p class="sharecraft__heading">${escapeHtml(remix.heading)}</p>` +
    `<p class="sharecraft__body">${escapeHtml(remix.body)}</p>` +
    `<a class="sharecraft__action sharecraft__action--primary" href="${escapeHtml(href)}" data-sc-cta="${id}" data-sc-kind="remix">${iconSvg('remix')}<span class="sharecraft__label">${escapeHtml(remix.cta)}</span></a>` +
    '</div>'
  );
}

/**
 * The share block: one real link per network (it works with JavaScript off), plus the actions the
 * share script reveals where the browser can do them. Each control carries its CTA id, so what the
 * manifest lists is exactly what the page shows.
 */
export function renderShareBlock(input: ShareBlockInput): RenderedShareBlock {
  const { strings, placement } = input;
  const ctas: ManifestCta[] = [];
  const items: string[] = [];
  const cta = (kind: ManifestCta['kind'], action: string, network?: string) => {
    const id = ctaId(placement, action);
    ctas.push({ id, kind, ...(network ? { network } : {}), placement });
    return id;
  };
  const label = (icon: Parameters<typeof iconSvg>[0], text: string) =>
    `${iconSvg(icon)}<span class="sharecraft__label">${escapeHtml(text)}</span>`;

  for (const action of input.actions) {
    if (isLinkNetwork(action)) {
      const id = cta('share', action, action);
      const href = shareIntentUrl(action, { url: sharedUrl(input.url, action, input.utm), title: input.title });
      const name = strings.networks[action];
      // A mail client opens by itself; a new tab for it would be left empty.
      const tab = action === 'email' ? '' : ' target="_blank" rel="noopener noreferrer"';
      const hint = action === 'email' ? '' : ` ${strings.opensInNewTab}`;
      items.push(
        `<li><a class="sharecraft__action" href="${escapeHtml(href)}"${tab} aria-label="${escapeHtml(formatString(strings.shareOn, { network: name }) + hint)}" data-sc-cta="${id}" data-sc-kind="share" data-sc-network="${action}">${label(action, name)}</a></li>`,
      );
    } else if (action === 'mastodon') {
      const id = cta('share', 'mastodon', 'mastodon');
      items.push(
        `<li data-sc-js="mastodon" hidden><button type="button" class="sharecraft__action" aria-expanded="false" aria-controls="sharecraft-mastodon-${placement}" aria-label="${escapeHtml(formatString(strings.shareOn, { network: strings.networks.mastodon }))}" data-sc-cta="${id}" data-sc-kind="share" data-sc-network="mastodon">${label('mastodon', strings.mastodon.button)}</button></li>`,
      );
    } else {
      const id = cta(action, action);
      const text = action === 'native' ? strings.nativeShare : strings.copyLink;
      items.push(
        `<li data-sc-js="${action}" hidden><button type="button" class="sharecraft__action" data-sc-cta="${id}" data-sc-kind="${action}">${label(action, text)}</button></li>`,
      );
    }
  }

  const mastodonForm = input.actions.includes('mastodon')
    ? `<form class="sharecraft__mastodon" id="sharecraft-mastodon-${placement}" data-sc-mastodon hidden>` +
      `<label for="sharecraft-server-${placement}">${escapeHtml(strings.mastodon.label)}</label>` +
      `<input id="sharecraft-server-${placement}" name="server" type="text" inputmode="url" autocomplete="off" autocapitalize="none" spellcheck="false" required placeholder="${escapeHtml(strings.mastodon.placeholder)}" aria-describedby="sharecraft-server-error-${placement}">` +
      `<button type="submit" class="sharecraft__action">${escapeHtml(strings.mastodon.submit)}</button>` +
      `<p class="sharecraft__error" id="sharecraft-server-error-${placement}" data-sc-error aria-live="assertive"></p>` +
      '</form>'
    : '';

  const remix = input.remixUrl
    ? renderRemix({ ...input, remixUrl: input.remixUrl, ctas, className: 'sharecraft__remix' })
    : '';

  const text = JSON.stringify({
    copied: strings.linkCopied,
    failed: strings.copyFailed,
    invalid: strings.mastodon.invalid,
    ...(input.selectionSharing ? { selection: strings.quote.selection } : {}),
  });
  const headingId = `sharecraft-heading-${placement}`;
  const html =
    `<aside class="sharecraft" lang="${escapeHtml(input.lang)}" aria-labelledby="${headingId}" data-sharecraft-block="${escapeHtml(placement)}" data-sc-title="${escapeHtml(input.title)}" data-sc-url="${escapeHtml(input.url)}"${input.utm ? ' data-sc-utm' : ''} data-sc-text="${escapeHtml(text)}">` +
    `<p class="sharecraft__heading" id="${headingId}">${escapeHtml(strings.heading)}</p>` +
    `<ul class="sharecraft__actions" role="list">${items.join('')}</ul>` +
    mastodonForm +
    '<p class="sharecraft__status" role="status"></p>' +
    remix +
    '</aside>';
  return { html, ctas };
}
