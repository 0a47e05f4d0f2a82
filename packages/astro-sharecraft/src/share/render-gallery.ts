import { DEFAULT_CREATION_LICENCES } from '@sharecraft/protocol';
import type { GalleryCreation } from '../creations/gallery-data.js';
import { escapeHtml } from './escape-html.js';
import type { ShareStrings } from './strings.js';

/** Id of the gallery's heading; `<Creations />` and the automatic gallery never both appear on a page. */
export const GALLERY_HEADING_ID = 'sc-g';

/** Kinds the gallery shows. Anything else (a letter above all) is never rendered, whatever the data says. */
const SHOWN_KINDS: ReadonlySet<string> = new Set(['creation', 'mention']);

/** How much of a creation's text the gallery shows, in characters; the rest is cut at a word. */
export const GALLERY_TEXT_LENGTH = 280;

export interface GalleryInput {
  creations: readonly GalleryCreation[];
  strings: ShareStrings;
  /** Language the dates are written in (the page's, or the strings'). */
  locale: string;
  /** Language of `strings` when it differs from the page's (see `ShareBlockInput.lang`). */
  lang: string | undefined;
}

/** `url` as an absolute http(s) URL, serialised; undefined for anything else (`javascript:`, `data:`, junk). */
export function webUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** Fills `{name}` in `template` with ready-made HTML; the template's own text is escaped. */
function fillHtml(template: string, name: string, html: string): string {
  return template
    .split(`{${name}}`)
    .map((part) => escapeHtml(part))
    .join(html);
}

/** The text shortened to `GALLERY_TEXT_LENGTH` at a word, escaped, each line break kept as `<br>`. */
function shortText(text: string): string {
  let short = text
    .replace(/\r\n?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (short.length > GALLERY_TEXT_LENGTH) {
    const cut = short.slice(0, GALLERY_TEXT_LENGTH);
    const space = cut.search(/\s\S*$/);
    short = `${(space > GALLERY_TEXT_LENGTH / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
  }
  return escapeHtml(short).replace(/\n/g, '<br>');
}

function dateOf(iso: string, locale: string, template: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  let written: string;
  try {
    written = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
  } catch {
    written = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(date);
  }
  const time = `<time datetime="${escapeHtml(date.toISOString())}">${escapeHtml(written)}</time>`;
  return `<p>${fillHtml(template, 'date', time)}</p>`;
}

/** An image source the gallery will load: a path on the site, or an http(s) URL. */
function imageSource(src: string): string | undefined {
  if (src.startsWith('/') && !src.startsWith('//')) return src;
  return webUrl(src);
}

function card(creation: GalleryCreation, input: GalleryInput): string {
  const s = input.strings.gallery;
  const title = creation.title.trim() || s.untitled;
  const src = creation.image && imageSource(creation.image.src);
  const image =
    creation.image && src
      ? `<img src="${escapeHtml(src)}" alt="${escapeHtml(creation.image.alt)}" width="${Math.round(creation.image.width) || 1}" height="${Math.round(creation.image.height) || 1}" loading="lazy" decoding="async">`
      : '';
  // A reader may write in another direction than the page: each of their texts takes its own.
  const name = `<bdi>${escapeHtml(creation.credit.trim() || s.someone)}</bdi>`;
  const link = webUrl(creation.link);
  const credit = link ? `<a href="${escapeHtml(link)}" rel="ugc nofollow noopener">${name}</a>` : name;
  let licence = '';
  if (creation.licence) {
    // The built-in "only on this site" licence is named in the page's language.
    const builtIn = DEFAULT_CREATION_LICENCES.find((known) => known.id === creation.licence?.id);
    const label =
      builtIn && creation.licence.id === 'site-only' && creation.licence.label === builtIn.label
        ? input.strings.creations.siteOnly
        : creation.licence.label;
    const url = webUrl(creation.licence.url);
    const named = url
      ? `<a href="${escapeHtml(url)}" rel="license noopener">${escapeHtml(label)}</a>`
      : escapeHtml(label);
    licence = `<p>${fillHtml(s.licence, 'licence', named)}</p>`;
  }
  const mention = creation.kind === 'mention';
  const text = creation.text.trim() ? `<p class="sc-g-text" dir="auto">${shortText(creation.text)}</p>` : '';
  return (
    `<li${mention ? ' class="sc-g-mention"' : ''}>${image}<h3 dir="auto">${escapeHtml(title)}</h3>` +
    (mention ? `<p class="sc-g-kind">${escapeHtml(s.mention)}</p>` : '') +
    `<p>${fillHtml(s.by, 'name', credit)}</p>` +
    dateOf(creation.createdAt, input.locale, s.date) +
    text +
    licence +
    '</li>'
  );
}

/**
 * "What readers made": the approved creations of one post, as a `<section>` with a heading and a
 * list of cards (image, title, credit, date, text, licence). No script; every text a reader wrote
 * is escaped, and a link is only ever an http(s) URL. Letters are never shown, even when present in
 * the data. Empty when there is nothing to show.
 *
 * Markup conventions the manifest reader and the budget test rely on: one `<section class="sc-gallery">`
 * with no other `<section>` inside it.
 */
export function renderGallery(input: GalleryInput): string {
  const shown = input.creations.filter((creation) => SHOWN_KINDS.has(creation.kind));
  if (shown.length === 0) return '';
  const lang = input.lang ? ` lang="${escapeHtml(input.lang)}"` : '';
  return (
    `<section class="sc-gallery" aria-labelledby="${GALLERY_HEADING_ID}"${lang}>` +
    `<h2 id="${GALLERY_HEADING_ID}">${escapeHtml(input.strings.gallery.heading)}</h2>` +
    `<ul role="list">${shown.map((creation) => card(creation, input)).join('')}</ul></section>`
  );
}
