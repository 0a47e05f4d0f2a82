import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CTA_ID_PATTERN, canonicalPath, ctaId, derivePageId, isPageId, PAGE_ID_LENGTH } from '../src/page-id.js';

describe('canonicalPath', () => {
  it.each([
    ['/blog/post', '/blog/post'],
    ['/blog/post/', '/blog/post'],
    ['/blog/post/index.html', '/blog/post'],
    ['/blog/post.html', '/blog/post'],
    ['blog/post', '/blog/post'],
    ['//blog//post//', '/blog/post'],
    ['https://example.com/blog/post/?utm_source=x#top', '/blog/post'],
    ['/blog/%E6%97%A5%E6%9C%AC/', '/blog/日本'],
    ['/', '/'],
    ['/index.html', '/'],
  ])('reduces %s to %s', (input, expected) => {
    expect(canonicalPath(input)).toBe(expected);
  });

  it('keeps a malformed escape as written rather than throwing', () => {
    expect(canonicalPath('/blog/%E6%97/')).toBe('/blog/%E6%97');
  });
});

describe('derivePageId', () => {
  it('gives every spelling of one page the same short id', () => {
    const id = derivePageId('/blog/post/');
    expect(id).toHaveLength(PAGE_ID_LENGTH);
    expect(isPageId(id)).toBe(true);
    for (const spelling of ['/blog/post', '/blog/post/index.html', 'https://other.example/blog/post?x=1']) {
      expect(derivePageId(spelling)).toBe(id);
    }
  });

  it('gives different pages different ids', () => {
    const ids = new Set(Array.from({ length: 5000 }, (_, index) => derivePageId(`/blog/post-${index}`)));
    expect(ids.size).toBe(5000);
  });

  it('is the first 60 bits of SHA-256 of the canonical path, in Crockford base32', () => {
    // An independent derivation (node:crypto, bit strings), so the contract is written down twice.
    const digest = createHash('sha256').update('page:/blog/hello-world').digest();
    const bits = [...digest].map((byte) => byte.toString(2).padStart(8, '0')).join('');
    const expected = Array.from({ length: 12 }, (_, n) =>
      '0123456789abcdefghjkmnpqrstvwxyz'.charAt(Number.parseInt(bits.slice(n * 5, n * 5 + 5), 2)),
    ).join('');
    expect(derivePageId('/blog/hello-world/')).toBe(expected);
  });

  it('is stable across releases, so history joins across deploys', () => {
    // Pinned: changing the derivation would orphan every site's stored history.
    expect(derivePageId('/blog/hello-world')).toBe('hvwrseb33shn');
  });
});

describe('ctaId', () => {
  it('names where a control sits and what it does', () => {
    expect(ctaId('end', 'x')).toBe('end.x');
    expect(ctaId('quote-2', 'hackernews')).toBe('quote-2.hackernews');
    expect(CTA_ID_PATTERN.test('end.remix')).toBe(true);
  });

  it('refuses parts that would not survive a report or a regex', () => {
    expect(() => ctaId('End', 'x')).toThrow(/"End\.x" is not a CTA id/);
    expect(() => ctaId('end', 'a.b')).toThrow(/not a CTA id/);
    expect(() => ctaId('', 'x')).toThrow(/not a CTA id/);
  });
});
