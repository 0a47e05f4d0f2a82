/**
 * Progressive enhancement for share blocks. Every network is already a working link without
 * JavaScript; this script adds what needs it:
 * - a fresh share token in the shared URL on every share, chained to the token this visit came
 *   with, so the collector can count re-shares generation by generation;
 * - Web Share, copy link and Mastodon (the reader's own server, remembered on their device);
 * - a share popover for text the reader selects in the post.
 * It announces results in each block's live region and tells the beacon through DOM events.
 */
import {
  mintShareToken,
  readShareToken,
  SHARE_TOKEN_PARAM,
  withoutShareToken,
  withShareToken,
} from '@sharecraft/protocol/ids';
import { mastodonShareUrl } from '../share/networks.js';
import { sharedUrl } from '../share/share-url.js';

interface BlockText {
  copied: string;
  failed: string;
  invalid: string;
}

const MASTODON_KEY = 'sharecraft:mastodon';

/** localStorage throws where storage is blocked; the Mastodon server is then simply not remembered. */
function stored(key: string, value?: string): string | null {
  try {
    if (value !== undefined) localStorage.setItem(key, value);
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

// The token this visit arrived with: the parent of every share made from it. It is then taken
// out of the address bar, so a reader who copies the URL by hand does not pass it on as theirs.
const parent = readShareToken(location.href);
if (new URLSearchParams(location.search).has(SHARE_TOKEN_PARAM)) {
  history.replaceState(history.state, '', withoutShareToken(location.href));
}

/** Replaces the post URL wherever an intent link carries it (query values, mailto bodies). */
function retarget(href: string, from: string, to: string): string {
  const query = href.indexOf('?');
  if (query < 0) return href;
  const params = href
    .slice(query + 1)
    .split('&')
    .map((pair) => {
      const [key, value = ''] = pair.split('=');
      const decoded = decodeURIComponent(value.replace(/\+/g, ' '));
      return `${key}=${encodeURIComponent(decoded.split(from).join(to))}`;
    });
  return `${href.slice(0, query)}?${params.join('&')}`;
}

function announce(block: Element, message: string): void {
  const status = block.querySelector('[role="status"]');
  if (status) status.textContent = message;
}

function share(control: HTMLElement, detail: Record<string, string | undefined>): void {
  document.dispatchEvent(
    new CustomEvent('sharecraft:share', {
      detail: {
        cta: control.dataset.scCta,
        kind: control.dataset.scKind,
        network: control.dataset.scNetwork,
        parent,
        ...detail,
      },
    }),
  );
}

/** A fresh token and the URL that carries it, for one share from `container` (a block or quote). */
function tokenised(container: HTMLElement, network: string): { token: string; url: string } {
  const token = mintShareToken();
  const url = container.dataset.scUrl ?? location.href;
  const utm = 'scUtm' in container.dataset ? { source: network, medium: 'social' } : undefined;
  return { token, url: withShareToken(url, token, utm) };
}

/** Network links keep working without us; with us, each activation carries a fresh token. */
function wireLink(link: HTMLAnchorElement): void {
  const container = link.closest<HTMLElement>('[data-sc-url]');
  if (!container) return;
  const original = link.href;
  const network = link.dataset.scNetwork ?? 'link';
  const rendered = sharedUrl(container.dataset.scUrl ?? '', network, 'scUtm' in container.dataset);
  // Rewritten on every activation (click, Enter, middle-click), before the browser follows it.
  const mint = () => {
    const next = tokenised(container, network);
    link.href = retarget(original, rendered, next.url);
    share(link, { token: next.token });
  };
  link.addEventListener('click', mint);
  link.addEventListener('auxclick', mint);
}

function enhance(block: HTMLElement): void {
  const title = block.dataset.scTitle ?? document.title;
  const text: BlockText = JSON.parse(block.dataset.scText ?? '{}');

  for (const item of block.querySelectorAll<HTMLElement>('[data-sc-js]')) {
    const needs = item.dataset.scJs;
    item.hidden = needs === 'native' ? !navigator.share : needs === 'copy' ? !navigator.clipboard : false;
  }

  block.querySelector<HTMLButtonElement>('[data-sc-kind="copy"]')?.addEventListener('click', (event) => {
    const next = tokenised(block, 'copy');
    navigator.clipboard.writeText(next.url).then(
      () => announce(block, text.copied),
      () =>
        announce(
          block,
          text.failed.replace('{url}', () => next.url),
        ),
    );
    share(event.currentTarget as HTMLElement, { token: next.token });
  });

  block.querySelector<HTMLButtonElement>('[data-sc-kind="native"]')?.addEventListener('click', (event) => {
    const next = tokenised(block, 'native');
    navigator.share({ title, url: next.url }).catch(() => {});
    share(event.currentTarget as HTMLElement, { token: next.token });
  });

  const mastodon = block.querySelector<HTMLButtonElement>('[data-sc-network="mastodon"]');
  const form = block.querySelector<HTMLFormElement>('form[data-sc-mastodon]');
  if (mastodon && form) {
    const input = form.querySelector('input') as HTMLInputElement;
    const error = form.querySelector('[data-sc-error]') as HTMLElement;
    const open = (server: string) => {
      const next = tokenised(block, 'mastodon');
      window.open(mastodonShareUrl(server, { title, url: next.url }), '_blank', 'noopener');
      share(mastodon, { token: next.token });
    };
    // The form opens prefilled with the server remembered on this device: one Enter shares.
    mastodon.addEventListener('click', () => {
      const expanded = mastodon.getAttribute('aria-expanded') === 'true';
      mastodon.setAttribute('aria-expanded', String(!expanded));
      form.hidden = expanded;
      if (!expanded) {
        input.value = stored(MASTODON_KEY) ?? '';
        input.focus();
      }
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const server = input.value
        .trim()
        .replace(/^https?:\/\//i, '')
        .replace(/\/.*$/, '')
        .toLowerCase();
      if (!HOSTNAME.test(server)) {
        error.textContent = text.invalid.replace('{server}', () => input.value.trim());
        input.setAttribute('aria-invalid', 'true');
        return;
      }
      error.textContent = '';
      input.removeAttribute('aria-invalid');
      stored(MASTODON_KEY, server);
      form.hidden = true;
      mastodon.setAttribute('aria-expanded', 'false');
      open(server);
    });
  }
}

for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-sc-network]')) wireLink(link);
for (const block of document.querySelectorAll<HTMLElement>('[data-sharecraft-block]')) enhance(block);
