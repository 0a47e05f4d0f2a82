/**
 * The Sharecraft beacon. It reads its page's manifest slice (a JSON script element the integration
 * writes) and reports a page view to the collector named there. It sends nothing when the reader
 * asks sites not to track them (Global Privacy Control, Do-Not-Track) or when the site owner opted
 * their own browser out (`localStorage.sharecraft_ignore = '1'`). It sets no cookie and never throws
 * into the page.
 *
 * Written for bytes: every line ships to every reader.
 */

interface Slice {
  v: number;
  p: string;
  e?: string;
  c: string[];
}

type Nav = Navigator & { globalPrivacyControl?: boolean };

function eventId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let id = '';
  for (const byte of bytes) id += 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[byte & 63];
  return id;
}

/** The referrer's class, never its URL: d(irect), i(nternal), s(earch) or o(ther). */
function referrerClass(): string {
  const referrer = document.referrer;
  if (!referrer) return 'd';
  const host = new URL(referrer).hostname;
  if (host === location.hostname) return 'i';
  return /(^|\.)(google|bing|duckduckgo|yahoo|baidu|yandex|ecosia|qwant|kagi|startpage)\./.test(host) ? 's' : 'o';
}

function send(endpoint: string, body: string): void {
  fetch(endpoint, { method: 'POST', body, keepalive: true, credentials: 'omit' }).catch(() => {
    navigator.sendBeacon?.(endpoint, body);
  });
}

function start(): void {
  const nav = navigator as Nav;
  if (nav.globalPrivacyControl || nav.doNotTrack === '1') return;
  if (localStorage.getItem('sharecraft_ignore')) return;
  const element = document.getElementById('sharecraft-page');
  if (!element) return;
  const slice = JSON.parse(element.textContent || '{}') as Slice;
  if (!slice.e) return;
  const event: Record<string, string> = { i: eventId(), k: 'v', p: slice.p, r: referrerClass() };
  const token = new URLSearchParams(location.search).get('sc');
  if (token) event.s = token;
  send(slice.e, JSON.stringify({ v: 1, e: [event] }));
}

try {
  start();
} catch {
  // A broken page or a locked-down browser must never see an error from us.
}
