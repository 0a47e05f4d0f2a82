import { describe, expect, it } from 'vitest';
import {
  type DeepPartial,
  formatString,
  RTL_LANGUAGES,
  resolveShareStrings,
  SHARE_STRINGS,
  type ShareStrings,
} from '../src/share/strings.js';

const en = SHARE_STRINGS.en as ShareStrings;
const LOCALES = Object.keys(SHARE_STRINGS);
const TRANSLATIONS = LOCALES.filter((locale) => locale !== 'en');

/** Every text of `strings`, keyed by its dotted path (`mastodon.invalid`). */
function leaves(strings: object, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(strings)) {
    if (typeof value === 'object' && value !== null) {
      for (const [path, leaf] of leaves(value, `${prefix}${key}.`)) out.set(path, leaf);
    } else {
      out.set(`${prefix}${key}`, value);
    }
  }
  return out;
}

/** The shape of `strings`: every key, at every depth, with its leaves replaced by their type. */
function shapeOf(strings: object): unknown {
  return Object.fromEntries(
    Object.entries(strings).map(([key, value]) => [
      key,
      typeof value === 'object' && value !== null ? shapeOf(value) : typeof value,
    ]),
  );
}

const placeholdersOf = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('SHARE_STRINGS', () => {
  it('has the languages the block ships with, keyed in lower case', () => {
    expect(LOCALES).toEqual(expect.arrayContaining(['en', 'ar', 'ja', 'de', 'fr', 'es']));
    for (const locale of LOCALES) expect(locale).toBe(locale.toLowerCase());
  });

  it.each(LOCALES)('%s has exactly the keys English has', (locale) => {
    expect(shapeOf(SHARE_STRINGS[locale] as ShareStrings)).toEqual(shapeOf(en));
  });

  it.each(LOCALES)('%s has no empty text', (locale) => {
    for (const [path, text] of leaves(SHARE_STRINGS[locale] as ShareStrings)) {
      expect(typeof text, path).toBe('string');
      expect((text as string).trim(), `${locale}: ${path}`).not.toBe('');
    }
  });

  it('uses placeholders in English where the UI fills them in', () => {
    expect(placeholdersOf(en.shareOn)).toEqual(['network']);
    expect(placeholdersOf(en.copyFailed)).toEqual(['url']);
    expect(placeholdersOf(en.mastodon.invalid)).toEqual(['server']);
  });

  it.each(TRANSLATIONS)('%s keeps exactly the placeholders English has, text by text', (locale) => {
    const english = leaves(en);
    for (const [path, text] of leaves(SHARE_STRINGS[locale] as ShareStrings)) {
      expect(placeholdersOf(text as string), `${locale}: ${path}`).toEqual(placeholdersOf(english.get(path) as string));
    }
  });

  it.each(TRANSLATIONS)('%s translates every text of the creation form', (locale) => {
    const strings = SHARE_STRINGS[locale] as ShareStrings;
    for (const [key, text] of Object.entries(strings.creations)) {
      // Words that are the same in both languages.
      const same: Record<string, string[]> = { de: ['text', 'link'], fr: ['licence', 'image'] };
      if (same[locale]?.includes(key)) continue;
      expect(text, `${locale}: creations.${key}`).not.toBe(en.creations[key as keyof typeof en.creations]);
    }
  });

  it.each(TRANSLATIONS)('%s is translated, with brand names left as brands', (locale) => {
    const strings = SHARE_STRINGS[locale] as ShareStrings;
    for (const key of ['heading', 'shareOn', 'copyLink', 'linkCopied', 'copyFailed', 'opensInNewTab'] as const) {
      expect(strings[key], `${locale}: ${key}`).not.toBe(en[key]);
    }
    expect(strings.remix).not.toEqual(en.remix);
    expect(strings.quote.share).not.toBe(en.quote.share);
    expect(strings.networks.email).not.toBe(en.networks.email);
    const { email: _email, ...brands } = strings.networks;
    const { email: _english, ...englishBrands } = en.networks;
    expect(brands).toEqual(englishBrands);
  });

  it('writes Arabic and Japanese in their own scripts', () => {
    expect(SHARE_STRINGS.ar?.heading).toMatch(/^[\u0600-\u06ff\s]+$/);
    expect(SHARE_STRINGS.ja?.heading).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });
});

describe('RTL_LANGUAGES', () => {
  it('holds the right-to-left languages, as primary subtags', () => {
    for (const lang of ['ar', 'he', 'fa', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug'])
      expect(RTL_LANGUAGES.has(lang)).toBe(true);
    for (const lang of ['en', 'ja', 'de', 'tr', 'hi', 'pa']) expect(RTL_LANGUAGES.has(lang)).toBe(false);
  });
});

describe('resolveShareStrings', () => {
  it.each([
    // [html lang, strings used, direction]
    ['en', 'en', 'ltr'],
    ['en-GB', 'en', 'ltr'],
    ['pt-BR', 'en', 'ltr'],
    ['AR', 'ar', 'rtl'],
    ['ar-EG', 'ar', 'rtl'],
    ['ar-u-nu-latn', 'ar', 'rtl'],
    ['fa', 'en', 'rtl'],
    ['fa-IR', 'en', 'rtl'],
    ['he-IL', 'en', 'rtl'],
    ['de-AT', 'de', 'ltr'],
    ['DE-ch', 'de', 'ltr'],
    ['de_CH', 'de', 'ltr'],
    ['de-u-nu-latn', 'de', 'ltr'],
    ['ja-JP', 'ja', 'ltr'],
    ['fr-CA', 'fr', 'ltr'],
    ['es-419', 'es', 'ltr'],
    ['zh-Hant-TW', 'en', 'ltr'],
    ['pa', 'en', 'ltr'],
    ['pa-Arab', 'en', 'rtl'],
    ['pa-Arab-PK', 'en', 'rtl'],
    ['ms-Arab', 'en', 'rtl'],
    ['sd-Deva', 'en', 'ltr'],
    ['az-Arab', 'en', 'rtl'],
    ['ug-Cyrl', 'en', 'ltr'],
    [' ja ', 'ja', 'ltr'],
  ] as const)('%s → %s strings, %s', (lang, locale, dir) => {
    const resolved = resolveShareStrings(lang);
    expect(resolved.locale).toBe(locale);
    expect(resolved.dir).toBe(dir);
    expect(resolved.strings).toEqual(SHARE_STRINGS[locale]);
  });

  it.each([undefined, '', '   ', 'x-klingon', 'constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    '%j falls back to English',
    (lang) => {
      const resolved = resolveShareStrings(lang);
      expect(resolved).toEqual({ locale: 'en', dir: 'ltr', strings: en });
    },
  );

  it('falls back to the fallback language given, matched like any tag, then to English', () => {
    expect(resolveShareStrings('pt-BR', undefined, 'de').locale).toBe('de');
    expect(resolveShareStrings('pt-BR', undefined, 'fr-CA').locale).toBe('fr');
    expect(resolveShareStrings('pt-BR', undefined, 'xx').locale).toBe('en');
    // Without a language of its own, the page takes the fallback's direction.
    expect(resolveShareStrings(undefined, undefined, 'ar')).toMatchObject({ locale: 'ar', dir: 'rtl' });
    // With one, its own direction wins.
    expect(resolveShareStrings('en', undefined, 'ar')).toMatchObject({ locale: 'en', dir: 'ltr' });
    expect(resolveShareStrings('fa', undefined, 'de')).toMatchObject({ locale: 'de', dir: 'rtl' });
  });

  it("deep-merges the owner's overrides over the resolved language", () => {
    const { strings } = resolveShareStrings('ja', {
      heading: 'Pass it on',
      mastodon: { submit: 'Go' },
      networks: { email: 'Mail' },
    });
    const ja = SHARE_STRINGS.ja as ShareStrings;
    expect(strings).toEqual({
      ...ja,
      heading: 'Pass it on',
      mastodon: { ...ja.mastodon, submit: 'Go' },
      networks: { ...ja.networks, email: 'Mail' },
    });
  });

  it('takes an empty string as a deliberate override', () => {
    expect(resolveShareStrings('en', { remix: { body: '' } }).strings.remix).toEqual({ ...en.remix, body: '' });
  });

  it('ignores override keys it does not know and values of the wrong kind', () => {
    const overrides = JSON.parse(
      '{"heading":42,"mastodon":"Go","remix":{"cta":null,"extra":"x"},"bogus":"y","__proto__":{"polluted":"yes"},"quote":{"share":"Pass this quote on"}}',
    ) as DeepPartial<ShareStrings>;
    const { strings } = resolveShareStrings('en', overrides);
    expect(strings).toEqual({ ...en, quote: { ...en.quote, share: 'Pass this quote on' } });
    expect(shapeOf(strings)).toEqual(shapeOf(en));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never lets an override or a caller change the built-in strings', () => {
    const before = structuredClone(SHARE_STRINGS);
    const { strings } = resolveShareStrings('de', { mastodon: { label: 'Server' } });
    strings.heading = 'changed';
    strings.networks.x = 'changed';
    resolveShareStrings('de').strings.mastodon.change = 'changed';
    expect(SHARE_STRINGS).toEqual(before);
  });
});

describe('formatString', () => {
  it('fills in placeholders, each time they appear', () => {
    expect(formatString('Share on {network}', { network: 'Bluesky' })).toBe('Share on Bluesky');
    expect(formatString('{a}, {b} and {a}', { a: '1', b: '2' })).toBe('1, 2 and 1');
    expect(formatString('{network}で共有', { network: 'X' })).toBe('Xで共有');
  });

  it('leaves placeholders without a value as written', () => {
    expect(formatString('Select the link: {url} ({missing})', { url: 'https://a.example/' })).toBe(
      'Select the link: https://a.example/ ({missing})',
    );
    expect(formatString('{toString} {constructor}', {})).toBe('{toString} {constructor}');
    expect(formatString('no placeholders { here }', { here: 'x' })).toBe('no placeholders { here }');
  });

  it('inserts values literally, once', () => {
    expect(formatString('{url}', { url: "https://a.example/?q=$&x=$1&y=$'" })).toBe("https://a.example/?q=$&x=$1&y=$'");
    // A value that looks like a placeholder is not filled in again.
    expect(formatString('{a} {b}', { a: '{b}', b: 'x' })).toBe('{b} x');
  });
});
