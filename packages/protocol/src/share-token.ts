/**
 * Share tokens: how Sharecraft follows a post from one reader to the next without knowing who
 * anyone is. Each share action mints a fresh random token that rides in the shared URL as `?sc=…`.
 * A visit that arrives with a token reports it as its parent; a share made from that visit mints
 * a child token and reports that parent in turn, so the collector can rebuild the share tree.
 *
 * A token names one share, never a person: it is random, short and carries no data. It is written
 * in lower-case Crockford base32 so it survives every share-intent URL, e-mail body and copy-paste
 * untouched (no punctuation to escape), and it is read back leniently (upper case, look-alike
 * letters) because people and apps retype and reformat links.
 *
 * No zod here: this module ships in browser and server bundles through `@sharecraft/protocol/ids`.
 */

/** The query parameter a share token rides in. Two letters: every byte of a shared URL is visible. */
export const SHARE_TOKEN_PARAM = 'sc';

/**
 * Characters in a share token: 10 base32 characters are 50 random bits. A site would need tens of
 * millions of shares of one post before two tokens were likely to collide, and even then the cost
 * is one miscounted branch, not a wrong person.
 */
export const SHARE_TOKEN_LENGTH = 10;

/** Crockford base32, lower case: no i, l, o or u, so tokens survive being read aloud or retyped. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** Random bytes needed for one token: 5 bits per character, rounded up to whole bytes. */
const TOKEN_BYTES = Math.ceil((SHARE_TOKEN_LENGTH * 5) / 8);

const TOKEN_PATTERN = new RegExp(`^[${ALPHABET}]{${SHARE_TOKEN_LENGTH}}$`);

/** ASCII letters and digits only: checked before lower-casing, which maps some non-ASCII letters to ASCII. */
const ASCII_ALPHANUMERIC_PATTERN = new RegExp(`^[0-9A-Za-z]{${SHARE_TOKEN_LENGTH}}$`);

/** The query parameters a share may add; the owner's own values always win. */
const UTM_KEYS = { source: 'utm_source', medium: 'utm_medium', campaign: 'utm_campaign' } as const;

function webCryptoBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

/**
 * Mints a fresh share token: SHARE_TOKEN_LENGTH characters, each taken from 5 random bits (never
 * `byte % 32` of a wider range), so every character is uniform. `randomBytes` defaults to the
 * global Web Crypto, present in browsers and Node ≥ 20; pass your own only for tests.
 */
export function mintShareToken(randomBytes: (n: number) => Uint8Array = webCryptoBytes): string {
  const bytes = randomBytes(TOKEN_BYTES);
  if (bytes.length < TOKEN_BYTES) {
    throw new RangeError(`mintShareToken needs ${TOKEN_BYTES} random bytes but was given ${bytes.length}`);
  }
  let token = '';
  let buffer = 0;
  let bits = 0;
  for (let i = 0; token.length < SHARE_TOKEN_LENGTH; i++) {
    buffer = ((buffer << 8) | (bytes[i] as number)) & 0xfff;
    bits += 8;
    while (bits >= 5 && token.length < SHARE_TOKEN_LENGTH) {
      bits -= 5;
      token += ALPHABET[(buffer >>> bits) & 31];
    }
  }
  return token;
}

/**
 * The normalised token in `value`, or undefined when it is not one. Upper case is accepted (some
 * apps and readers upper-case links) and Crockford's look-alikes are read as the digits they
 * resemble: `i` and `l` as `1`, `o` as `0`. Anything else (wrong length, punctuation, `u`,
 * non-ASCII, a non-string) is not a token.
 */
export function parseShareToken(value: unknown): string | undefined {
  if (typeof value !== 'string' || !ASCII_ALPHANUMERIC_PATTERN.test(value)) return undefined;
  const token = value.toLowerCase().replace(/[il]/g, '1').replace(/o/g, '0');
  return TOKEN_PATTERN.test(token) ? token : undefined;
}

/** A URL cut into the part before the query, the query (without `?`, if any) and the fragment (with `#`). */
interface UrlParts {
  head: string;
  query: string | undefined;
  fragment: string;
}

/**
 * Splits a URL by hand rather than through `URL`: re-serialising would re-escape the owner's query
 * and fragment (a text fragment such as `#:~:text=…` must reach the reader byte for byte).
 */
function splitUrl(url: string): UrlParts {
  const hashAt = url.indexOf('#');
  const beforeHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : url.slice(hashAt);
  const queryAt = beforeHash.indexOf('?');
  if (queryAt === -1) return { head: beforeHash, query: undefined, fragment };
  return { head: beforeHash.slice(0, queryAt), query: beforeHash.slice(queryAt + 1), fragment };
}

function joinUrl(head: string, pairs: string[], fragment: string): string {
  return pairs.length > 0 ? `${head}?${pairs.join('&')}${fragment}` : `${head}${fragment}`;
}

/** The decoded name of one `name=value` pair, as `URLSearchParams` would read it. */
function pairName(pair: string): string {
  const equalsAt = pair.indexOf('=');
  const raw = (equalsAt === -1 ? pair : pair.slice(0, equalsAt)).replace(/\+/g, ' ');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The query's non-empty pairs, exactly as written. */
function queryPairs(query: string | undefined): string[] {
  return query === undefined ? [] : query.split('&').filter((pair) => pair !== '');
}

/**
 * `url` with `sc=<token>` in its query, replacing any token already there, so a re-share of a
 * shared link carries the new share's token and not its parent's. When `utm` is given,
 * `utm_source`, `utm_medium` and `utm_campaign` are added too, but only those the URL does not
 * already have: the owner's own campaign tags are never overwritten. Empty utm values are left out.
 *
 * The rest of the URL is kept byte for byte, the fragment (`#:~:text=…` included) stays after the
 * query. Throws a TypeError when `token` is not a share token: that is a programming error, and a
 * silently untokened link would quietly break the tree.
 */
export function withShareToken(
  url: string,
  token: string,
  utm?: { source: string; medium: string; campaign?: string },
): string {
  const normalised = parseShareToken(token);
  if (normalised === undefined) {
    throw new TypeError(
      `"${token}" is not a share token (${SHARE_TOKEN_LENGTH} Crockford base32 characters); mint one with mintShareToken()`,
    );
  }
  const { head, query, fragment } = splitUrl(url);
  const pairs = queryPairs(query).filter((pair) => pairName(pair) !== SHARE_TOKEN_PARAM);
  const present = new Set(pairs.map(pairName));
  pairs.push(`${SHARE_TOKEN_PARAM}=${normalised}`);
  if (utm) {
    for (const field of ['source', 'medium', 'campaign'] as const) {
      const value = utm[field];
      const key = UTM_KEYS[field];
      if (value && !present.has(key)) pairs.push(`${key}=${encodeURIComponent(value)}`);
    }
  }
  return joinUrl(head, pairs, fragment);
}

/**
 * The share token a URL arrived with, or undefined. Relative URLs are read too. When `sc` appears
 * more than once the first valid one wins. A token followed by punctuation, as when a link is
 * copied from the end of a sentence (`…?sc=abc…)` or `…?sc=abc….`), still counts: the trailing
 * non-alphanumerics are dropped before parsing.
 */
export function readShareToken(url: string | URL): string | undefined {
  let params: URLSearchParams;
  try {
    params = (typeof url === 'string' ? new URL(url, 'https://sharecraft.invalid/') : url).searchParams;
  } catch {
    return undefined;
  }
  for (const value of params.getAll(SHARE_TOKEN_PARAM)) {
    const token = parseShareToken(value) ?? parseShareToken(value.replace(/[^0-9A-Za-z]+$/, ''));
    if (token !== undefined) return token;
  }
  return undefined;
}

/**
 * `url` without its `sc` parameter, and otherwise unchanged, fragment included. Once a visit has
 * read its parent token the address bar is cleaned, so a reload or bookmark does not report the
 * same parent again and a link copied by hand from the address bar is not counted as that earlier
 * share's reach. A URL without `sc` comes back exactly as it was.
 */
export function withoutShareToken(url: string): string {
  const { head, query, fragment } = splitUrl(url);
  const pairs = queryPairs(query);
  const kept = pairs.filter((pair) => pairName(pair) !== SHARE_TOKEN_PARAM);
  return kept.length === pairs.length ? url : joinUrl(head, kept, fragment);
}
