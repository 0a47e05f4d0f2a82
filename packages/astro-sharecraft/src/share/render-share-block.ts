import type { ManifestCta } from '@sharecraft/protocol';
import { deriveCtaId } from '@sharecraft/protocol/ids';
import { escapeHtml } from './escape-html.js';
import { NETWORKS, type NetworkId, shareIntentUrl } from './networks.js';

export interface ShareBlockInput {
  pageId: string;
  /** Where the block sits on the page; part of every CTA id, so two blocks never share one. */
  placement: string;
  /** Absolute URL of the post. */
  url: string;
  title: string;
  networks: readonly NetworkId[];
  /** Whether the block replaced a Markdown marker (the Markdown plugin already vetted the post). */
  fromMarkdown?: boolean;
}

export interface RenderedShareBlock {
  html: string;
  ctas: ManifestCta[];
}

/**
 * The share block: one real link per network (it works with JavaScript off) and a copy-link button
 * that the share script reveals. Each control carries its CTA id, so what the manifest lists is
 * exactly what the page shows.
 */
export function renderShareBlock(input: ShareBlockInput): RenderedShareBlock {
  const ctas: ManifestCta[] = [];
  const items: string[] = [];
  for (const network of input.networks) {
    const id = deriveCtaId(input.pageId, input.placement, network);
    ctas.push({ id, kind: 'share', network, placement: input.placement });
    const href = shareIntentUrl(network, { url: input.url, title: input.title });
    // A mail client opens by itself; a new tab for it would be left empty.
    const target = network === 'email' ? '' : ' target="_blank" rel="noopener noreferrer"';
    items.push(
      `<li><a class="sharecraft__link" href="${escapeHtml(href)}"${target} data-sc-cta="${id}" data-sc-kind="share" data-sc-network="${network}">${escapeHtml(NETWORKS[network].label)}</a></li>`,
    );
  }
  const copyId = deriveCtaId(input.pageId, input.placement, 'copy');
  ctas.push({ id: copyId, kind: 'copy', placement: input.placement });
  items.push(
    `<li><button type="button" class="sharecraft__copy" hidden data-sc-cta="${copyId}" data-sc-kind="copy" data-sc-url="${escapeHtml(input.url)}">Copy link</button></li>`,
  );
  const headingId = `sharecraft-heading-${input.placement}`;
  const html =
    `<aside class="sharecraft" aria-labelledby="${headingId}" data-sharecraft-block="${escapeHtml(input.placement)}" data-sc-title="${escapeHtml(input.title)}" data-sc-url="${escapeHtml(input.url)}"${input.fromMarkdown ? ' data-sc-src="md"' : ''}>` +
    `<p class="sharecraft__heading" id="${headingId}">Share this post</p>` +
    `<ul class="sharecraft__list" role="list">${items.join('')}</ul>` +
    `<p class="sharecraft__status" role="status" aria-live="polite"></p>` +
    `</aside>`;
  return { html, ctas };
}

/** The block's styles, themable through custom properties. */
export const SHARE_BLOCK_CSS =
  '.sharecraft{--sc-accent:#2f5bd3;--sc-radius:.5rem;margin:2rem 0;padding:1rem;border:1px solid color-mix(in srgb,currentColor 20%,transparent);border-radius:var(--sc-radius)}' +
  '.sharecraft__heading{margin:0 0 .5rem;font-weight:600}' +
  '.sharecraft__list{display:flex;flex-wrap:wrap;gap:.5rem;margin:0;padding:0;list-style:none}' +
  '.sharecraft__link,.sharecraft__copy{display:inline-block;padding:.4rem .8rem;border:1px solid var(--sc-accent);border-radius:var(--sc-radius);color:var(--sc-accent);background:none;font:inherit;text-decoration:none;cursor:pointer}' +
  '.sharecraft__link:focus-visible,.sharecraft__copy:focus-visible{outline:3px solid var(--sc-accent);outline-offset:2px}' +
  '.sharecraft__status:empty{display:none}';
