/**
 * Progressive enhancement for share blocks. Every network is already a working link without
 * JavaScript; this script adds what needs it:
 * - a fresh share token in the shared URL on every share, chained to the token this visit came
 *   with, so the collector can count re-shares generation by generation;
 * - Web Share and copy link; Mastodon and the selection popover are loaded only when a reader
 *   reaches for them;
 * - a `sharecraft:share` event on `window` for every share and remix click, which the beacon reports.
 *
 * Written for bytes: it ships in every post (see the budget test). Markup conventions are in
 * `share/render-share-block.ts`.
 */
import { arrivedToken, randomId } from '@sharecraft/beacon/shared';
import { sharedUrl } from '../share/share-url.js';
import type { Share } from './api.js';

/** Replaced by the integration with the hashed file names it serves the parts under. */
const MASTODON = './SC_LAZY_MASTODON';
const SELECTION = './SC_LAZY_SELECTION';

const doc = document;
const encode = encodeURIComponent;
/** The token this visit arrived with: the parent of every share made from it. */
const parent = arrivedToken;

// The token is taken out of the address bar, so a reader who copies the URL by hand does not pass
// it on as their own share.
if (parent) {
  const clean = new URL(location.href);
  clean.searchParams.delete('sc');
  history.replaceState(history.state, '', clean);
}

/** Tells the beacon: `k` kind, `c` CTA id, `t` the minted token; the parent token rides along. */
const emit = (kind: string, box: HTMLElement, action: string, token?: string) =>
  dispatchEvent(
    new CustomEvent('sharecraft:share', {
      detail: { k: kind, c: `${box.dataset.scAt}.${action}`, t: token, s: parent },
    }),
  );

/** The URL `box` shares on `action`, with `token` when given. */
const urlOf = (box: HTMLElement, action: string, token?: string) =>
  sharedUrl(box.dataset.scUrl as string, action, 'scUtm' in box.dataset, token);

const share: Share = (box, action) => {
  const token = randomId(10);
  emit(
    action === 'copy' ? 'c' : action === 'native' ? 'n' : /^(q|sel)/.test(box.dataset.scAt as string) ? 'q' : 's',
    box,
    action,
    token,
  );
  return urlOf(box, action, token);
};

function activate(event: MouseEvent): void {
  const control = (event.target as Element).closest?.<HTMLElement>('[data-sc]');
  const box = control?.closest<HTMLElement>('[data-sc-at]');
  if (!control || !box) return;
  const action = control.dataset.sc as string;
  if (action === 'remix') {
    emit('x', box, action);
  } else if (control instanceof HTMLAnchorElement) {
    // Rewritten on every activation (click, Enter, middle-click), before the browser follows it.
    const link = control as HTMLAnchorElement & { sc?: string };
    link.sc ??= link.getAttribute('href') as string;
    link.href = link.sc.split(encode(urlOf(box, action))).join(encode(share(box, action)));
  } else if (event.type === 'click') {
    if (action === 'copy') {
      const url = share(box, action);
      const say = (text = '') => {
        (box.querySelector('[role=status]') as HTMLElement).textContent = text.replace('{url}', url);
      };
      navigator.clipboard.writeText(url).then(
        () => say(control.dataset.scOk),
        () => say(control.dataset.scNo),
      );
    } else if (action === 'native') {
      navigator.share({ title: box.dataset.scTitle, url: share(box, action) }).catch(() => {});
    } else {
      import(MASTODON).then((part) => part.default(control, box, share));
    }
  }
}
doc.addEventListener('click', activate);
doc.addEventListener('auxclick', activate);

/** Waits for a reader's first selection in the post on screen. */
let wake: () => void;
/** Readies the blocks of the page on screen: now, and after each client-side navigation. */
const ready = () => {
  for (const item of doc.querySelectorAll<HTMLElement>('.sharecraft li[hidden]')) {
    const action = (item.firstChild as HTMLElement).dataset.sc;
    item.hidden = action === 'native' ? !navigator.share : action === 'copy' && !navigator.clipboard;
  }
  // The popover's code arrives with the first selection in a post that offers it.
  const offering = doc.querySelector('[data-sc-sel]');
  doc.removeEventListener('selectionchange', wake);
  wake = () => {
    if (getSelection()?.isCollapsed === false) {
      doc.removeEventListener('selectionchange', wake);
      import(SELECTION).then((part) => part.default(offering));
    }
  };
  if (offering) doc.addEventListener('selectionchange', wake);
};
ready();
doc.addEventListener('astro:after-swap', ready);
