/**
 * What the beacon and the share script both need, so a page that loads both (as one file) carries
 * it once: `@sharecraft/beacon/shared`.
 */

/** Crockford base32, lower case: the alphabet of share tokens, and fine for event ids too. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** `length` random characters from the browser's CSPRNG (5 bits each): share tokens take 10, event ids 16. */
export const randomId = (length: number): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(length)), (byte) => ALPHABET[byte & 31]).join('');

/**
 * The share token this visit arrived with (`?sc=`), read once when the page loads, before the share
 * script takes it out of the address bar; undefined when there is none or it is not token-shaped.
 */
export const arrivedToken: string | undefined = /[?&]sc=([\w-]{6,24})(&|$)/.exec(location.search)?.[1];
