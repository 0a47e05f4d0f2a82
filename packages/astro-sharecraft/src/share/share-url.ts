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
 * How every intent link writes a parameter value: `encodeURIComponent`, with `+` for spaces in web
 * URLs (shorter, and what the networks' own forms send). Because this encodes character by
 * character, the encoded post URL appears verbatim inside any value that contains it, which is how
 * the share script finds it again. mailto: links keep `%20`, which mail clients need.
 */
export function encodeParam(value: string, mailto = false): string {
  const encoded = encodeURIComponent(value);
  return mailto ? encoded : encoded.replace(/%20/g, '+');
}
