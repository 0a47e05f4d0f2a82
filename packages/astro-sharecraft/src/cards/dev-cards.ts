import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CardRenderer } from '@sharecraft/cards';
import type { AstroIntegrationLogger } from 'astro';
import { CARD_HEIGHT, CARD_WIDTH, type PageCard } from '../page/transform-page.js';
import { escapeHtml } from '../share/escape-html.js';
import { cardPostOf, cardsOptions, ownersMessage, type ResolvedCardsOptions } from './card-options.js';

/** Most pages the preview page visits to find the site's posts. */
const CRAWL_LIMIT = 300;

export interface DevCardsInput {
  /** Cards of the posts the dev server has rendered, by file name (`<page id>.png`). */
  cards: () => ReadonlyMap<string, PageCard>;
  options: ResolvedCardsOptions;
  root: string;
  site: string | undefined;
  /** Where cards are served: `<base>_sharecraft/cards/`. */
  prefix: string;
  logger: AstroIntegrationLogger;
}

type Next = () => void;

/**
 * Cards in `astro dev`: each card is drawn on demand at the URL the build writes it to, so meta tags
 * work locally, and `<prefix>` is a preview page with every post's card as HTML, SVG and PNG side by
 * side. The preview reloads when a post or the template changes.
 */
export function devCards(input: DevCardsInput) {
  let renderer: Promise<CardRenderer> | undefined;
  const draw = () => {
    // Loaded on the first preview: a site without cards never pays for it.
    renderer ??= import('@sharecraft/cards').then(({ createCardRenderer }) =>
      createCardRenderer({
        ...cardsOptions(
          input.options,
          input.root,
          input.site,
          false,
          [...input.cards().values()].find((card) => card.siteName)?.siteName,
        ),
        onMessage: (message) => input.logger.warn(ownersMessage(message)),
      }),
    );
    return renderer;
  };

  async function crawl(origin: string): Promise<void> {
    const seen = new Set<string>(['/']);
    const queue = ['/'];
    while (queue.length > 0 && seen.size <= CRAWL_LIMIT) {
      const path = queue.shift() as string;
      const response = await fetch(new URL(path, origin)).catch(() => undefined);
      if (!response?.headers.get('content-type')?.includes('text/html')) continue;
      const html = await response.text();
      for (const [, href] of html.matchAll(/<a\b[^>]*\bhref=["']([^"'#?]+)/gi)) {
        const url = new URL(href as string, new URL(path, origin));
        if (url.origin !== origin || seen.has(url.pathname) || url.pathname.includes('/_sharecraft/')) continue;
        seen.add(url.pathname);
        queue.push(url.pathname);
      }
    }
  }

  async function preview(origin: string): Promise<string> {
    await crawl(origin);
    const cards = [...input.cards().values()].sort((a, b) => a.path.localeCompare(b.path));
    const rows = cards
      .map((card) => {
        const name = card.file.replace(/\.png$/, '');
        return `<section><h2><a href="${escapeHtml(card.path)}">${escapeHtml(card.post.title || card.path)}</a> <code>${escapeHtml(card.path)}</code></h2>
<div class="row"><figure><div class="frame"><iframe src="${name}.html" title="HTML: ${escapeHtml(card.path)}" loading="lazy"></iframe></div><figcaption>HTML (an approximation)</figcaption></figure>
<figure><img src="${name}.svg" alt="SVG: ${escapeHtml(card.post.title)}" loading="lazy"><figcaption>SVG (satori)</figcaption></figure>
<figure><img src="${name}.png" alt="PNG: ${escapeHtml(card.post.title)}" loading="lazy"><figcaption>PNG (as shipped)</figcaption></figure></div></section>`;
      })
      .join('\n');
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Share cards</title>
<script type="module" src="/@vite/client"></script>
<style>body{font:15px system-ui,sans-serif;margin:2rem;background:#f6f6f4;color:#1d1d22}h1{font-size:1.4rem}h2{font-size:1rem;margin:2rem 0 .5rem}code{color:#666;font-weight:400}
.row{display:flex;flex-wrap:wrap;gap:1rem}figure{margin:0}figcaption{font-size:.8rem;color:#555}
.frame,img{width:${CARD_WIDTH * 0.3}px;height:${CARD_HEIGHT * 0.3}px;overflow:hidden;border:1px solid #ccc;background:#fff}
iframe{width:${CARD_WIDTH}px;height:${CARD_HEIGHT}px;border:0;transform:scale(.3);transform-origin:0 0}</style></head>
<body><h1>Share cards (${cards.length})</h1><p>Every post's card, as the template draws it. Edit a post or your template and this page reloads.</p>
${rows || '<p>No posts found from the home page. Open a post, then reload.</p>'}</body></html>`;
  }

  return async (request: IncomingMessage, response: ServerResponse, next: Next): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://dev');
    if (!url.pathname.startsWith(input.prefix)) return next();
    const name = decodeURIComponent(url.pathname.slice(input.prefix.length));
    try {
      if (name === '' || name === 'index.html') {
        response.setHeader('content-type', 'text/html; charset=utf-8');
        response.end(await preview(`http://${request.headers.host}`));
        return;
      }
      const match = /^(.+?)(-square)?\.(png|svg|html)$/.exec(name);
      const card = match && input.cards().get(`${match[1]}.png`);
      if (!match || !card) {
        response.statusCode = 404;
        response.setHeader('content-type', 'text/plain; charset=utf-8');
        response.end(
          `No share card ${name}: open the post it belongs to first, or see ${input.prefix} for every card.`,
        );
        return;
      }
      const variant = match[2] ? 'square' : 'og';
      const cards = await draw();
      if (match[3] === 'png') {
        const { key, png } = await cards.png(cardPostOf(card), variant);
        response.setHeader('content-type', 'image/png');
        response.setHeader('etag', `"${key}"`);
        response.end(png);
        return;
      }
      const shown = await cards.preview(cardPostOf(card), variant);
      response.setHeader('content-type', match[3] === 'svg' ? 'image/svg+xml' : 'text/html; charset=utf-8');
      response.end(
        match[3] === 'svg' ? shown.svg : `<!doctype html><meta charset="utf-8"><body style="margin:0">${shown.html}`,
      );
    } catch (error) {
      response.statusCode = 500;
      response.setHeader('content-type', 'text/plain; charset=utf-8');
      response.end(`Share card ${name} failed: ${(error as Error).message}`);
    }
  };
}
