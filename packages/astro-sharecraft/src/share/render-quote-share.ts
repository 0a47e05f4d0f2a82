import type { ManifestCta } from '@sharecraft/protocol';
import { ctaId } from '@sharecraft/protocol/ids';
import { escapeHtml } from './escape-html.js';
import { iconSvg } from './icons.js';
import { type ShareAction, shareIntentUrl } from './networks.js';
import { containerAttributes, isLinkNetwork, remixHref } from './render-share-block.js';
import { sharedUrl } from './share-url.js';
import { formatString, type ShareStrings } from './strings.js';
import { urlToPassage } from './text-fragment.js';

export interface QuoteShareInput {
  /** `quote-1`, `quote-2`, … in page order. */
  placement: string;
  url: string;
  /** Title of the post, for the remix invitation. */
  title: string;
  quote: string;
  /** Where the remix invitation leads; with it, the row also invites a remix of this passage. */
  remixUrl?: string | undefined;
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
    if (!isLinkNetwork(action) || action === 'email') continue;
    ctas.push({ id: ctaId(placement, action), kind: 'quote', network: action, placement });
    const href = shareIntentUrl(action, { url: sharedUrl(passageUrl, action, input.utm), title: text });
    const name = `${strings.quote.share}: ${formatString(strings.shareOn, { network: strings.networks[action] })} ${strings.opensInNewTab}`;
    items.push(
      `<a href="${escapeHtml(href)}" target="_blank" rel="noreferrer" aria-label="${escapeHtml(name)}" data-sc="${action}">${iconSvg(action)}</a>`,
    );
  }
  if (input.remixUrl) {
    ctas.push({ id: ctaId(placement, 'remix'), kind: 'remix', placement });
    const href = remixHref(input.remixUrl, { url: input.url, title: input.title, quote: input.quote });
    items.push(`<a href="${escapeHtml(href)}" data-sc="remix">${iconSvg('remix')}${escapeHtml(strings.remix.cta)}</a>`);
  }
  const html =
    `<div class="sc-row" ${containerAttributes(placement, passageUrl, text, input.utm)}>` +
    `${iconSvg('quote')}<span>${escapeHtml(strings.quote.share)}</span>${items.join('')}</div>`;
  return { html, ctas };
}
