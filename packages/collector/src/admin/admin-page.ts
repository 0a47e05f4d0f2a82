import { createHash } from 'node:crypto';
import type { CreationRecord } from '@sharecraft/protocol';
import type { AdminStrings } from './strings.js';

/** The views of the moderation page, in the order its navigation lists them. */
export const ADMIN_VIEWS = ['pending', 'approved', 'rejected', 'spam', 'letters'] as const;
export type AdminView = (typeof ADMIN_VIEWS)[number];

/** What a moderator may do to a submission, and the status it leads to. */
export const ADMIN_ACTIONS = {
  approve: 'approved',
  reject: 'rejected',
  spam: 'spam',
  pending: 'pending',
  read: 'read',
  unread: 'unread',
} as const;
export type AdminAction = keyof typeof ADMIN_ACTIONS;

/** The actions that apply to a submission of this kind in this status. */
export function actionsFor(record: Pick<CreationRecord, 'kind' | 'status'>): AdminAction[] {
  const all: AdminAction[] = record.kind === 'letter' ? ['read', 'unread', 'spam'] : ['approve', 'reject', 'spam'];
  if (record.kind !== 'letter' && record.status !== 'pending') all.push('pending');
  return all.filter((action) => ADMIN_ACTIONS[action] !== record.status);
}

/** Escapes text for HTML content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string,
  );
}

const e = escapeHtml;

const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1b;--muted:#4d4d4d;--line:#8a8a8a;--card:#f6f6f6;--link:#0645ad;--focus:#0645ad;--note:#fff4d6;--bad:#8f1d1d}
@media (prefers-color-scheme:dark){:root{--bg:#141414;--fg:#ececec;--muted:#c2c2c2;--line:#8c8c8c;--card:#1f1f1f;--link:#9cc2ff;--focus:#9cc2ff;--note:#3a2f0b;--bad:#ffb4b4}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:1rem/1.5 system-ui,sans-serif}
header,main{max-inline-size:60rem;margin-inline:auto;padding-inline:1rem}
header{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between;padding-block:1rem;border-block-end:1px solid var(--line)}
h1{font-size:1.4rem;margin:0}
a{color:var(--link)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
nav a{display:inline-block;padding:.4rem .2rem}
nav a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
article{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:1rem;margin-block:1rem}
article h3,article h4{margin-block:0 .5rem;overflow-wrap:anywhere}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0 0 .75rem}
dt{color:var(--muted)}
dd{margin:0;overflow-wrap:anywhere}
.text{white-space:pre-wrap;overflow-wrap:anywhere;margin-block:.5rem}
.muted{color:var(--muted)}
img{display:block;max-inline-size:100%;max-block-size:24rem;block-size:auto;inline-size:auto;border:1px solid var(--line);margin-block:.5rem}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin-block-start:.75rem}
button{font:inherit;padding:.45rem .9rem;border:2px solid var(--fg);border-radius:.35rem;background:var(--bg);color:var(--fg);cursor:pointer}
button.primary{background:var(--fg);color:var(--bg)}
label{display:block;font-weight:600;margin-block-end:.25rem}
input[type=password]{font:inherit;padding:.45rem;inline-size:min(100%,28rem);border:2px solid var(--line);border-radius:.35rem;background:var(--bg);color:var(--fg)}
.status{background:var(--note);border-radius:.35rem;padding:.5rem .75rem}
.error{color:var(--bad);font-weight:600}
`;

/** The page's Content-Security-Policy: no script at all, this stylesheet only (by hash), images from here. */
export const ADMIN_CSP = [
  "default-src 'none'",
  "img-src 'self'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** A whole page around `body`. */
export function layout(strings: AdminStrings, heading: string, body: string, header = ''): string {
  return `<!doctype html>
<html lang="${e(strings.lang)}" dir="${e(strings.dir)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${e(heading === strings.title ? heading : `${heading} · ${strings.title}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${e(strings.title)}</h1>${header}</header>
<main>
${body}
</main>
</body>
</html>
`;
}

/** The sign-in form; `error` is shown tied to the token field. */
export function signInPage(strings: AdminStrings, action: string, error?: string, notice?: string): string {
  const invalid = error ? ' aria-invalid="true" aria-describedby="token-error"' : '';
  return layout(
    strings,
    strings.signInHeading,
    `<h2>${e(strings.signInHeading)}</h2>
${notice ? `<p class="status" role="status">${e(notice)}</p>` : ''}
<form method="post" action="${e(action)}">
<p>${e(strings.signInIntro)}</p>
<label for="token">${e(strings.tokenLabel)}</label>
${error ? `<p class="error" id="token-error">${e(error)}</p>` : ''}
<input id="token" name="token" type="password" autocomplete="current-password" required${invalid}>
<p><button class="primary" type="submit">${e(strings.signIn)}</button></p>
</form>`,
  );
}

/** A page that only says something, with a way back. */
export function messagePage(strings: AdminStrings, heading: string, text: string, back: string): string {
  return layout(
    strings,
    heading,
    `<h2>${e(heading)}</h2>
<p>${e(text)}</p>
<p><a href="${e(back)}">${e(strings.backToModeration)}</a></p>`,
  );
}

/** A link when the value is an http(s) URL; plain text otherwise (a `javascript:` link never becomes one). */
function webLink(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return `<span dir="auto">${e(value)}</span>`;
  return `<a href="${e(url.href)}" rel="nofollow noopener noreferrer ugc" dir="auto">${e(value)}</a>`;
}

function when(iso: string): string {
  return `<time datetime="${e(iso)}">${e(`${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`)}</time>`;
}

/** Everything a moderator needs to judge one submission, and its buttons. */
function item(
  strings: AdminStrings,
  record: CreationRecord,
  level: number,
  form: { action: string; csrf: string; view: AdminView },
  imageUrl: (id: string) => string,
): string {
  const f = strings.fields;
  const anchor = `c-${record.id.replace(/[^A-Za-z0-9_-]/g, '')}`;
  const title = record.title.trim() || strings.untitled;
  const rows: [string, string][] = [
    [f.kind, e(strings[record.kind])],
    [f.status, e(strings.statuses[record.status])],
    [
      f.verified,
      e(
        record.kind === 'mention'
          ? strings.verifiedMention
          : record.verified
            ? strings.verifiedYes
            : strings.verifiedNo,
      ),
    ],
    [f.received, when(record.createdAt)],
    [f.post, webLink(record.postUrl)],
    [f.credit, record.credit ? `<span dir="auto">${e(record.credit)}</span>` : e(strings.none)],
    [f.email, record.email ? `<span dir="auto">${e(record.email)}</span>` : e(strings.none)],
  ];
  if (record.kind === 'creation') {
    rows.push([f.consent, e(record.consent ? strings.yes : strings.no)]);
    rows.push([f.licence, record.licence ? e(record.licence) : e(strings.none)]);
  }
  if (record.quote) rows.push([f.quote, `<q dir="auto">${e(record.quote)}</q>`]);
  if (record.links.length > 0) {
    rows.push([f.links, `<ul>${record.links.map((link) => `<li>${webLink(link)}</li>`).join('')}</ul>`]);
  }
  rows.push([f.id, `<code>${e(record.id)}</code>`]);
  const image = record.image
    ? `<img src="${e(imageUrl(record.id))}" alt="${e(record.image.alt ? strings.imageAlt(record.image.alt) : strings.imageNoAlt)}" width="${record.image.width}" height="${record.image.height}" loading="lazy">`
    : '';
  const buttons = actionsFor(record)
    .map(
      (action, index) =>
        `<button type="submit" name="action" value="${action}" aria-describedby="${anchor}-title"${index === 0 ? ' class="primary"' : ''}>${e(strings.actions[action])}</button>`,
    )
    .join('');
  return `<article aria-labelledby="${anchor}-title">
<h${level} id="${anchor}-title" dir="auto">${e(title)}</h${level}>
<dl>${rows.map(([name, value]) => `<dt>${e(name)}</dt><dd>${value}</dd>`).join('')}</dl>
${image}
<div class="text" dir="auto">${e(record.text)}</div>
<form method="post" action="${e(form.action)}" class="actions">
<input type="hidden" name="csrf" value="${e(form.csrf)}">
<input type="hidden" name="id" value="${e(record.id)}">
<input type="hidden" name="view" value="${form.view}">
${buttons}
</form>
</article>`;
}

/** What the moderation page shows. */
export interface ModerationPageInput {
  strings: AdminStrings;
  /** The URL of a path under the page's own (`''` is the page itself), as links and forms use it. */
  href: (sub: string) => string;
  view: AdminView;
  csrf: string;
  /** The view's submissions; for letters, unread and read. */
  sections: { heading?: string; records: CreationRecord[] }[];
  /** How many each view holds, when known, for the navigation. */
  counts: Partial<Record<AdminView, number>>;
  /** The most one section lists. */
  limit: number;
  /** What the last action did, announced at the top. */
  notice?: string | undefined;
}

/** The signed-in moderation page: navigation between views, and the current view's submissions. */
export function moderationPage(input: ModerationPageInput): string {
  const { strings, href, view } = input;
  const signOut = `<form method="post" action="${e(href('/sign-out'))}">
<input type="hidden" name="csrf" value="${e(input.csrf)}">
<button type="submit">${e(strings.signOut)}</button>
</form>`;
  const nav = `<nav aria-label="${e(strings.navLabel)}"><ul>${ADMIN_VIEWS.map((name) => {
    const count = input.counts[name];
    const label =
      count === undefined
        ? strings.views[name]
        : name === 'letters'
          ? strings.unreadCount(strings.views[name], count)
          : `${strings.views[name]} (${count})`;
    return `<li><a href="${e(`${href('')}?view=${name}`)}"${name === view ? ' aria-current="page"' : ''}>${e(label)}</a></li>`;
  }).join('')}</ul></nav>`;
  const form = { action: href('/moderate'), csrf: input.csrf, view };
  const imageUrl = (id: string) => href(`/image/${encodeURIComponent(id)}`);
  const sections = input.sections
    .map((section, index) => {
      const level = section.heading ? 4 : 3;
      const items =
        section.records.length === 0
          ? `<p class="muted">${e(strings.empty)}</p>`
          : section.records.map((record) => item(strings, record, level, form, imageUrl)).join('\n');
      const more =
        section.records.length >= input.limit ? `<p class="muted">${e(strings.more(section.records.length))}</p>` : '';
      return section.heading
        ? `<section aria-labelledby="s-${index}"><h3 id="s-${index}">${e(section.heading)}</h3>${items}${more}</section>`
        : `${items}${more}`;
    })
    .join('\n');
  return layout(
    strings,
    strings.views[view],
    `${nav}
${input.notice ? `<p class="status" role="status">${e(input.notice)}</p>` : ''}
<h2>${e(strings.views[view])}</h2>
<p class="muted">${e(strings.viewIntro[view])}</p>
${sections}`,
    signOut,
  );
}
