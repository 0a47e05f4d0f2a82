import { describe, expect, it } from 'vitest';
import {
  mintShareToken,
  parseShareToken,
  readShareToken,
  SHARE_TOKEN_LENGTH,
  SHARE_TOKEN_PARAM,
  withoutShareToken,
  withShareToken,
} from '../src/share-token.js';

const TOKEN = 'a1b2c3d4e5';
const POST = 'https://b.example/blog/kettles/';

describe('mintShareToken', () => {
  it('mints tokens of the advertised length from the lower-case Crockford alphabet', () => {
    expect(SHARE_TOKEN_PARAM).toBe('sc');
    for (let n = 0; n < 1000; n++) {
      expect(mintShareToken()).toMatch(new RegExp(`^[0-9abcdefghjkmnpqrstvwxyz]{${SHARE_TOKEN_LENGTH}}$`));
    }
  });

  it('mints 10,000 distinct tokens', () => {
    const tokens = new Set(Array.from({ length: 10_000 }, () => mintShareToken()));
    expect(tokens.size).toBe(10_000);
  });

  it('takes 5 bits per character, so every character of the alphabet is reachable and none favoured', () => {
    expect(mintShareToken((n) => new Uint8Array(n))).toBe('0000000000');
    expect(mintShareToken((n) => new Uint8Array(n).fill(0xff))).toBe('zzzzzzzzzz');
    // 0x00 0x44 0x32 0x14 0xc7 0x42 0x54 → 00000 00001 00010 00011 00100 00101 00110 00111 01000 01001
    const counting = Uint8Array.from([0x00, 0x44, 0x32, 0x14, 0xc7, 0x42, 0x54]);
    expect(mintShareToken((n) => counting.slice(0, n))).toBe('0123456789');
  });

  it('spreads characters evenly over the alphabet', () => {
    const counts = new Map<string, number>();
    for (let n = 0; n < 3200; n++) for (const char of mintShareToken()) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(32);
    // 32,000 characters, 1,000 expected each: a biased alphabet would put some far outside this band.
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(820);
      expect(count).toBeLessThan(1180);
    }
  });

  it('refuses a random source that gives too few bytes', () => {
    expect(() => mintShareToken(() => new Uint8Array(3))).toThrow(/needs 7 random bytes/);
  });
});

describe('parseShareToken', () => {
  it.each([
    ['a token as minted', TOKEN, TOKEN],
    ['an upper-cased token', 'A1B2C3D4E5', TOKEN],
    ['look-alike letters, i and l as 1, o as 0', 'Ilo0OLi1bc', '11000111bc'],
  ])('accepts %s', (_name, input, expected) => {
    expect(parseShareToken(input)).toBe(expected);
  });

  it.each([
    ['too short', 'a1b2c3d4e'],
    ['too long', 'a1b2c3d4e5f'],
    ['punctuation', 'a1b2c3-4e5'],
    ['a u (not in the alphabet)', 'a1b2c3d4eu'],
    ['a space', 'a1b2c3d4e '],
    ['a letter that lower-cases to ASCII (Kelvin sign)', 'a1b2c3d4e\u212a'],
    ['an empty string', ''],
    ['a number', 1234567890],
    ['null', null],
    ['undefined', undefined],
  ])('rejects %s', (_name, input) => {
    expect(parseShareToken(input)).toBeUndefined();
  });
});

describe('withShareToken', () => {
  it('adds the token to a URL without a query', () => {
    expect(withShareToken(POST, TOKEN)).toBe(`${POST}?sc=${TOKEN}`);
  });

  it('keeps a text fragment exactly as written, after the query', () => {
    const url = `${POST}#:~:text=copper%20kettle,-than-ever&text=tea`;
    expect(withShareToken(url, TOKEN)).toBe(`${POST}?sc=${TOKEN}#:~:text=copper%20kettle,-than-ever&text=tea`);
  });

  it('replaces the token of the share a visitor arrived with, so a re-share is its own branch', () => {
    const arrived = `${POST}?page=2&sc=zzzzzzzzzz&ref=x#top`;
    expect(withShareToken(arrived, TOKEN)).toBe(`${POST}?page=2&ref=x&sc=${TOKEN}#top`);
  });

  it('keeps the rest of the query byte for byte', () => {
    const url = `${POST}?q=a+b%20c&tag=%E6%97%A5&flag`;
    expect(withShareToken(url, TOKEN)).toBe(`${POST}?q=a+b%20c&tag=%E6%97%A5&flag&sc=${TOKEN}`);
  });

  it('adds utm tags for the network', () => {
    const url = withShareToken(POST, TOKEN, { source: 'bluesky', medium: 'social', campaign: 'spring sale' });
    expect(url).toBe(`${POST}?sc=${TOKEN}&utm_source=bluesky&utm_medium=social&utm_campaign=spring%20sale`);
    expect(new URL(url).searchParams.get('utm_campaign')).toBe('spring sale');
  });

  it("keeps the owner's own utm values rather than overwriting them", () => {
    const url = withShareToken(`${POST}?utm_source=newsletter&utm_campaign=autumn`, TOKEN, {
      source: 'x',
      medium: 'social',
      campaign: 'share',
    });
    const params = new URL(url).searchParams;
    expect(params.get('utm_source')).toBe('newsletter');
    expect(params.get('utm_campaign')).toBe('autumn');
    expect(params.get('utm_medium')).toBe('social');
    expect(params.getAll('utm_source')).toHaveLength(1);
  });

  it('writes a normalised token', () => {
    expect(readShareToken(withShareToken(POST, 'A1B2C3D4E5'))).toBe(TOKEN);
    expect(withShareToken(POST, 'A1B2C3D4E5')).toContain(`sc=${TOKEN}`);
  });

  it('refuses something that is not a token, with a reason', () => {
    expect(() => withShareToken(POST, 'not a token')).toThrow(/not a share token.*mintShareToken/);
  });
});

describe('readShareToken', () => {
  it('reads the token from a URL or a URL object, normalised', () => {
    expect(readShareToken(`${POST}?sc=${TOKEN}`)).toBe(TOKEN);
    expect(readShareToken(new URL(`${POST}?SC=x&sc=A1B2C3D4E5`))).toBe(TOKEN);
    expect(readShareToken(`/blog/kettles/?sc=${TOKEN}`)).toBe(TOKEN);
  });

  it('reads nothing from a URL without a valid token', () => {
    expect(readShareToken(POST)).toBeUndefined();
    expect(readShareToken(`${POST}?sc=`)).toBeUndefined();
    expect(readShareToken(`${POST}?sc=short`)).toBeUndefined();
    expect(readShareToken(`${POST}#?sc=${TOKEN}`)).toBeUndefined();
    expect(readShareToken('http://[not a url')).toBeUndefined();
  });

  it('takes the first valid token when there are several', () => {
    expect(readShareToken(`${POST}?sc=bad&sc=${TOKEN}&sc=zzzzzzzzzz`)).toBe(TOKEN);
  });
});

describe('withoutShareToken', () => {
  it('removes the token and nothing else', () => {
    expect(withoutShareToken(`${POST}?a=1&sc=${TOKEN}&b=%20x#:~:text=kettle`)).toBe(
      `${POST}?a=1&b=%20x#:~:text=kettle`,
    );
  });

  it('drops the question mark when the token was the whole query', () => {
    expect(withoutShareToken(`${POST}?sc=${TOKEN}#top`)).toBe(`${POST}#top`);
    expect(withoutShareToken(withShareToken(POST, TOKEN))).toBe(POST);
  });

  it('leaves a URL without a token exactly as it was', () => {
    for (const url of [POST, `${POST}?`, `${POST}?a=1&&b`, `${POST}#x?sc=${TOKEN}`]) {
      expect(withoutShareToken(url)).toBe(url);
    }
  });
});

describe('a shared URL on its travels', () => {
  const title = 'Copper & kettles: 100% #handmade — «tea»';
  const shared = withShareToken(`${POST}?page=2#:~:text=copper%20kettle`, TOKEN, {
    source: 'network',
    medium: 'social',
  });
  const firstUrlIn = (text: string | null) => text?.match(/https?:\/\/\S+/)?.[0] ?? '';

  it.each([
    [
      'X',
      `https://x.com/intent/tweet?text=${encodeURIComponent(title)}&url=${encodeURIComponent(shared)}`,
      (p: URLSearchParams) => p.get('url'),
    ],
    [
      'Bluesky',
      `https://bsky.app/intent/compose?text=${encodeURIComponent(`${title} ${shared}`)}`,
      (p: URLSearchParams) => firstUrlIn(p.get('text')),
    ],
    [
      'Mastodon',
      `https://mastodon.social/share?text=${encodeURIComponent(`${title}\n${shared}`)}`,
      (p: URLSearchParams) => firstUrlIn(p.get('text')),
    ],
    [
      'e-mail',
      `mailto:?subject=${encodeURIComponent(title)}&body=${encodeURIComponent(`${title}\n\n${shared}`)}`,
      (p: URLSearchParams) => firstUrlIn(p.get('body')),
    ],
    [
      'WhatsApp',
      `https://wa.me/?text=${encodeURIComponent(`${title} ${shared}`)}`,
      (p: URLSearchParams) => firstUrlIn(p.get('text')),
    ],
    [
      'Facebook',
      `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(shared)}`,
      (p: URLSearchParams) => p.get('u'),
    ],
    [
      'LinkedIn',
      `https://www.linkedin.com/sharing/share-offsite/?url=${encodeURIComponent(shared)}`,
      (p: URLSearchParams) => p.get('url'),
    ],
    [
      'Reddit',
      `https://www.reddit.com/submit?url=${encodeURIComponent(shared)}&title=${encodeURIComponent(title)}`,
      (p: URLSearchParams) => p.get('url'),
    ],
  ])('survives the %s share intent', (_network, intent, extract) => {
    const arrived = extract(new URL(intent).searchParams) ?? '';
    expect(arrived).toBe(shared);
    expect(readShareToken(arrived)).toBe(TOKEN);
    expect(new URL(arrived).hash).toBe('#:~:text=copper%20kettle');
  });

  it('survives copy-paste out of running text', () => {
    for (const text of [
      `Read this (${shared}) now!`,
      `Read this: ${shared}.`,
      `«${shared}»`,
      `Read this (${POST}?sc=${TOKEN}).`,
    ]) {
      const pasted = firstUrlIn(text);
      expect(readShareToken(new URL(pasted))).toBe(TOKEN);
      expect(readShareToken(new URL(decodeURI(encodeURI(pasted))))).toBe(TOKEN);
      expect(readShareToken(new URL(encodeURI(pasted)))).toBe(TOKEN);
    }
  });

  it('survives a reader or app upper-casing the link', () => {
    expect(readShareToken(new URL(`${POST}?sc=${TOKEN.toUpperCase()}`))).toBe(TOKEN);
  });

  it('still counts when pasted at the end of a sentence', () => {
    expect(readShareToken(`${POST}?sc=${TOKEN})`)).toBe(TOKEN);
    expect(readShareToken(`${POST}?sc=${TOKEN}.`)).toBe(TOKEN);
    expect(readShareToken(encodeURI(`${POST}?sc=${TOKEN}…`))).toBe(TOKEN);
  });
});
