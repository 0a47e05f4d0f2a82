/**
 * The Sharecraft beacon, as a function: `startBeacon(endpoint)` reports to `endpoint`, or to the
 * collector the page's manifest slice names (`"e"`). What it sends, each event with a fresh random
 * id so that a retry is stored once:
 * - a page view (`v`) with the referrer's class and the share token the visit arrived with; again
 *   after every client-side navigation (Astro's `astro:after-swap`). A page prerendered in the
 *   background counts only once the reader switches to it;
 * - engagement (`g`) with that view: seconds the page was focused (a focused page is visible),
 *   sampled every second, and the deepest scroll in percent. Sent when the page is hidden or left,
 *   and only when either grew since the last report;
 * - whatever the page's scripts announce with a `sharecraft:share` event on `window` whose `detail`
 *   is an event without id and page: shares, copy, Web Share, quotes, remix clicks, creations.
 *
 * Events go out with `fetch` (keepalive; a string body is text/plain, so no CORS preflight), and
 * with `sendBeacon` when fetch fails. Until the collector answers, they wait in session storage (at
 * most 20): every later send, such as the next page view, carries them again, and the collector
 * stores each id once. A 4xx answer drops them, since trying again cannot help.
 *
 * It sends nothing when the reader asks sites not to track them (Global Privacy Control,
 * Do-Not-Track) or when the owner opted their own browser out (`localStorage.sharecraft_ignore`).
 * It sets and reads no cookie, reads nothing to fingerprint with, needs no inline script and no
 * eval, and never throws into the page. Event ids come from `crypto.randomUUID()`, which browsers
 * offer on HTTPS pages (and localhost): on a plain-HTTP page the beacon stays silent.
 *
 * Written for bytes: every line ships to every reader, and the budget test holds the minified file
 * to 800 B gzip. Hence the one-letter wire keys, the shared closures and the loose equality.
 */
import { arrivedToken } from './shared.js';

export function startBeacon(endpoint?: string): void {
  const doc = document;
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  const on = addEventListener;
  /** The current page's id, its view's event id, seconds focused, deepest scroll, last report. */
  let page: string;
  let view: string | undefined;
  let shown: number;
  let depth: number;
  let reported: number;
  /** Events not yet acknowledged, oldest first. */
  let waiting: { i: string }[];

  const keep = () => {
    try {
      sessionStorage.sharecraft = JSON.stringify(waiting);
    } catch {
      // Storage full or refused: the events still go out, and wait in memory.
    }
  };
  /** Sends `fields` as an event of the current page, with every event still waiting; its id. */
  const send = (fields: object) => {
    const event = { i: crypto.randomUUID(), p: page, ...fields };
    waiting = [...waiting, event].slice(-20);
    keep();
    const body = JSON.stringify({ v: 1, e: waiting });
    fetch(endpoint as string, { method: 'POST', body, keepalive: true }).then(
      (answer) => {
        if (answer.status < 500) {
          waiting = waiting.filter((sent) => !body.includes(sent.i));
          keep();
        }
      },
      () => nav.sendBeacon(endpoint as string, body),
    );
    return event.i;
  };
  const scrolled = () => {
    depth = Math.max(depth, Math.min(100, ((scrollY + innerHeight) * 100) / doc.documentElement.scrollHeight) | 0);
  };
  /** Reports engagement with the current view if it grew. */
  const report = () => {
    // Distinct for every pair, as depth is at most 100.
    const now = shown * 101 + depth;
    if (view && now !== reported) {
      reported = now;
      send({ k: 'g', l: view, t: shown * 1e3, d: depth });
    }
  };
  /** A view of the page on screen, named by its slice, with engagement counted afresh. */
  const viewPage = (referrer: string, token?: string) => {
    const slice = JSON.parse((doc.getElementById('sharecraft-page') as HTMLScriptElement)?.text || '0');
    page = slice.p;
    endpoint ||= slice.e;
    shown = depth = 0;
    scrolled();
    reported = depth;
    view = page && endpoint && send({ k: 'v', r: referrer, s: token });
  };

  try {
    if (nav.globalPrivacyControl || nav.doNotTrack === '1' || localStorage.sharecraft_ignore) return;
    // Inside `try`: a browser that blocks storage throws on the mere access.
    waiting = JSON.parse(sessionStorage.sharecraft || '[]');
    const host = doc.referrer.split('/')[2];
    /** The referrer's class, never its address: d(irect), i(nternal), s(earch) or o(ther). */
    const referrer = !host
      ? 'd'
      : host === location.host
        ? 'i'
        : /google|bing|duckduckgo|yahoo|yandex/.test(host)
          ? 's'
          : 'o';
    const begin = () => {
      viewPage(referrer, arrivedToken);
      setInterval(() => (shown += doc.hasFocus() as unknown as number), 1e3);
      on('visibilitychange', () => doc.hidden && report());
      on('pagehide', report);
      on('scroll', scrolled);
      on('sharecraft:share', (event) => send((event as CustomEvent).detail));
      // Client-side navigation: the old page's last engagement, then a view of the new page.
      doc.addEventListener('astro:after-swap', () => {
        report();
        viewPage('i');
      });
    };
    if ((doc as Document & { prerendering?: boolean }).prerendering) doc.addEventListener('prerenderingchange', begin);
    else begin();
  } catch {
    // A broken page or a locked-down browser must never see an error from us.
  }
}
