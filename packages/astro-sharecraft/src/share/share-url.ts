/**
 * The URL a share carries. Both the build (for links that work without JavaScript) and the share
 * script (which adds a fresh token on each share) derive it here, so the script can find it in a
 * rendered link and swap it.
 */
export function sharedUrl(url: string, network: string, utm: boolean): string {
  if (!utm) return url;
  const shared = new URL(url);
  // An owner's own campaign tags win: only missing ones are added.
  if (!shared.searchParams.has('utm_source')) shared.searchParams.set('utm_source', network);
  if (!shared.searchParams.has('utm_medium')) shared.searchParams.set('utm_medium', 'social');
  return shared.href;
}
