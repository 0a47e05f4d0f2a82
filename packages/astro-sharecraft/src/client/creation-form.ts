/**
 * The creation form's script, loaded when the form opens (see `with-form.ts`). The form works
 * without it, as a plain multipart POST that returns to the post's `#sc-thanks`; this adds:
 * - the share token the visit arrived with, and a quote carried from a remix link;
 * - sending by fetch (`Accept: application/json`), with every problem shown inline under its field,
 *   tied to it by `aria-describedby`, and listed in a focused summary that links to each field;
 * - the confirmation with the reader's private receipt link, also after a return without
 *   JavaScript (`?sc-receipt=`, then taken out of the address bar);
 * - the anti-spam widget (ALTCHA), loaded from the site's own origin on the reader's first input,
 *   which proves a little work before the submission goes out. Should it fail to load or to
 *   solve, the submission goes out without it, and the collector holds it as unverified;
 * - the beacon's `f` event with the form's id, once a creation is stored.
 */
import { CREATION_CHALLENGE_PATH, CREATION_FIELDS, CREATION_RECEIPT_PATH } from '@sharecraft/protocol/ids';
import { FORM_ELEMENT_ID, THANKS_ID } from '../share/form-ids.js';
import { loadPartsCss } from './parts.js';

/** Replaced by the integration with the hashed file names of the widget, its styles and its workers. */
const ALTCHA = './SC_LAZY_ALTCHA';
const THEME = './SC_LAZY_THEME';
const SHA = './SC_LAZY_SHA';
const PBKDF = './SC_LAZY_PBKDF';
/** Replaced with the site's texts for the script, by language: `{ en: [problem, failed, receipt], … }`. */
const TEXTS = './SC_LAZY_TEXTS';

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

const ready = new WeakMap<HTMLFormElement, Promise<(quote: string) => void>>();

/** The texts for the language the form is in, found as the page middleware found them: whole tag, then shorter. */
async function textsFor(form: HTMLElement): Promise<string[]> {
  const all = (await import(/* @vite-ignore */ TEXTS)).default as Record<string, string[]>;
  const subtags = (form.closest<HTMLElement>('[lang]')?.lang ?? '').toLowerCase().split(/[-_]/);
  for (let length = subtags.length; length > 0; length--) {
    const found = all[subtags.slice(0, length).join('-')];
    if (found) return found;
  }
  return all.en ?? [];
}

function element(tag: string, attributes: Record<string, string>, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** Loads the widget and its workers, once per page; resolves false when it cannot. */
let widgetCode: Promise<boolean> | undefined;
function loadWidget(): Promise<boolean> {
  widgetCode ??= (async () => {
    const here = import.meta.url;
    document.head.append(element('link', { rel: 'stylesheet', href: new URL(THEME, here).href }));
    await import(/* @vite-ignore */ ALTCHA);
    const registry = (globalThis as { $altcha?: { algorithms: Map<string, () => Worker> } }).$altcha;
    for (const bits of ['256', '384', '512']) {
      registry?.algorithms.set(`SHA-${bits}`, () => new Worker(new URL(SHA, here)));
      registry?.algorithms.set(`PBKDF2/SHA-${bits}`, () => new Worker(new URL(PBKDF, here)));
    }
    return true;
  })().catch(() => false);
  return widgetCode;
}

/**
 * Readies `form`, once. `from` is what led the reader there: a remix link (`#sc-c`) opens the
 * form, moves focus into it and carries its quote row's quote (or none); the invitation, nothing.
 */
export default async function creationForm(form: HTMLFormElement, token?: string, from?: Element): Promise<void> {
  let known = ready.get(form);
  if (!known) {
    known = textsFor(form).then((texts) => prepare(form, token, texts));
    ready.set(form, known);
  }
  if (from instanceof HTMLAnchorElement) {
    // A quote row's (or the selection popover's) title is the quote in quotation marks.
    (await known)(from.closest<HTMLElement>('.sc-row, .sharecraft-popover')?.dataset.scTitle?.slice(1, -1) ?? '');
  }
}

function prepare(form: HTMLFormElement, token: string | undefined, texts: string[]) {
  const doc = document;
  const f = CREATION_FIELDS;
  const details = form.closest('details') as HTMLDetailsElement;
  const thanks = doc.getElementById(THANKS_ID) as HTMLElement;
  const button = form.querySelector('button') as HTMLButtonElement;
  const [problem, failed, receipt] = texts;
  /** A hidden field the script fills (the page carries only those a submission without it needs). */
  const hiddenField = (name: string) => {
    let field = form.elements.namedItem(name) as HTMLInputElement | null;
    if (!field) {
      field = element('input', { type: 'hidden', name }) as HTMLInputElement;
      form.append(field);
    }
    return field;
  };
  form.noValidate = true;
  loadPartsCss();
  if (token) hiddenField(f.token).value = token;

  /**
   * Shows the confirmation, with the private link to the receipt (`<id>.<secret>`) when there is one.
   * The link is made from the form's own action, the collector's address as this site knows it: the
   * collector's idea of its own (behind a TLS proxy, `http:`) may not be what the reader can reach.
   * A mounted collector keeps its path prefix, and a trailing slash where the site's URLs have one.
   */
  const confirm = (receiptId?: string) => {
    thanks.querySelector('a')?.remove();
    if (receiptId) {
      const collector = form.action.replace(/\/api\/creations(\/?)$/, '');
      const slash = form.action.endsWith('/') ? '/' : '';
      thanks.append(
        ' ',
        element('a', { href: `${collector}${CREATION_RECEIPT_PATH}/${receiptId}${slash}` }, receipt ?? ''),
      );
    }
    thanks.dataset.on = '';
    thanks.focus();
  };

  // A return from a submission sent without JavaScript: its receipt, then out of the address bar.
  const address = new URL(location.href);
  const returned = address.searchParams.get('sc-receipt');
  if (returned && /^[\w-]+\.[\w-]+$/.test(returned)) {
    address.searchParams.delete('sc-receipt');
    history.replaceState(history.state, '', address);
    confirm(returned);
  }

  // The widget, armed on the first input; `proof` settles on its payload, or on nothing.
  let proof: Promise<string | undefined> | undefined;
  const arm = () => {
    form.removeEventListener('focusin', arm);
    form.removeEventListener('input', arm);
    proof = loadWidget().then(
      (loaded) =>
        new Promise((resolve) => {
          if (!loaded) return resolve(undefined);
          const widget = element('altcha-widget', {
            challenge: new URL(CREATION_CHALLENGE_PATH, form.action).href,
            name: f.altcha,
            auto: 'onload',
            display: 'invisible',
          });
          widget.addEventListener('statechange', (event) => {
            const { state, payload } = (event as CustomEvent<{ state: string; payload?: string }>).detail;
            if (state === 'verified') resolve(payload);
            else if (state === 'error' || state === 'expired') resolve(undefined);
          });
          button.before(widget);
        }),
    );
  };
  form.addEventListener('focusin', arm);
  form.addEventListener('input', arm);

  const controls = () =>
    ([...form.elements] as Control[]).filter(
      (control) => control.tagName !== 'BUTTON' && control.name !== '' && control.type !== 'hidden',
    );
  /** The field's name for people: its label's own text (not its options'), or its `aria-label`. */
  const nameOf = (control: Control) =>
    control.getAttribute('aria-label') ??
    (control.type === 'radio'
      ? control.closest('fieldset')?.querySelector('legend')?.textContent
      : [...(control.labels?.[0]?.childNodes ?? [])]
          .filter((node) => node.nodeType === Node.TEXT_NODE)
          .map((node) => node.textContent)
          .join('')) ??
    control.name;

  const clear = () => {
    for (const old of form.querySelectorAll('.sc-e, .sc-errs')) old.remove();
    for (const control of controls()) {
      control.removeAttribute('aria-invalid');
      const described = control.dataset.scD;
      if (described === undefined) continue;
      if (described) control.setAttribute('aria-describedby', described);
      else control.removeAttribute('aria-describedby');
    }
  };

  /** Marks `control` invalid with `message` under it; returns the summary's line for it. */
  const mark = (control: Control, message: string) => {
    let index = 0;
    while (doc.getElementById(`${FORM_ELEMENT_ID}-${control.name}${index || ''}`) && !control.id) index++;
    control.id ||= `${FORM_ELEMENT_ID}-${control.name}${index || ''}`;
    const error = element('p', { class: 'sc-e', id: `${control.id}-e` }, message);
    const at = control.closest('label') ?? control;
    (at.parentElement?.tagName === 'P' ? at.parentElement : at).after(error);
    control.dataset.scD ??= control.getAttribute('aria-describedby') ?? '';
    control.setAttribute('aria-describedby', `${control.dataset.scD} ${error.id}`.trim());
    control.setAttribute('aria-invalid', 'true');
    return element('li', {}, element('a', { href: `#${control.id}` }, `${nameOf(control)}: ${message}`));
  };

  /** Lists the problems at the top of the form and moves focus there. */
  const report = (lines: HTMLElement[]) => {
    const summary = element(
      'div',
      { class: 'sc-errs', role: 'alert', tabindex: '-1' },
      element('p', {}, problem ?? ''),
      element('ul', {}, ...lines),
    );
    summary.addEventListener('click', (event) => {
      const link = (event.target as Element).closest('a');
      if (!link) return;
      event.preventDefault();
      doc.getElementById(link.hash.slice(1))?.focus();
    });
    form.prepend(summary);
    summary.focus();
  };

  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    clear();
    const invalid = controls().filter((control) => !control.checkValidity());
    if (invalid.length > 0) return report(invalid.map((control) => mark(control, control.validationMessage)));
    busy = true;
    button.setAttribute('aria-disabled', 'true');
    try {
      if (!proof) arm();
      const data = new FormData(form);
      const payload = await proof;
      data.delete(f.altcha);
      if (payload) data.set(f.altcha, payload);
      const answer = await fetch(form.action, { method: 'POST', body: data, headers: { accept: 'application/json' } });
      const body = (await answer.json().catch(() => ({}))) as {
        ok?: boolean;
        receiptUrl?: string;
        reason?: string;
        fields?: Record<string, string>;
      };
      if (answer.ok && body.ok) {
        form.reset();
        hiddenField(f.quote).value = '';
        for (const shown of form.querySelectorAll('.sc-q')) shown.remove();
        details.open = false;
        confirm(body.receiptUrl?.split('/').filter(Boolean).pop());
        dispatchEvent(
          new CustomEvent('sharecraft:share', { detail: { k: 'f', f: details.dataset.scAt, s: token || undefined } }),
        );
        // A proof of work counts once: the next submission needs a new one.
        form.querySelector('altcha-widget')?.remove();
        proof = undefined;
        form.addEventListener('focusin', arm);
        form.addEventListener('input', arm);
        return;
      }
      const lines: HTMLElement[] = [];
      for (const [key, message] of Object.entries(body.fields ?? {})) {
        const [name = key, at = '0'] = key.split(/[.[\]]/);
        const control = form.querySelectorAll<Control>(`[name="${CSS.escape(name)}"]`)[Number(at) || 0];
        lines.push(control && control.type !== 'hidden' ? mark(control, message) : element('li', {}, message));
      }
      if (lines.length === 0) lines.push(element('li', {}, body.reason ?? failed ?? ''));
      report(lines);
    } catch {
      report([element('li', {}, failed ?? '')]);
    } finally {
      busy = false;
      button.removeAttribute('aria-disabled');
    }
  });

  /** Carries `quote` (or none) into the form, opens it and moves focus to its first field. */
  return (quote: string) => {
    hiddenField(f.quote).value = quote;
    for (const shown of form.querySelectorAll('.sc-q')) shown.remove();
    if (quote) form.prepend(element('blockquote', { class: 'sc-q' }, quote));
    details.open = true;
    (form.querySelector('input:not([type=hidden])') as HTMLElement).focus();
  };
}
