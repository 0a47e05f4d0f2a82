/** Unicode scripts a warning can name, most common first. */
const SCRIPTS = [
  'Latin',
  'Greek',
  'Cyrillic',
  'Armenian',
  'Hebrew',
  'Arabic',
  'Syriac',
  'Thaana',
  'Devanagari',
  'Bengali',
  'Gurmukhi',
  'Gujarati',
  'Oriya',
  'Tamil',
  'Telugu',
  'Kannada',
  'Malayalam',
  'Sinhala',
  'Thai',
  'Lao',
  'Tibetan',
  'Myanmar',
  'Georgian',
  'Hangul',
  'Ethiopic',
  'Cherokee',
  'Canadian_Aboriginal',
  'Khmer',
  'Mongolian',
  'Hiragana',
  'Katakana',
  'Bopomofo',
  'Han',
  'Yi',
  'Javanese',
  'Balinese',
  'Tifinagh',
  'Nko',
  'Adlam',
  'Vai',
  'Ol_Chiki',
  'Braille',
] as const;

const MATCHERS = SCRIPTS.map((name) => [name.replace(/_/g, ' '), new RegExp(`\\p{Script=${name}}`, 'u')] as const);

/** The Unicode script of a character (`Devanagari`, `Han`), or `symbols` for shared punctuation and signs. */
export function scriptOf(char: string): string {
  for (const [name, re] of MATCHERS) if (re.test(char)) return name;
  return 'symbols';
}

/** The scripts of a piece of text, in order of first appearance; shared symbols only when nothing else is there. */
export function scriptsOf(text: string): string[] {
  const seen = new Set<string>();
  for (const char of text) {
    if (/\s/u.test(char)) continue;
    seen.add(scriptOf(char));
  }
  if (seen.size > 1) seen.delete('symbols');
  return [...seen];
}

const PACKAGES: Record<string, string> = {
  Han: '@fontsource/noto-sans-sc',
  Hiragana: '@fontsource/noto-sans-jp',
  Katakana: '@fontsource/noto-sans-jp',
  Bopomofo: '@fontsource/noto-sans-tc',
  Hangul: '@fontsource/noto-sans-kr',
  Devanagari: '@fontsource/noto-sans-devanagari',
  Bengali: '@fontsource/noto-sans-bengali',
  Tamil: '@fontsource/noto-sans-tamil',
  Thai: '@fontsource/noto-sans-thai',
  Armenian: '@fontsource/noto-sans-armenian',
  Georgian: '@fontsource/noto-sans-georgian',
  Khmer: '@fontsource/noto-sans-khmer',
  Myanmar: '@fontsource/noto-sans-myanmar',
  Kannada: '@fontsource/noto-sans-kannada',
  Malayalam: '@fontsource/noto-sans-malayalam',
  Thaana: '@fontsource/noto-sans-thaana',
};

/** A Fontsource package that covers a script, to suggest in a warning. */
export function fontPackageFor(script: string): string | undefined {
  return PACKAGES[script];
}
