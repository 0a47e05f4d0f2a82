/**
 * The URL a share carries. The build (for links that work without JavaScript) and the share script
 * (which adds a fresh token on every share) both derive it here, with the same plain string steps,
 * so the script can find the URL in a rendered link and swap it for the one with the token.
 *
 * `url` must already be in its serialised form (`new URL(url).href`), as the build writes it.
 */
export function sharedUrl(url: string, network: string, utm: boolean, token?: string): string {
  const hash = url.indexOf('#');
  let shared = hash < 0 ? url : url.slice(0, hash);
  const add = (pair: string) => {
    shared += (shared.includes('?') ? '&' : '?') + pair;
  };
  // An owner's own campaign tags win: a URL that has them is left as it is.
  if (utm && !/[?&]utm_source=/.test(shared)) add(`utm_source=${network}&utm_medium=social`);
  if (token) add(`sc=${token}`);
  return hash < 0 ? shared : shared + url.slice(hash);
}

/**
 * Characters escaped in a parameter value: ASCII, C1 controls, spaces, controls, format characters
 * (bidi marks, zero-width joiners) and noncharacters. Everything else (letters, marks, digits,
 * symbols and punctuation from U+00A0 up) is kept: the URL Standard allows it in a query, and
 * browsers percent-encode it as UTF-8 when they follow the link.
 */
const ESCAPED = /[\0-\x9f\p{Z}\p{C}\u{fdd0}-\u{fdef}\u{fffe}\u{ffff}]+/gu;

/**
 * How every intent link writes a parameter value: `encodeURIComponent` for ASCII (so `&`, `#`, `=`,
 * `+`, `%` and quotes can never end a parameter early), with `+` for spaces in web URLs (shorter,
 * and what the networks' own forms send), while text beyond ASCII stays readable. A title in Arabic
 * or Japanese is thus a third of the bytes it would be as `%D8%AF…` triplets, and it compresses
 * against the same title elsewhere in the page. Because this encodes character by character (a run
 * of escaped characters at a time, which `encodeURIComponent` encodes one code point after the
 * other), the encoded post URL (ASCII, as serialised) appears verbatim inside any value that
 * contains it, which is how the share script finds it again. mailto: links keep `%20`, which mail
 * clients need.
 */
export function encodeParam(value: string, mailto = false): string {
  // A lone surrogate (a title cut mid-emoji) becomes U+FFFD rather than an exception.
  const encoded = value.replace(/[\ud800-\udfff]/gu, '\ufffd').replace(ESCAPED, (run) => encodeURIComponent(run));
  return mailto ? encoded : encoded.replace(/%20/g, '+');
}
