/**
 * Sharing to Mastodon, loaded the first time a reader presses the Mastodon button. Mastodon has no
 * central share page, so the reader names their own server once; it is checked as a hostname and
 * remembered on their device only (localStorage), never sent anywhere but to that server's
 * share page, in a tab the reader opens.
 */
import { mastodonShareUrl } from '../share/networks.js';
import type { Share } from './api.js';
import { loadPartsCss } from './parts.js';

const KEY = 'sharecraft:mastodon';
const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** localStorage throws where storage is blocked; the server is then simply not remembered. */
function remembered(value?: string): string {
  try {
    if (value !== undefined) localStorage.setItem(KEY, value);
    return localStorage.getItem(KEY) ?? '';
  } catch {
    return value ?? '';
  }
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string>,
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

const forms = new WeakMap<HTMLElement, HTMLFormElement>();

/** The server form under the block's actions, built from the texts the button carries. */
function formFor(button: HTMLElement, box: HTMLElement, share: Share): HTMLFormElement {
  const existing = forms.get(button);
  if (existing) return existing;
  loadPartsCss();
  const [label, placeholder, submit, invalid] = JSON.parse(button.dataset.scM ?? '[]') as string[];
  const id = `sc-mastodon-${box.dataset.scAt}`;
  const input = element('input', {
    id: `${id}-server`,
    name: 'server',
    type: 'text',
    inputmode: 'url',
    autocomplete: 'off',
    autocapitalize: 'none',
    spellcheck: 'false',
    required: '',
    placeholder: placeholder ?? '',
    'aria-describedby': `${id}-error`,
  });
  const error = element('p', { id: `${id}-error`, class: 'sharecraft__error', 'aria-live': 'assertive' });
  const form = element(
    'form',
    { id, class: 'sharecraft__mastodon' },
    element('label', { for: input.id }, label ?? ''),
    input,
    element('button', { type: 'submit' }, submit ?? ''),
    error,
  );
  form.hidden = true;
  button.setAttribute('aria-controls', id);
  box.querySelector('ul')?.after(form);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const typed = input.value.trim();
    const server = typed
      .replace(/^https?:\/\//i, '')
      .replace(/\/.*$/, '')
      .toLowerCase();
    if (!HOSTNAME.test(server)) {
      error.textContent = (invalid ?? '').replace('{server}', () => typed);
      input.setAttribute('aria-invalid', 'true');
      return;
    }
    error.textContent = '';
    input.removeAttribute('aria-invalid');
    remembered(server);
    toggle(button, form, false);
    const url = share(box, 'mastodon');
    window.open(mastodonShareUrl(server, { title: box.dataset.scTitle ?? '', url }), '_blank', 'noopener');
  });
  forms.set(button, form);
  return form;
}

function toggle(button: HTMLElement, form: HTMLFormElement, open: boolean): void {
  button.setAttribute('aria-expanded', String(open));
  form.hidden = !open;
}

/** Opens (or closes) the form, prefilled with the server remembered on this device: one Enter shares. */
export default function mastodon(button: HTMLElement, box: HTMLElement, share: Share): void {
  const form = formFor(button, box, share);
  const open = form.hidden;
  toggle(button, form, open);
  if (open) {
    const input = form.querySelector('input') as HTMLInputElement;
    input.value = remembered();
    input.focus();
  }
}
