import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);
let names: { dir: string; files: Set<string> } | undefined;

function twemoji(): { dir: string; files: Set<string> } {
  if (!names) {
    const dir = dirname(require.resolve('@twemoji/svg/package.json'));
    names = { dir, files: new Set(readdirSync(dir).filter((f) => f.endsWith('.svg'))) };
  }
  return names;
}

/** The emoji set's identity for cache keys. */
export function emojiVersion(): string {
  const manifest = require.resolve('@twemoji/svg/package.json');
  return `@twemoji/svg@${(JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version}`;
}

/**
 * The Twemoji SVG of one emoji (a grapheme cluster, ZWJ sequences and skin tones included) as a data URL,
 * or `undefined` when Twemoji has no picture for it. Twemoji names files by code points, dropping U+FE0F
 * except in some sequences, so both spellings are tried.
 */
export function emojiDataUrl(grapheme: string): string | undefined {
  const { dir, files } = twemoji();
  const points = [...grapheme].map((c) => (c.codePointAt(0) ?? 0).toString(16));
  const candidates = [points.join('-'), points.filter((p) => p !== 'fe0f').join('-')];
  for (const name of candidates) {
    if (files.has(`${name}.svg`)) {
      return `data:image/svg+xml;base64,${readFileSync(`${dir}/${name}.svg`).toString('base64')}`;
    }
  }
  return undefined;
}

/** True for code points that belong to emoji rather than to a script's font. */
export function isEmojiPart(cp: number): boolean {
  return (
    cp === 0x200d ||
    cp === 0x20e3 ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0x1f3fb && cp <= 0x1f3ff) ||
    (cp >= 0x1f1e6 && cp <= 0x1f1ff) ||
    (cp >= 0xe0020 && cp <= 0xe007f) ||
    /\p{Extended_Pictographic}/u.test(String.fromCodePoint(cp))
  );
}
