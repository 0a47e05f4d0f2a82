import { describe, expect, it } from 'vitest';
import { addCardMeta, type CardMeta, metaContent } from '../src/cards/meta-tags.js';

const meta: CardMeta = {
  image: 'https://blog.example/_sharecraft/cards/abc.png',
  width: 1200,
  height: 630,
  alt: 'Fish & "Chips" — Kettlewren',
  title: 'Fish & "Chips"',
  description: 'A guide',
  url: 'https://blog.example/blog/fish/',
};
const page = (head: string) => `<!doctype html><html><head><title>T</title>${head}</head><body></body></html>`;

describe('addCardMeta', () => {
  it('adds every tag a network reads, escaped', () => {
    const { html, ownImage } = addCardMeta(page(''), meta, false);
    expect(ownImage).toBeUndefined();
    for (const [key, value] of [
      ['og:image', meta.image],
      ['og:image:width', '1200'],
      ['og:image:height', '630'],
      ['og:image:type', 'image/png'],
      ['og:image:alt', meta.alt],
      ['og:title', meta.title],
      ['og:description', 'A guide'],
      ['og:url', meta.url],
      ['twitter:card', 'summary_large_image'],
    ]) {
      expect(metaContent(html, key as string), key).toBe(value);
    }
    expect(html).toContain('content="Fish &amp; &quot;Chips&quot;"');
    expect(html).toMatch(/<meta name="twitter:card" content="summary_large_image"><\/head>/);
  });

  it('keeps the page’s own image and tags unless told to override', () => {
    const own = page(
      '<meta property="og:image" content="/hero.jpg"><meta property="og:image:width" content="800"><meta property="og:title" content="Own title">',
    );
    const kept = addCardMeta(own, meta, false);
    expect(kept.ownImage).toBe('/hero.jpg');
    expect(metaContent(kept.html, 'og:image')).toBe('/hero.jpg');
    expect(metaContent(kept.html, 'og:image:width')).toBe('800');
    expect(metaContent(kept.html, 'og:title')).toBe('Own title');
    expect(kept.html.match(/og:image"/g)).toHaveLength(1);

    const replaced = addCardMeta(own, meta, true);
    expect(replaced.ownImage).toBeUndefined();
    expect(metaContent(replaced.html, 'og:image')).toBe(meta.image);
    expect(metaContent(replaced.html, 'og:image:width')).toBe('1200');
    expect(replaced.html.match(/og:image"/g)).toHaveLength(1);
    // The page's own title still wins: only the image was asked for.
    expect(metaContent(replaced.html, 'og:title')).toBe('Own title');
  });

  it('leaves out what it has nothing for, and pages without a head', () => {
    const { html } = addCardMeta(page(''), { ...meta, description: '' }, false);
    expect(metaContent(html, 'og:description')).toBeUndefined();
    expect(addCardMeta('<p>fragment</p>', meta, false).html).toBe('<p>fragment</p>');
  });
});
