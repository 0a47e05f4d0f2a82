import { derivePageId } from '@sharecraft/protocol';
import { describe, expect, it } from 'vitest';
import { contentHash, readShippedPage } from '../src/manifest/read-shipped-page.js';
import { renderQuoteShare } from '../src/share/render-quote-share.js';
import { renderRemix, renderShareBlock } from '../src/share/render-share-block.js';
import { resolveShareStrings, type ShareStrings } from '../src/share/strings.js';

const strings = resolveShareStrings('en', undefined).strings as ShareStrings;
const url = 'https://blog.example/blog/post/';
const slice = `<script type="application/json" id="sharecraft-page">{"v":1,"p":"${derivePageId('/blog/post')}"}</script>`;

function shipped(body: string) {
  return readShippedPage(`<html><head>${slice}</head><body>${body}</body></html>`);
}

/** A block with only the X link (and the remix invitation when `remixUrl` is given). */
function xBlock(remixUrl?: string) {
  return renderShareBlock({
    placement: 'end',
    url,
    title: 'T',
    actions: ['x'],
    utm: false,
    strings,
    lang: undefined,
    remixUrl,
    selectionSharing: false,
  });
}

describe('readShippedPage', () => {
  it('lists every control the block shows, with ids of the form <placement>.<action>', () => {
    const block = renderShareBlock({
      placement: 'end',
      url,
      title: 'Fish & "Chips"',
      actions: ['native', 'x', 'mastodon', 'email', 'copy'],
      utm: true,
      strings,
      lang: undefined,
      remixUrl: 'https://blog.example/remix/',
      selectionSharing: false,
    });
    const page = shipped(`<article>${block.html}</article>`);
    expect(page?.title).toBe('Fish & "Chips"');
    expect(page?.url).toBe(url);
    expect(page?.ctas).toEqual(block.ctas);
    expect(page?.ctas.map((cta) => cta.id)).toEqual([
      'end.native',
      'end.x',
      'end.mastodon',
      'end.email',
      'end.copy',
      'end.remix',
    ]);
  });

  it('adds the selection popover’s networks when the block offers it', () => {
    const block = renderShareBlock({
      placement: 'end',
      url,
      title: 'T',
      actions: ['native', 'x', 'copy', 'bluesky', 'linkedin', 'reddit'],
      utm: true,
      strings,
      lang: undefined,
      selectionSharing: true,
    });
    const ids = shipped(block.html)?.ctas.map((cta) => cta.id);
    expect(ids?.filter((id) => id.startsWith('selection.'))).toEqual([
      'selection.x',
      'selection.bluesky',
      'selection.linkedin',
    ]);
  });

  it('reads quote rows and a standalone remix prompt as their own placements', () => {
    const quote = renderQuoteShare({
      placement: 'quote-1',
      url,
      title: 'T',
      quote: 'A passage',
      actions: ['x', 'email'],
      utm: true,
      strings,
      remixUrl: 'https://blog.example/remix/',
    });
    // The passage's own remix invitation carries the quote as context.
    const remixHref = /href="([^"]*)" data-sc="remix"/.exec(quote.html)?.[1]?.replace(/&amp;/g, '&');
    expect(Object.fromEntries(new URL(remixHref ?? '').searchParams)).toEqual({
      post: url,
      title: 'T',
      quote: 'A passage',
    });
    const remix = renderRemix({
      placement: 'remix',
      url,
      title: 'T',
      strings,
      remixUrl: 'https://blog.example/remix/',
      ctas: [],
      className: 'sharecraft__remix-prompt',
    });
    const page = shipped(
      `${quote.html}<aside class="sharecraft sharecraft--remix" data-sc-at="remix">${remix}</aside>`,
    );
    expect(page?.ctas).toEqual([
      { id: 'quote-1.x', kind: 'quote', network: 'x', placement: 'quote-1' },
      { id: 'quote-1.remix', kind: 'remix', placement: 'quote-1' },
      { id: 'remix.remix', kind: 'remix', placement: 'remix' },
    ]);
  });

  it('finds a control placed on its own before any block, and the block after it', () => {
    const block = xBlock();
    const page = shipped(
      `<header><a href="#" data-sc="copy">Copy</a></header><article><p>Text</p>${block.html}</article>`,
    );
    expect(page?.ctas.map((cta) => cta.id)).toEqual(['page.copy', 'end.x']);
  });

  it('hashes the content of the page as given before Sharecraft added to it, to the same value', () => {
    const before = '<main><article><h1>Kettles</h1><p>Copper, by hand.</p></article></main>';
    const block = xBlock('https://blog.example/remix/');
    const after = `<html><head>${slice}</head><body>${before.replace('</article>', `${block.html}</article>`)}</body></html>`;
    const read = readShippedPage(after, `<html><body>${before}</body></html>`);
    expect(read?.ctas.map((cta) => cta.id)).toEqual(['end.x', 'end.remix']);
    expect(read?.contentHash).toBe(readShippedPage(after)?.contentHash);
    expect(read?.contentHash).toBe(contentHash(`<main>${before}</main>`));
  });

  it('ignores a page Sharecraft did not touch', () => {
    expect(readShippedPage('<html><body><a data-sc="x" href="#">x</a></body></html>')).toBeUndefined();
  });
});

describe('renderShareBlock', () => {
  it('carries the Mastodon form’s texts safely, whatever quotes they hold', () => {
    const block = renderShareBlock({
      placement: 'end',
      url,
      title: 'T',
      actions: ['mastodon'],
      utm: false,
      strings: { ...strings, mastodon: { ...strings.mastodon, label: `Your server's "name" <here>` } },
      lang: undefined,
      selectionSharing: false,
    });
    const attribute = /data-sc-m='([^']*)'/.exec(block.html)?.[1] ?? '';
    const decoded = attribute.replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    expect(JSON.parse(decoded)[0]).toBe(`Your server's "name" <here>`);
  });
});

describe('contentHash', () => {
  const page = (body: string, head = '<link rel="stylesheet" href="/_astro/a.1.css">') =>
    `<!doctype html><html><head>${head}</head><body><header>Site</header><main>${body}</main></body></html>`;
  const post = '<article><h1>Kettles</h1><p>Copper &amp; tin, by hand.</p></article>';

  it('is 16 URL-safe characters, the same for the same text', () => {
    expect(contentHash(page(post))).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(contentHash(page(post))).toBe(contentHash(page(post)));
  });

  it('ignores styles, scripts, markup and Sharecraft’s own block', () => {
    const restyled = page(
      `<article class="x"><h1>Kettles</h1>\n<p>Copper &#38; <b>tin</b>, by hand.</p><script>track()</script>` +
        '<aside class="sharecraft" data-sc-at="end"><p>Share this post</p></aside></article>',
      '<link rel="stylesheet" href="/_astro/b.2.css">',
    );
    expect(contentHash(restyled)).toBe(contentHash(page(post)));
  });

  it('changes when the post’s text does', () => {
    expect(contentHash(page(post.replace('by hand', 'by machine')))).not.toBe(contentHash(page(post)));
  });
});
