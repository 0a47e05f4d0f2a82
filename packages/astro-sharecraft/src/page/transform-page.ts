import { canonicalPath, derivePageId, PAGE_SLICE_ELEMENT_ID, pageSliceOf } from '@sharecraft/protocol/ids';
import { addCardMeta, metaContent } from '../cards/meta-tags.js';
import { type PagePost, pagePost } from '../cards/page-post.js';
import type { GalleryData } from '../creations/gallery-data.js';
import { escapeHtml, unescapeHtml } from '../share/escape-html.js';
import { FORM_ELEMENT_ID } from '../share/form-ids.js';
import type { ShareAction } from '../share/networks.js';
import { type FormLicence, renderCreationForm } from '../share/render-creation-form.js';
import { renderGallery } from '../share/render-gallery.js';
import { renderQuoteShare } from '../share/render-quote-share.js';
import { containerAttributes, renderRemix, renderShareBlock } from '../share/render-share-block.js';
import { type ResolvedShareStrings, resolveShareStrings, type ShareStrings } from '../share/strings.js';
import { type NotAPost, type PostRules, recognisePost } from './recognise-post.js';
import { type FoundSlot, findSlots } from './slot-marker.js';

/** What the page middleware needs to know, serialisable so it can travel through a virtual module. */
export interface PageConfig {
  rules: PostRules;
  actions: readonly ShareAction[];
  utm: boolean;
  /** Forces the block's language; otherwise the page's `<html lang>` decides. */
  locale: string | undefined;
  /** The owner's replacements for any of the block's texts. */
  strings: Record<string, unknown> | undefined;
  remixUrl: string | undefined;
  selectionSharing: boolean;
  /** `site` from the Astro config, if set. */
  site: string | undefined;
  /** `base` from the Astro config, always starting and ending with `/`. */
  base: string;
  /** URL paths of the files Sharecraft serves from the site's own origin (the script carries the beacon when there is a collector). */
  assets: { share: string; css: string; formOpen?: string; gallery?: string };
  /** Share cards: off, or whether a page's own og:image gives way to the card. */
  cards: false | { override: boolean };
  /** The creation form (option `creations`): where it posts and the licences it offers; off when undefined. */
  creations?:
    | {
        action: string;
        /** Where posts advertise webmentions (`<link rel="webmention">`); none when absent. */
        webmention?: string;
        licences: FormLicence[];
        defaultLicences: boolean;
      }
    | undefined;
  /**
   * Approved creations by page id, from `creations.source` (see `creations/load-gallery.ts`): each
   * post that has some shows them (see `renderGallery`).
   */
  gallery?: GalleryData | undefined;
}

/** Card size, and where cards are served, under the site's base. */
export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;
export const CARDS_DIR = '_sharecraft/cards';

/** The share card a post gets: what to draw on it, and where it will be. */
export interface PageCard {
  /** The post's path on the site (`/blog/hello`): names it in every message. */
  path: string;
  pageId: string;
  /** The card's file name under `CARDS_DIR` (`<page id>.png`). */
  file: string;
  /** Absolute URL of the card. */
  url: string;
  post: PagePost;
  /** Canonical URL of the post. */
  postUrl: string;
  /** The page's own og:image, kept instead of the card (the card is still rendered). */
  ownImage: string | undefined;
  /** The page's og:site_name: the brand on the cards when the owner named none. */
  siteName: string | undefined;
}

/** The page being rendered. */
export interface PageRequest {
  pathname: string;
  /** Origin of the request: the URL base when the site has no `site`. */
  origin: string;
  /** The file that renders the page's route, when known, for warnings. */
  source?: string | undefined;
}

export interface TransformResult {
  html: string;
  post: boolean;
  /** Why the page is not a post, or how the block was placed. */
  detail: string;
  /** Problems with this page that the owner should hear about. */
  warnings: string[];
  /** The post's share card, unless cards are off or the post opted out. */
  card?: PageCard;
  /** Why a page that rendered Markdown or MDX got no block, for the build's summary. */
  unplaced?: NotAPost;
  /** The page carried no marker of a Markdown or MDX document. */
  markerless: boolean;
}

/** Path of a page relative to the site's base, canonicalised: what `posts.include`/`exclude` match. */
export function sitePath(pathname: string, base: string): string {
  const path = canonicalPath(pathname);
  const trimmedBase = base.replace(/\/+$/, '');
  if (trimmedBase && (path === trimmedBase || path.startsWith(`${trimmedBase}/`))) {
    return canonicalPath(path.slice(trimmedBase.length));
  }
  return path;
}

/** Rewrites every marker in one pass: each becomes what `replace` returns for it (often nothing). */
function rewriteSlots(html: string, slots: FoundSlot[], replace: (slot: FoundSlot) => string = () => ''): string {
  let out = '';
  let from = 0;
  for (const slot of slots) {
    out += html.slice(from, slot.start) + replace(slot);
    from = slot.end;
  }
  return out + html.slice(from);
}

/** Finds where the closing tag of the first `<tag>` element begins, counting nested ones. */
function closingTagIndex(html: string, tag: string): number {
  const pattern = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'gi');
  let depth = 0;
  for (const match of html.matchAll(pattern)) {
    if (match[1]) {
      depth -= 1;
      if (depth === 0) return match.index;
    } else {
      depth += 1;
    }
  }
  return -1;
}

const QUOTE = /<blockquote\b[^>]*\bdata-sharecraft-quote\b[^>]*>/gi;

/** Adds a share row under every passage the author marked with `> [!share]`. */
function addQuoteShares(
  html: string,
  context: Omit<Parameters<typeof renderQuoteShare>[0], 'placement' | 'quote'>,
): string {
  // Most posts have no marked quote; looking for the attribute first skips a scan for every tag.
  if (!html.includes('data-sharecraft-quote')) return html;
  let out = '';
  let from = 0;
  let count = 0;
  for (const open of html.matchAll(QUOTE)) {
    if (open.index < from) continue;
    const close = closingTagIndex(html.slice(open.index), 'blockquote');
    if (close === -1) continue;
    const end = open.index + close + '</blockquote>'.length;
    const quote = unescapeHtml(html.slice(open.index + open[0].length, open.index + close).replace(/<[^>]+>/g, ' '))
      .replace(/\s+/g, ' ')
      .trim();
    if (!quote) continue;
    count += 1;
    const row = renderQuoteShare({ ...context, placement: `quote-${count}`, quote });
    out += html.slice(from, end) + row.html;
    from = end;
  }
  return out + html.slice(from);
}

function textOf(html: string, pattern: RegExp): string | undefined {
  const match = pattern.exec(html);
  if (!match?.[1]) return undefined;
  const text = unescapeHtml(match[1].replace(/<[^>]+>/g, '')).trim();
  return text || undefined;
}

/**
 * The post's title: what the Markdown frontmatter said, else the page's og:title or first <h1>.
 * `<title>` is not used: it usually carries the site's name too, and layouts fill it with a default.
 */
function titleOf(html: string, fromSlot: string | undefined): string {
  if (fromSlot) return unescapeHtml(fromSlot);
  return (
    textOf(html, /<meta\s+[^>]*property=["']og:title["'][^>]*content=["']([^"']*)["']/i) ??
    textOf(html, /<h1\b[^>]*>([\s\S]*?)<\/h1>/i) ??
    ''
  );
}

/** The block's texts by requested language, per site: resolved once, not for every page. */
const STRINGS = new WeakMap<PageConfig, Map<string | undefined, ResolvedShareStrings>>();

function stringsFor(config: PageConfig, lang: string | undefined): ResolvedShareStrings {
  let byLang = STRINGS.get(config);
  if (!byLang) {
    byLang = new Map();
    STRINGS.set(config, byLang);
  }
  let resolved = byLang.get(lang);
  if (!resolved) {
    resolved = resolveShareStrings(lang, config.strings as Parameters<typeof resolveShareStrings>[1]);
    byLang.set(lang, resolved);
  }
  return resolved;
}

/** Adds `before` (if any), the stylesheet and the script to the page's `<head>`. */
function addToHead(html: string, before: string, config: PageConfig): string {
  const head =
    before +
    `<link rel="stylesheet" href="${config.assets.css}">` +
    `<script type="module" src="${config.assets.share}"></script>`;
  const headEnd = html.search(/<\/head>/i);
  return headEnd === -1 ? head + html : html.slice(0, headEnd) + head + html.slice(headEnd);
}

/** The gallery's stylesheet, for a page that shows a gallery. */
function galleryStylesheet(config: PageConfig): string {
  return config.assets.gallery ? `<link rel="stylesheet" href="${config.assets.gallery}">` : '';
}

/** Adds the gallery's stylesheet to the page's `<head>`. */
function addGalleryStylesheet(html: string, config: PageConfig): string {
  const link = galleryStylesheet(config);
  const headEnd = html.search(/<\/head>/i);
  if (!link) return html;
  return headEnd === -1 ? link + html : html.slice(0, headEnd) + link + html.slice(headEnd);
}

/** The gallery of the post with id `pageId`, in the page's language; empty when it has no creations. */
function galleryOf(
  config: PageConfig,
  pageId: string,
  resolved: ResolvedShareStrings,
  pageLang: string | undefined,
): string {
  const creations = config.gallery?.[pageId];
  if (!creations?.length) return '';
  const sameLanguage = pageLang?.toLowerCase().split('-')[0] === resolved.locale.toLowerCase().split('-')[0];
  return renderGallery({
    creations,
    strings: resolved.strings as ShareStrings,
    locale: sameLanguage && pageLang ? pageLang : resolved.locale,
    lang: sameLanguage ? undefined : resolved.locale,
  });
}

/**
 * A page that is not a post but carries `<Creations post="…" />`: the named post's gallery in its
 * place (else the page's own, if it has one), with its stylesheet. Other markers are left as they are.
 */
function ownGallery(html: string, gallerySlot: FoundSlot, request: PageRequest, config: PageConfig): string {
  const origin = config.site ?? request.origin;
  let path = request.pathname;
  try {
    if (gallerySlot.post) path = new URL(gallerySlot.post, new URL(request.pathname, origin)).pathname;
  } catch {
    // Not a URL: the gallery is the page's own.
  }
  const pageLang = /<html\b[^>]*\blang=["']?([A-Za-z0-9-]+)/i.exec(html)?.[1];
  const gallery = galleryOf(
    config,
    derivePageId(sitePath(path, config.base)),
    stringsFor(config, config.locale ?? pageLang),
    pageLang,
  );
  const out = rewriteSlots(html, [gallerySlot], () => gallery);
  return gallery ? addGalleryStylesheet(out, config) : out;
}

/**
 * A page that is not a post but carries `<CreationForm />`: the owner's page for creations. The
 * form answers the post its `post` prop names (else the page itself) as that post's own form
 * would (form id `end`, so the collector finds it in the post's manifest entry), with the
 * stylesheet and script it needs, and no share block.
 */
/**
 * What the creation form takes from the site and the page: where it posts, the licences, its texts,
 * and their language where it differs from the page's.
 */
function formSettings(
  creations: NonNullable<PageConfig['creations']>,
  strings: ResolvedShareStrings['strings'],
  pageLang: string | undefined,
  locale: string,
) {
  const sameLanguage = pageLang?.toLowerCase().split('-')[0] === locale.toLowerCase().split('-')[0];
  return {
    action: creations.action,
    licences: creations.licences,
    defaultLicences: creations.defaultLicences,
    strings: strings as ShareStrings,
    lang: sameLanguage ? undefined : locale,
  };
}

function ownFormPage(
  html: string,
  slots: FoundSlot[],
  formSlot: FoundSlot,
  request: PageRequest,
  config: PageConfig & { creations: NonNullable<PageConfig['creations']> },
): string {
  const origin = config.site ?? request.origin;
  let url = new URL(request.pathname, origin).href;
  try {
    if (formSlot.post) url = new URL(formSlot.post, origin).href;
  } catch {
    // Not a URL: the form answers the page it is on.
  }
  const pageLang = /<html\b[^>]*\blang=["']?([A-Za-z0-9-]+)/i.exec(html)?.[1];
  const { strings, locale } = stringsFor(config, config.locale ?? pageLang);
  const form = renderCreationForm({
    // It stands in for the post's own form, under the id the manifest lists for that post.
    id: 'end',
    pageId: derivePageId(sitePath(new URL(url).pathname, config.base)),
    url,
    ...formSettings(config.creations, strings, pageLang, locale),
    open: true,
  });
  // The form is open from the start: its script too (on a post, it waits for the reader).
  const script = config.assets.formOpen ? `<script type="module" src="${config.assets.formOpen}"></script>` : '';
  return addToHead(
    rewriteSlots(html, slots, (slot) => (slot === formSlot ? form : '')),
    script,
    config,
  );
}

/**
 * Turns a page Astro rendered into a Sharecraft post: the share block in place of the Markdown
 * marker (or at the end of the post's `<article>`/`<main>`), plus the page slice and scripts in
 * `<head>`. Pages that are not posts come back unchanged but for the stripped markers.
 */
export function transformPage(html: string, request: PageRequest, config: PageConfig): TransformResult {
  const { pathname } = request;
  const slots = findSlots(html);
  const path = sitePath(pathname, config.base);
  const recognition = recognisePost(path, slots, config.rules);
  const markerless = !slots.some((slot) => slot.kind === 'end' || slot.kind === 'off');
  const formSlot = config.creations ? slots.find((slot) => slot.kind === 'form') : undefined;
  const gallerySlot = slots.find((slot) => slot.kind === 'gallery');
  if (!recognition.post) {
    const { post: _, ...why } = recognition;
    // `<Creations />` on a page that is not a post is filled first; the other markers after.
    const own = gallerySlot ? ownGallery(html, gallerySlot, request, config) : html;
    const ownSlots = gallerySlot ? findSlots(own) : slots;
    const ownForm = config.creations ? ownSlots.find((slot) => slot.kind === 'form') : undefined;
    return {
      html:
        ownForm && config.creations
          ? ownFormPage(own, ownSlots, ownForm, request, { ...config, creations: config.creations })
          : rewriteSlots(own, ownSlots),
      post: false,
      detail: recognition.reason,
      warnings: [],
      markerless,
      ...(markerless ? {} : { unplaced: why }),
    };
  }

  const warnings: string[] = [];
  const pageId = derivePageId(path);
  const url = new URL(pathname, config.site ?? request.origin).href;
  const title = titleOf(html, recognition.placement === 'slot' ? recognition.slot.title : undefined);
  const pageLang = /<html\b[^>]*\blang=["']?([A-Za-z0-9-]+)/i.exec(html)?.[1];
  const resolved = stringsFor(config, config.locale ?? pageLang);
  const { strings, locale } = resolved;
  const remixSlot = slots.find((slot) => slot.kind === 'remix');
  // With creations on, every remix invitation leads to the form on the page, and the form's own
  // invitation (under the block) takes the place of the block's.
  const remixUrl = config.creations ? `#${FORM_ELEMENT_ID}` : config.remixUrl;
  const block = renderShareBlock({
    placement: 'end',
    url,
    title,
    actions: config.actions,
    utm: config.utm,
    strings: strings as ShareStrings,
    lang: pageLang?.toLowerCase().split('-')[0] === locale.toLowerCase().split('-')[0] ? undefined : locale,
    // A <RemixPrompt /> on the page takes the invitation out of the block.
    remixUrl: remixSlot || config.creations ? undefined : config.remixUrl,
    selectionSharing: config.selectionSharing,
  });

  let remix = '';
  if (remixSlot && remixUrl) {
    const rendered = renderRemix({
      placement: 'remix',
      url,
      title,
      strings: strings as ShareStrings,
      remixUrl,
      ctas: [],
      className: 'sharecraft__remix-prompt',
    });
    remix = `<aside class="sharecraft sharecraft--remix" ${containerAttributes('remix', url, title, config.utm)}>${rendered}</aside>`;
  } else if (remixSlot) {
    warnings.push(`${path} has a <RemixPrompt /> but no \`remix.url\` is configured, so it shows nothing.`);
  }

  // The form goes where `<CreationForm />` is, else right under the block.
  const form = config.creations
    ? renderCreationForm({
        id: formSlot ? 'page' : 'end',
        // Placed by hand (`<CreationForm />`), it shows open.
        open: Boolean(formSlot),
        pageId,
        url,
        ...formSettings(config.creations, strings, pageLang, locale),
      })
    : '';
  // Readers' creations go where `<Creations />` is, else under the block (and the form).
  const gallery = galleryOf(config, pageId, resolved, pageLang);
  const afterBlock = (formSlot ? '' : form) + (gallerySlot ? '' : gallery);
  const inSlot = (slot: FoundSlot) =>
    slot === remixSlot ? remix : slot === formSlot ? form : slot === gallerySlot ? gallery : '';

  let out: string;
  let detail: string;
  if (html.includes('<aside class="sharecraft"') && /<aside class="sharecraft"[^>]*\bdata-sc-at=/.test(html)) {
    // The page already carries a block (it went through Sharecraft once): never a second one.
    out = rewriteSlots(html, slots, (slot) => (slot === remixSlot ? remix : ''));
    detail = 'already had a block';
  } else if (recognition.placement === 'slot') {
    const at = recognition.slot.start;
    out = rewriteSlots(html, slots, (slot) => (slot.start === at ? block.html + afterBlock : inSlot(slot)));
    detail =
      recognition.slot.kind === 'here'
        ? 'placed where the author wrote ::share'
        : 'placed at the end of the Markdown content';
  } else {
    const stripped = rewriteSlots(html, slots, inSlot);
    const article = closingTagIndex(stripped, 'article');
    const main = article === -1 ? closingTagIndex(stripped, 'main') : -1;
    const at = article !== -1 ? article : main;
    if (at === -1) {
      warnings.push(
        `${path} is a post but has no <article> or <main> to put the share block in; wrap the post's content in <article>, or add its path to \`posts.exclude\` if it is not a post.`,
      );
      return { html: rewriteSlots(html, slots), post: false, detail: 'no place for the block', warnings, markerless };
    }
    out = stripped.slice(0, at) + block.html + afterBlock + stripped.slice(at);
    detail = `placed at the end of <${article !== -1 ? 'article' : 'main'}>`;
  }
  // Only a page that got its block is a post worth warning about.
  const carries = title ? `the page heading “${title}”` : 'the URL alone';
  if (slots.some((slot) => slot.kind === 'end')) {
    const end = recognition.placement === 'slot' ? recognition.slot : undefined;
    if (end && !end.title) {
      warnings.push(
        `The post ${end.file ?? path} has no \`title\` in its frontmatter; its share links will carry ${carries}.`,
      );
    }
  } else if (!title) {
    const where = request.source ? `${path} (${request.source})` : path;
    warnings.push(
      `The post ${where} has no title (no og:title and no <h1>); its share links will carry the URL alone.`,
    );
  }
  out = addQuoteShares(out, {
    url,
    title,
    remixUrl,
    actions: config.actions,
    utm: config.utm,
    strings: strings as ShareStrings,
  });

  let card: PageCard | undefined;
  const frontmatterCard = recognition.placement === 'slot' ? recognition.slot.card : {};
  if (config.cards && !frontmatterCard.off) {
    const post = pagePost(html, title, frontmatterCard);
    const file = `${pageId}.png`;
    const cardUrl = new URL(`${config.base}${CARDS_DIR}/${file}`, config.site ?? request.origin).href;
    const meta = addCardMeta(
      out,
      {
        image: cardUrl,
        width: CARD_WIDTH,
        height: CARD_HEIGHT,
        alt: post.title,
        title: post.title,
        description: post.description,
        url,
      },
      config.cards.override,
    );
    out = meta.html;
    card = {
      path,
      pageId,
      file,
      url: cardUrl,
      post,
      postUrl: url,
      ownImage: meta.ownImage,
      siteName: metaContent(html, 'og:site_name'),
    };
  }

  // The endpoint is written into the script that carries the beacon, once for the whole site.
  const slice = pageSliceOf(pageId, undefined);
  // `<` is escaped so no title can close the script element early.
  const sliceJson = JSON.stringify(slice).replace(/</g, '\\u003c');
  const webmention = config.creations?.webmention
    ? `<link rel="webmention" href="${escapeHtml(config.creations.webmention)}">`
    : '';
  out = addToHead(
    out,
    `${webmention}<script type="application/json" id="${PAGE_SLICE_ELEMENT_ID}">${sliceJson}</script>`,
    config,
  );
  // Only a post that shows a gallery loads its stylesheet.
  if (gallery && detail !== 'already had a block') out = addGalleryStylesheet(out, config);
  return { html: out, post: true, detail, warnings, markerless, ...(card ? { card } : {}) };
}
