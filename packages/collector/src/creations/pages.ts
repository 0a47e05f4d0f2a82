import { CREATION_FIELDS, type CreationFieldErrors, type CreationRecord } from '@sharecraft/protocol';

/**
 * Every word the collector's own pages show a reader, in one object so a site can pass its
 * language's (`strings` option). `{name}`-style holes are filled in where used.
 */
export interface CreationPageStrings {
  /** The page language (`lang`) and direction (`dir`). */
  lang: string;
  dir: 'ltr' | 'rtl';
  errorTitle: string;
  errorIntro: string;
  /** Labels of fields, by their form name, as the error list and the copy boxes name them. */
  fieldNames: Record<string, string>;
  typedHeading: string;
  typedHelp: string;
  backToPost: string;
  backHelp: string;
  receiptTitle: string;
  receiptIntro: string;
  kindCreation: string;
  kindLetter: string;
  statusLabel: string;
  statuses: Record<string, string>;
  sentLabel: string;
  linksLabel: string;
  imageLabel: string;
  emailLabel: string;
  noneLabel: string;
  deleteButton: string;
  deleteHelp: string;
  deletedTitle: string;
  deletedText: string;
  notFoundTitle: string;
  notFoundText: string;
}

/** The pages in English. */
export const ENGLISH_PAGE_STRINGS: CreationPageStrings = {
  lang: 'en',
  dir: 'ltr',
  errorTitle: 'Your submission was not sent',
  errorIntro: 'Nothing was stored. Please fix the following, then send it again:',
  fieldNames: {
    [CREATION_FIELDS.title]: 'Title',
    [CREATION_FIELDS.text]: 'Text',
    [CREATION_FIELDS.link]: 'Link',
    [CREATION_FIELDS.credit]: 'Name to credit',
    [CREATION_FIELDS.email]: 'Email',
    [CREATION_FIELDS.consent]: 'Consent',
    [CREATION_FIELDS.licence]: 'Licence',
    [CREATION_FIELDS.kind]: 'Kind',
    [CREATION_FIELDS.image]: 'Image',
    [CREATION_FIELDS.imageAlt]: 'Image description',
    [CREATION_FIELDS.form]: 'Form',
    [CREATION_FIELDS.page]: 'Post',
    [CREATION_FIELDS.post]: 'Post address',
    [CREATION_FIELDS.quote]: 'Quote',
    form: 'Submission',
  },
  typedHeading: 'What you typed',
  typedHelp: 'Nothing is lost: copy it from here if the form on the post is empty.',
  backToPost: 'Back to the post',
  backHelp: "Your browser's Back button usually returns to the form with everything still filled in.",
  receiptTitle: 'What you sent',
  receiptIntro: 'This private page shows what you sent. Keep its address to yourself.',
  kindCreation: 'A creation to show with the post',
  kindLetter: 'A private letter to the author',
  statusLabel: 'Status',
  statuses: {
    pending: 'Waiting for review',
    approved: 'Approved',
    rejected: 'Not published',
    spam: 'Waiting for review',
    unread: 'Delivered',
    read: 'Read by the author',
  },
  sentLabel: 'Sent',
  linksLabel: 'Links',
  imageLabel: 'Image',
  emailLabel: 'Email (never shown)',
  noneLabel: 'None',
  deleteButton: 'Delete it for good',
  deleteHelp: 'This removes the text, the image and your email address. It cannot be undone.',
  deletedTitle: 'Deleted for good',
  deletedText: 'Your submission, its image and your email address are gone.',
  notFoundTitle: 'Nothing here',
  notFoundText: 'There is no submission at this address: it was deleted, or the link is incomplete.',
};

/** Text made safe to put between tags and inside quoted attributes. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * The headers of every page: no script may run (not even inline), nothing but inline styles and
 * images from this collector load, forms post only here, and the type is never guessed.
 */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** Readable in light and dark, logical properties only (right to left works). */
const STYLE = `:root{color-scheme:light dark;font-family:system-ui,sans-serif;line-height:1.5;background:#fff;color:#1f1f1f}
body{max-width:40rem;margin:2rem auto;padding:0 1rem}
textarea{width:100%;box-sizing:border-box;font:inherit}
dt{font-weight:600;margin-block-start:.75rem}dd{margin-inline-start:0;white-space:pre-wrap;overflow-wrap:anywhere}
button{font:inherit;padding:.5rem 1rem}a{overflow-wrap:anywhere;color:#0b57d0}
@media (prefers-color-scheme:dark){:root{background:#1f1f1f;color:#e8e8e8}a{color:#a8c7fa}}
.errors li{margin-block-end:.25rem}`;

function page(strings: CreationPageStrings, title: string, body: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(strings.lang)}" dir="${strings.dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>
<h1>${escapeHtml(title)}</h1>
${body}
</main></body>
</html>
`;
}

const fieldName = (strings: CreationPageStrings, name: string) => strings.fieldNames[name] ?? name;

/**
 * The page a reader without JavaScript sees when a submission is refused: each problem naming its
 * field, what they typed shown back (escaped, in boxes they can copy from), and a way back to the post.
 */
export function errorPage(
  strings: CreationPageStrings,
  problems: CreationFieldErrors,
  typed: { name: string; value: string }[],
  postUrl: string | undefined,
): string {
  const list = Object.entries(problems)
    .map(
      ([name, problem]) => `<li><strong>${escapeHtml(fieldName(strings, name))}</strong>: ${escapeHtml(problem)}</li>`,
    )
    .join('\n');
  const boxes = typed
    .map((entry, i) => {
      const id = `typed-${i}`;
      const rows = Math.min(12, Math.max(2, entry.value.split('\n').length + 1));
      return `<p><label for="${id}">${escapeHtml(fieldName(strings, entry.name))}</label><br>
<textarea id="${id}" readonly rows="${rows}">${escapeHtml(entry.value)}</textarea></p>`;
    })
    .join('\n');
  const back = postUrl
    ? `<p><a href="${escapeHtml(postUrl)}">${escapeHtml(strings.backToPost)}</a></p><p>${escapeHtml(strings.backHelp)}</p>`
    : `<p>${escapeHtml(strings.backHelp)}</p>`;
  return page(
    strings,
    strings.errorTitle,
    `<p id="errors-intro">${escapeHtml(strings.errorIntro)}</p>
<ul class="errors" aria-labelledby="errors-intro">
${list}
</ul>
${back}
${typed.length > 0 ? `<h2>${escapeHtml(strings.typedHeading)}</h2><p>${escapeHtml(strings.typedHelp)}</p>\n${boxes}` : ''}`,
  );
}

/** The reader's private receipt: what they sent, and the button that deletes it for good. */
export function receiptPage(strings: CreationPageStrings, record: CreationRecord, action: string): string {
  const row = (label: string, value: string) => `<dt>${escapeHtml(label)}</dt><dd>${value}</dd>`;
  const text = (value: string | null | undefined) =>
    value === null || value === undefined || value === '' ? escapeHtml(strings.noneLabel) : escapeHtml(value);
  const links =
    record.links.length === 0
      ? escapeHtml(strings.noneLabel)
      : `<ul>${record.links.map((link) => `<li>${escapeHtml(link)}</li>`).join('')}</ul>`;
  const image = record.image
    ? `${escapeHtml(record.image.type)}, ${record.image.width} × ${record.image.height}${record.image.alt ? `: ${escapeHtml(record.image.alt)}` : ''}`
    : escapeHtml(strings.noneLabel);
  return page(
    strings,
    strings.receiptTitle,
    `<p>${escapeHtml(strings.receiptIntro)}</p>
<dl>
${row(fieldName(strings, CREATION_FIELDS.kind), escapeHtml(record.kind === 'letter' ? strings.kindLetter : strings.kindCreation))}
${row(strings.statusLabel, escapeHtml(strings.statuses[record.status] ?? record.status))}
${row(strings.sentLabel, `<time datetime="${escapeHtml(record.createdAt)}">${escapeHtml(record.createdAt.slice(0, 16).replace('T', ' '))} UTC</time>`)}
${row(fieldName(strings, CREATION_FIELDS.title), text(record.title))}
${row(fieldName(strings, CREATION_FIELDS.text), text(record.text))}
${row(strings.linksLabel, links)}
${row(fieldName(strings, CREATION_FIELDS.credit), text(record.credit))}
${row(strings.emailLabel, text(record.email))}
${row(strings.imageLabel, image)}
</dl>
<form method="post" action="${escapeHtml(action)}">
<p id="delete-help">${escapeHtml(strings.deleteHelp)}</p>
<button type="submit" aria-describedby="delete-help">${escapeHtml(strings.deleteButton)}</button>
</form>`,
  );
}

/** The page after a reader deleted their submission. */
export function deletedPage(strings: CreationPageStrings): string {
  return page(strings, strings.deletedTitle, `<p role="status">${escapeHtml(strings.deletedText)}</p>`);
}

/** The page for a receipt link that leads nowhere. */
export function notFoundPage(strings: CreationPageStrings): string {
  return page(strings, strings.notFoundTitle, `<p>${escapeHtml(strings.notFoundText)}</p>`);
}
