import { sha256 } from '@noble/hashes/sha2.js';

/** Crockford base32, lower case: no i, l, o or u, so ids survive being read aloud or retyped. */
const BASE32 = '0123456789abcdefghjkmnpqrstvwxyz';

/** Length of a page id: 12 base32 characters are 60 bits, ample for any one site's pages. */
export const PAGE_ID_LENGTH = 12;

const PAGE_ID_PATTERN = new RegExp(`^[${BASE32}]{${PAGE_ID_LENGTH}}$`);

/**
 * Reduces a URL or pathname to the canonical path a page id is derived from, so that
 * `/blog/post`, `/blog/post/`, `/blog/post/index.html` and `https://site/blog/post/?utm_source=x`
 * all name the same page across builds and deploys.
 */
export function canonicalPath(urlOrPath: string): string {
  let pathname = urlOrPath;
  if (/^[a-z][a-z\d+.-]*:\/\//i.test(pathname)) pathname = new URL(pathname).pathname;
  pathname = pathname.replace(/[?#].*$/s, '');
  try {
    pathname = decodeURI(pathname);
  } catch {
    // A malformed escape is kept as written: the id stays stable for the same input.
  }
  pathname = pathname.normalize('NFC');
  pathname = pathname.replace(/\/index\.html?$/i, '/').replace(/\.html?$/i, '');
  if (!pathname.startsWith('/')) pathname = `/${pathname}`;
  pathname = pathname.replace(/\/{2,}/g, '/');
  if (pathname.length > 1) pathname = pathname.replace(/\/+$/, '');
  return pathname;
}

/** Encodes bytes as lower-case Crockford base32, `length` characters long. */
export function toBase32(bytes: Uint8Array, length: number): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      bits -= 5;
      out += BASE32[(buffer >>> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
    if (out.length >= length) break;
  }
  return out;
}

function hashToId(input: string, length: number): string {
  return toBase32(sha256(new TextEncoder().encode(input)), length);
}

/**
 * The stable, short id of a page: the same canonical path gives the same id in every build,
 * so a page's history joins across deploys.
 */
export function derivePageId(urlOrPath: string): string {
  return hashToId(`page:${canonicalPath(urlOrPath)}`, PAGE_ID_LENGTH);
}

/** Whether a string has the shape of a page id (it says nothing about whether the page exists). */
export function isPageId(value: unknown): value is string {
  return typeof value === 'string' && PAGE_ID_PATTERN.test(value);
}

/** What a CTA id's two parts may hold: lower-case letters, digits and `-`. */
const CTA_PART = '[a-z0-9-]{1,32}';

/** A call-to-action id: `<placement>.<action>`, e.g. `end.x`, `quote-2.bluesky`, `end.remix`. */
export const CTA_ID_PATTERN: RegExp = new RegExp(`^${CTA_PART}\\.${CTA_PART}$`);

/**
 * The stable id of one call-to-action on a page: where it sits (`end`, `here`, `quote-1`, …) and
 * what it does (a network, `copy`, `native`, `remix`). Readable on purpose: it ships in every
 * post, a report can show it as is, and the same block gets the same ids in every build.
 */
export function ctaId(placement: string, action: string): string {
  const id = `${placement}.${action}`;
  if (!CTA_ID_PATTERN.test(id)) {
    throw new TypeError(`"${id}" is not a CTA id: placement and action are 1 to 32 of a-z, 0-9 and -`);
  }
  return id;
}
