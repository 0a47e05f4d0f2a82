/** The font formats satori reads. */
export type FontFormat = 'ttf' | 'otf' | 'woff' | 'woff2';

/** The outcome of looking at a file's first bytes. */
export type FontSniff = { ok: true; format: FontFormat } | { ok: false; reason: string };

/** Signatures of files people mistake for fonts: leading bytes (or a test on the text) and a name. */
const LOOKS_LIKE: [(bytes: Uint8Array, text: string) => boolean, string][] = [
  [(b) => starts(b, [0x89, 0x50, 0x4e, 0x47]), 'a PNG image'],
  [(b) => starts(b, [0xff, 0xd8, 0xff]), 'a JPEG image'],
  [(_, t) => t.startsWith('GIF8'), 'a GIF image'],
  [(_, t) => t.startsWith('RIFF') && t.slice(8, 12) === 'WEBP', 'a WebP image'],
  [(_, t) => t.startsWith('%PDF'), 'a PDF document'],
  [(b) => starts(b, [0x50, 0x4b, 0x03, 0x04]), 'a ZIP archive (unpack the font first)'],
  [(b) => starts(b, [0x1f, 0x8b]), 'a gzip archive'],
  [(_, t) => /^\s*</.test(t), 'text markup (HTML, XML or SVG)'],
  [(_, t) => /^\s*[{[]/.test(t), 'JSON'],
];

function starts(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/**
 * Identifies a font by its signature (the sfnt version or the WOFF/WOFF2 magic), not by its file name.
 * Anything else, font collections included, gets a reason that says what the file seems to be instead.
 */
export function sniffFont(bytes: Uint8Array): FontSniff {
  if (bytes.length < 12) return { ok: false, reason: `it is only ${bytes.length} bytes long` };
  const tag = String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0, bytes[2] ?? 0, bytes[3] ?? 0);
  if (tag === '\x00\x01\x00\x00' || tag === 'true') return { ok: true, format: 'ttf' };
  if (tag === 'OTTO') return { ok: true, format: 'otf' };
  if (tag === 'wOFF') return { ok: true, format: 'woff' };
  if (tag === 'wOF2') return { ok: true, format: 'woff2' };
  if (tag === 'ttcf')
    return { ok: false, reason: 'it is a font collection (.ttc/.otc); extract a single font from it' };
  const head = String.fromCharCode(...bytes.subarray(0, 16));
  const guess = LOOKS_LIKE.find(([test]) => test(bytes, head))?.[1];
  const hex = [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return {
    ok: false,
    reason: `it starts with bytes ${hex}${guess ? `, which looks like ${guess}` : ''}, not a WOFF, WOFF2, TTF or OTF signature`,
  };
}
