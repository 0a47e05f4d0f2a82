import { describe, expect, it } from 'vitest';
import { encodeParam, sharedUrl } from '../src/share/share-url.js';

describe('sharedUrl', () => {
  it('adds the network and medium as UTM tags', () => {
    expect(sharedUrl('https://b.example/p/', 'x', true)).toBe('https://b.example/p/?utm_source=x&utm_medium=social');
    expect(sharedUrl('https://b.example/p/?ref=1', 'bluesky', true)).toBe(
      'https://b.example/p/?ref=1&utm_source=bluesky&utm_medium=social',
    );
  });

  it('leaves the owner’s own campaign tags alone', () => {
    const url = 'https://b.example/p/?utm_source=newsletter&utm_medium=email';
    expect(sharedUrl(url, 'x', true)).toBe(url);
    expect(sharedUrl(url, 'x', true, 'abcdefghjk')).toBe(`${url}&sc=abcdefghjk`);
  });

  it('adds nothing but the token when UTM tags are off', () => {
    expect(sharedUrl('https://b.example/p/', 'x', false)).toBe('https://b.example/p/');
    expect(sharedUrl('https://b.example/p/', 'x', false, 'abcdefghjk')).toBe('https://b.example/p/?sc=abcdefghjk');
  });

  it('keeps a text fragment last, where browsers look for it', () => {
    expect(sharedUrl('https://b.example/p/#:~:text=copper', 'x', true, '0123456789')).toBe(
      'https://b.example/p/?utm_source=x&utm_medium=social&sc=0123456789#:~:text=copper',
    );
  });

  it('puts the token where URLSearchParams reads it back', () => {
    const url = new URL(sharedUrl('https://b.example/p/?a=1#top', 'linkedin', true, 'zyxwvtsrqp'));
    expect(url.searchParams.get('sc')).toBe('zyxwvtsrqp');
    expect(url.searchParams.get('a')).toBe('1');
    expect(url.hash).toBe('#top');
  });
});

describe('encodeParam', () => {
  it('encodes everything that could end a parameter early, and spaces as +', () => {
    expect(encodeParam('Fish & Chips: "the" #1 + 100%')).toBe('Fish+%26+Chips%3A+%22the%22+%231+%2B+100%25');
  });

  it('keeps text beyond ASCII as it is, and every value reads back exactly', () => {
    expect(encodeParam('دلّة من نحاس، 日本語 🫖')).toBe('دلّة+من+نحاس،+日本語+🫖');
    for (const text of ['Fish & Chips: "the" #1 + 100%', 'دلّة من نحاس، وما', '日本語 “quoted”', 'tea 🫖 time']) {
      expect(new URL(`https://x.example/?text=${encodeParam(text)}`).searchParams.get('text')).toBe(text);
    }
  });

  it('escapes spaces, controls, format characters and noncharacters even beyond ASCII', () => {
    // No-break space, zero-width joiner, right-to-left override, a noncharacter, a C1 control.
    expect(encodeParam('a\u00a0b\u200dc\u202ed\ufffee\u0085')).toBe('a%C2%A0b%E2%80%8Dc%E2%80%AEd%EF%BF%BEe%C2%85');
  });

  it('turns a lone surrogate into U+FFFD instead of throwing', () => {
    expect(encodeParam('a\ud83c')).toBe('a\ufffd');
  });

  it('keeps %20 for mailto bodies', () => {
    expect(encodeParam('a b', true)).toBe('a%20b');
  });

  it('contains the encoded URL verbatim inside any text that contains the URL', () => {
    const url = 'https://b.example/%E6%97%A5/?q=1&utm_source=x';
    const text = `日本語 “quoted” ${url}`;
    expect(encodeParam(text)).toContain(encodeURIComponent(url));
    expect(encodeParam(text, true)).toContain(encodeURIComponent(url));
  });
});
