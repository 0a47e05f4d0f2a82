import { describe, expect, it } from 'vitest';
import { NETWORK_IDS, shareIntentUrl } from '../src/share/networks.js';

const URL_OF_POST = 'https://blog.example/posts/fish-&-chips/?ref=1#top';
const TITLES = [
  'Fish & Chips: "the" #1 guide',
  "It's 100% <real> + fast?",
  'Emoji 🐟🎉 in a title',
  '日本語のタイトル：東京の喫茶店',
  'عنوان باللغة العربية',
  'Mixed עברית and English',
];

/** Reads back the (title, url) a reader's network would receive from an intent link. */
function received(href: string): { text: string; url: string } {
  if (href.startsWith('mailto:')) {
    const params = new URLSearchParams(href.slice(href.indexOf('?') + 1).replace(/\+/g, '%2B'));
    return { text: params.get('subject') ?? '', url: params.get('body') ?? '' };
  }
  const link = new URL(href);
  const params = link.searchParams;
  return {
    text: params.get('text') ?? params.get('title') ?? params.get('t') ?? '',
    url: params.get('url') ?? params.get('u') ?? params.get('text') ?? '',
  };
}

describe('share intent URLs', () => {
  it.each(NETWORK_IDS)('%s carries the post URL intact', (network) => {
    for (const title of TITLES) {
      const href = shareIntentUrl(network, { url: URL_OF_POST, title });
      expect(received(href).url).toContain(URL_OF_POST);
    }
  });

  it.each(NETWORK_IDS.filter((network) => !['linkedin', 'facebook'].includes(network)))(
    '%s carries the title intact, whatever characters it has',
    (network) => {
      for (const title of TITLES) {
        const href = shareIntentUrl(network, { url: URL_OF_POST, title });
        expect(received(href).text).toContain(title);
      }
    },
  );

  it('uses the current intent endpoints', () => {
    const post = { url: 'https://b.example/p/', title: 'T' };
    expect(shareIntentUrl('x', post)).toBe('https://x.com/intent/tweet?text=T&url=https%3A%2F%2Fb.example%2Fp%2F');
    expect(shareIntentUrl('bluesky', post)).toBe(
      'https://bsky.app/intent/compose?text=T+https%3A%2F%2Fb.example%2Fp%2F',
    );
    expect(shareIntentUrl('linkedin', post)).toBe(
      'https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fb.example%2Fp%2F',
    );
    expect(shareIntentUrl('email', post)).toBe('mailto:?subject=T&body=T%20https%3A%2F%2Fb.example%2Fp%2F');
  });

  it('leaves no raw & or # that would cut a parameter short', () => {
    for (const network of NETWORK_IDS) {
      const href = shareIntentUrl(network, { url: URL_OF_POST, title: TITLES[0] as string });
      const query = href.slice(href.indexOf('?') + 1);
      expect(query).not.toContain('#');
      expect(query.split('&').every((pair) => /^[a-z]+=/.test(pair))).toBe(true);
    }
  });
});
