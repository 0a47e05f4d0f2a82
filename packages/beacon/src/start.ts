/**
 * The Sharecraft beacon, as a function: `startBeacon(endpoint)` reports to `endpoint`, or to the
 * collector the page's manifest slice names. It reads the slice (a JSON script element the
 * integration writes) and sends a page view, with the referrer's class and the share token the
 * visit arrived with, and every share the page's share script announces with a `sharecraft:share`
 * DOM event. It sends nothing when the reader asks sites not to track them (Global Privacy Control,
 * Do-Not-Track) or when the site owner opted their own browser out
 * (`localStorage.sharecraft_ignore = '1'`). It sets no cookie and never throws into the page.
 *
 * Written for bytes: every line ships to every reader.
 */
import { arrivedToken, randomId } from './shared.js';

type Nav = Navigator & { globalPrivacyControl?: boolean };

/** The referrer's class, never its URL: d(irect), i(nternal), s(earch) or o(ther). */
function referrerClass(): string {
  const referrer = document.referrer;
  if (!referrer) return 'd';
  const host = new URL(referrer).hostname;
  if (host === location.hostname) return 'i';
  return /(^|\.)(google|bing|duckduckgo|yahoo|baidu|yandex|ecosia|qwant|kagi|startpage)\./.test(host) ? 's' : 'o';
}

export function startBeacon(endpoint?: string): void {
  const nav = navigator as Nav;
  try {
    const slice = JSON.parse(document.getElementById('sharecraft-page')?.textContent || '{}');
    const to = endpoint || slice.e;
    if (!to || nav.globalPrivacyControl || nav.doNotTrack === '1' || localStorage.getItem('sharecraft_ignore')) return;
    /** One event, with a fresh id (so a retry is stored once) and the page's id. */
    const send = (event: object) => {
      const body = JSON.stringify({ v: 1, e: [{ i: randomId(16), p: slice.p, ...event }] });
      fetch(to, { method: 'POST', body, keepalive: true, credentials: 'omit' }).catch(() => nav.sendBeacon?.(to, body));
    };
    send({ k: 'v', r: referrerClass(), s: arrivedToken });
    document.addEventListener('sharecraft:share', (event) => send((event as CustomEvent).detail));
  } catch {
    // A broken page or a locked-down browser must never see an error from us.
  }
}
