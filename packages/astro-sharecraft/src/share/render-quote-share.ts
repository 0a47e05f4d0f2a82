import type { ManifestCta } from '@sharecraft/protocol';
import { ctaId } from '@sharecraft/protocol/ids';
import { escapeHtml } from './escape-html.js';
import { iconSvg } from './icons.js';
import { NETWORKS, type NetworkId, type ShareAction, shareIntentUrl } from './networks.js';
import { sharedUrl } from './share-url.js';
import { formatString, type ShareStrings } from './strings.js';
import { urlToPassage } from './text-fragment.js';

export interface QuoteShareInput {
  pageId: string;
  /** `quote-1`, `quote-2`, … in page order. */
  placement: string;
  url: string;
  quote: string;
  actions: readonly ShareAction[];
  utm: boolean;
  strings: ShareStrings;
}

/**
 * The share row under a passage the author marked: each network shares the quote with a link that
 * opens the post scrolled to that passage. Icon-only to stay small; every control has a name.
 */
export function renderQuoteShare(input: QuoteShareInput): { html: string; ctas: ManifestCta[] } {
  const { strings, placement } = input;
  const passageUrl = urlToPassage(input.url, input.quote);
  const text = `“${input.quote}”`;
  const ctas: ManifestCta[] = [];
  const items: string[] = [];
  for (const action of input.actions) {
    if (!(action in NETWORKS) || action === 'email') continue;
    const network = action as NetworkId;
    const id = ctaId(placement, network);
    ctas.push({ id, kind: 'quote', network, placement });
    const href = shareIntentUrl(network, { url: sharedUrl(passageUrl, network, input.utm), title: text });
    const name = `${strings.quote.share}: ${formatString(strings.shareOn, { network: strings.networks[network] })} ${strings.opensInNewTab}`;
    items.push(
      `<a class="sharecraft__action" href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer" aria-label="${escapeHtml(name)}" data-sc-cta="${id}" data-sc-kind="quote" data-sc-network="${network}">${iconSvg(network)}</a>`,
    );
  }
  const html =
    `<div class="sharecraft-quote__share" data-sharecraft-quote-share="${placement}" data-sc-url="${escapeHtml(passageUrl)}" data-sc-title="${escapeHtml(text)}"${input.utm ? ' data-sc-utm' : ''}>` +
    `${iconSvg('quote')}<span class="sharecraft__label">${escapeHtml(strings.quote.share)}</span>${items.join('')}</div>`;
  return { html, ctas };
}
