import { CREATION_FIELDS, CREATION_LIMITS, FORM_KINDS, MAX_CREATION_LINKS } from '@sharecraft/protocol/ids';
import { escapeHtml } from './escape-html.js';
import { FORM_ELEMENT_ID, THANKS_ID } from './form-ids.js';
import { formatString, type ShareStrings } from './strings.js';

/** A licence the form offers, as the owner listed it. */
export interface FormLicence {
  id: string;
  label: string;
  url?: string | undefined;
}

export interface CreationFormInput {
  /** The form's id and placement, as the manifest lists it and the form sends it (`end`, or `page` for `<CreationForm />`). */
  id: string;
  /** Page id of the post the form answers. */
  pageId: string;
  /** Absolute URL of the post the form answers: where a submission without JavaScript returns. */
  url: string;
  /** Where the form posts: the collector's `CREATIONS_PATH`. */
  action: string;
  licences: readonly FormLicence[];
  /** The licences are the built-in ones: the "only on this site" label is translated. */
  defaultLicences: boolean;
  strings: ShareStrings;
  /** Language of `strings` when it differs from the page's (see `ShareBlockInput.lang`). */
  lang: string | undefined;
  /** Render the form open (on a page of its own), not behind its invitation. */
  open?: boolean;
}

const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;

/**
 * The creation form under a post's share block: an invitation (`<summary>`) that opens a real
 * multipart form posting to the collector, so it works without JavaScript, and a thank-you box that
 * CSS shows when a submission returns to `#sc-thanks`. The form script (loaded when the form opens)
 * submits by fetch, shows errors inline and loads the anti-spam widget on the first input.
 *
 * Markup conventions the form script, the manifest reader and the budget test rely on: a wrapper
 * `<details class="sc-create">` with `data-sc-at` (its placement, which is also the form's
 * id), its `<summary>` marked `data-sc="remix"` (it is the post's remix invitation), and right after
 * it the thank-you box, `<p id="sc-thanks">` with text only. Every field is named by its label; hints are tied by
 * `aria-describedby`. Kept small: it ships in every post of a site with creations on.
 */
export function renderCreationForm(input: CreationFormInput): string {
  const s = input.strings.creations;
  const f = CREATION_FIELDS;
  const lang = input.lang ? ` lang="${escapeHtml(input.lang)}"` : '';
  const hint = `${FORM_ELEMENT_ID}-kh`;
  // In the form's grid each label is a block: the line break puts the field under its name.
  const field = (label: string, control: string) => `<label>${escapeHtml(label)}<br>${control}</label>`;
  const kinds = FORM_KINDS.map(
    (kind) =>
      `<label><input type="radio" name="${f.kind}" value="${kind}"${kind === 'creation' ? ' checked' : ` aria-describedby="${hint}"`}>${escapeHtml(s[kind])}</label>`,
  ).join('');
  let links = '';
  for (let n = 1; n <= MAX_CREATION_LINKS; n++) {
    links += `<input type="url" name="${f.link}" maxlength="${CREATION_LIMITS.link}" aria-label="${escapeHtml(formatString(s.link, { n: String(n) }))}">`;
  }
  const options = input.licences
    .map((licence) => {
      const label = input.defaultLicences && licence.id === 'site-only' ? s.siteOnly : licence.label;
      return `<option value="${escapeHtml(licence.id)}">${escapeHtml(label)}</option>`;
    })
    .join('');
  return (
    `<details class="sc-create" data-sc-at="${escapeHtml(input.id)}"${lang}${input.open ? ' open' : ''}><summary data-sc="remix">${escapeHtml(s.invite)}</summary>` +
    `<form id="${FORM_ELEMENT_ID}" action="${escapeHtml(input.action)}" method="post" enctype="multipart/form-data">` +
    `<fieldset><legend>${escapeHtml(s.kind)}</legend>${kinds}<p id="${hint}">${escapeHtml(s.letterHint)}</p></fieldset>` +
    field(s.title, `<input name="${f.title}" maxlength="${CREATION_LIMITS.title}" required>`) +
    field(s.text, `<textarea name="${f.text}" maxlength="${CREATION_LIMITS.text}"></textarea>`) +
    `<fieldset><legend>${escapeHtml(s.links)}</legend>${links}</fieldset>` +
    field(s.image, `<input type="file" name="${f.image}" accept="image/jpeg,image/png,image/webp">`) +
    field(s.imageAlt, `<input name="${f.imageAlt}" maxlength="${CREATION_LIMITS.imageAlt}">`) +
    field(s.credit, `<input name="${f.credit}" maxlength="${CREATION_LIMITS.credit}">`) +
    field(s.email, `<input type="email" name="${f.email}" maxlength="${CREATION_LIMITS.email}">`) +
    `<p class="sc-pub"><label><input type="checkbox" name="${f.consent}" value="yes">${escapeHtml(s.consent)}</label>` +
    `${field(s.licence, `<select name="${f.licence}">${options}</select>`)}</p>` +
    hidden(f.form, input.id) +
    hidden(f.page, input.pageId) +
    hidden(f.post, input.url) +
    `<input name="${f.honeypot}" tabindex="-1" autocomplete="off" aria-hidden="true">` +
    `<button>${escapeHtml(s.send)}</button></form></details>` +
    `<p id="${THANKS_ID}" role="status" tabindex="-1"${lang}>${escapeHtml(s.thanks)}</p>`
  );
}
