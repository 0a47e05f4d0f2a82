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
import { urlToPassage } from '../share/text-fragment.js';

interface BlockText {
  copied: string;
  failed: string;
  invalid: string;
  /** Name of the selection popover; present when the owner left selection sharing on. */
  selection?: string;
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

/**
 * A small popover of the block's first networks over text the reader selects in the post; each
 * shares the selection with a link that opens the post scrolled to it.
 */
function selectionPopover(block: HTMLElement, label: string): void {
  const content = block.parentElement;
  const links = [...block.querySelectorAll<HTMLAnchorElement>('a[data-sc-kind="share"]')].slice(0, 3);
  if (!content || links.length === 0) return;
  const url = block.dataset.scUrl ?? location.href;
  const title = block.dataset.scTitle ?? '';
  const utm = 'scUtm' in block.dataset;
  const popover = document.createElement('div');
  popover.className = 'sharecraft-popover';
  popover.hidden = true;
  popover.setAttribute('role', 'group');
  popover.setAttribute('aria-label', label);
  if (utm) popover.dataset.scUtm = '';
  // Keep the selection (and the popover) when the reader presses a button in it.
  popover.addEventListener('mousedown', (event) => event.preventDefault());
  document.body.append(popover);

  let timer = 0;
  const update = () => {
    const selection = getSelection();
    const text = selection?.toString().replace(/\s+/g, ' ').trim() ?? '';
    const node = selection?.anchorNode;
    if (
      !selection ||
      selection.isCollapsed ||
      text.length < 3 ||
      !node ||
      !content.contains(node) ||
      block.contains(node)
    ) {
      popover.hidden = true;
      return;
    }
    const passage = urlToPassage(url, text);
    popover.dataset.scUrl = passage;
    const copies = links.map((link) => {
      const network = link.dataset.scNetwork ?? 'link';
      const copy = link.cloneNode(true) as HTMLAnchorElement;
      copy.dataset.scKind = 'quote';
      copy.setAttribute('aria-label', `${label}: ${link.getAttribute('aria-label') ?? network}`);
      copy.href = retarget(
        retarget(link.href, sharedUrl(url, network, utm), sharedUrl(passage, network, utm)),
        title,
        `“${text}”`,
      );
      return copy;
    });
    popover.replaceChildren(...copies);
    // Wired once inside the popover, whose data-sc-url is the passage.
    for (const copy of copies) wireLink(copy);
    const box = selection.getRangeAt(0).getBoundingClientRect();
    popover.hidden = false;
    popover.style.top = `${Math.max(0, box.top + scrollY - popover.offsetHeight - 8)}px`;
    popover.style.left = `${Math.max(0, box.left + scrollX)}px`;
  };
  document.addEventListener('selectionchange', () => {
    clearTimeout(timer);
    timer = window.setTimeout(update, 150);
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') popover.hidden = true;
  });
}

function enhance(block: HTMLElement): void {
  const title = block.dataset.scTitle ?? document.title;
  const text: BlockText = JSON.parse(block.dataset.scText ?? '{}');

  if (text.selection) selectionPopover(block, text.selection);

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
