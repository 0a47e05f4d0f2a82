/**
 * The share popover for text a reader selects in a post, loaded with the first selection: the
 * block's first networks, each sharing the selection with a link that opens the post scrolled to it
 * (a `#:~:text=` fragment). Its controls are ordinary Sharecraft controls in a container placed
 * `selection`, so the share script handles their clicks like any other.
 */
import { SELECTION_NETWORKS } from '../share/selection.js';
import { encodeParam, sharedUrl } from '../share/share-url.js';
import { urlToPassage } from '../share/text-fragment.js';
import { loadPartsCss } from './parts.js';

/** The remix icon (`share/icons.ts`), drawn as the block draws it. */
const REMIX_ICON =
  '<svg viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M4 20l1-5L16 4l4 4L9 19zM14 6l4 4"/></svg>';

/**
 * Replaces `from` with `to` in an intent link, in one pass, in both ways the build encodes text
 * (`+` or `%20` for spaces). `prefix` anchors the match, e.g. `=` for text that opens a parameter.
 */
function swap(href: string, from: string, to: string, prefix = ''): string {
  const variants = new Map<string, string>();
  for (const mailto of [true, false])
    variants.set(prefix + encodeParam(from, mailto), prefix + encodeParam(to, mailto));
  const pattern = [...variants.keys()].map((key) => key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return href.replace(new RegExp(pattern, 'g'), (match) => variants.get(match) ?? match);
}

export default function selectionPopover(block: HTMLElement): void {
  const content = block.parentElement;
  const links = [...block.querySelectorAll<HTMLAnchorElement>('a[data-sc]:not([data-sc=remix])')].slice(
    0,
    SELECTION_NETWORKS,
  );
  if (!content || links.length === 0) return;
  loadPartsCss();
  const url = block.dataset.scUrl ?? location.href;
  const title = block.dataset.scTitle ?? '';
  const utm = 'scUtm' in block.dataset;
  const label = block.dataset.scSel ?? '';
  const popover = document.createElement('div');
  popover.className = 'sharecraft-popover';
  popover.hidden = true;
  popover.setAttribute('role', 'group');
  popover.setAttribute('aria-label', label);
  popover.dataset.scAt = 'selection';
  if (utm) popover.dataset.scUtm = '';
  // With the creation form on the page, the popover also invites the reader to make something from
  // the selection: a link to the form, named like the form's own invitation, that carries the quote.
  const invitation = document.querySelector('.sc-create summary');
  let remix: HTMLAnchorElement | undefined;
  if (invitation) {
    remix = document.createElement('a');
    remix.href = '#sc-c';
    remix.dataset.sc = 'remix';
    remix.setAttribute('aria-label', `${label}: ${invitation.textContent}`);
    remix.innerHTML = REMIX_ICON;
  }
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
    const quote = `“${text}”`;
    popover.dataset.scUrl = passage;
    popover.dataset.scTitle = quote;
    popover.replaceChildren(
      ...links.map((link) => {
        const network = link.dataset.sc as string;
        const copy = link.cloneNode(true) as HTMLAnchorElement;
        copy.setAttribute('aria-label', `${label}: ${link.getAttribute('aria-label') ?? network}`);
        const href = link.getAttribute('href') as string;
        // The title opens a parameter's value wherever a link carries it, so it is matched only
        // there (a short title could also be part of the URL); then the URL gets the passage.
        const titled = title ? swap(href, title, quote, '=') : href;
        copy.href = swap(titled, sharedUrl(url, network, utm), sharedUrl(passage, network, utm));
        return copy;
      }),
      ...(remix ? [remix] : []),
    );
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
  update();
}
