import {
  CREATION_FIELDS,
  CREATION_LIMITS,
  type CreationFieldErrors,
  type CreationLicence,
  FORM_KINDS,
  type FormKind,
  isPageId,
  MAX_CREATION_LINKS,
} from '@sharecraft/protocol';

/** What a reader typed, once checked: plain text as typed, control characters removed. */
export interface SubmittedFields {
  formId: string;
  pageId: string;
  postUrl: string;
  kind: FormKind;
  title: string;
  text: string;
  links: string[];
  credit: string;
  email: string | null;
  consent: boolean;
  licence: string | null;
  quote: string | null;
  token: string | null;
  imageAlt: string;
  /** Something in the honeypot field: a bot filled it. */
  honeypot: boolean;
  /** The proof-of-work payload; undefined without JavaScript. */
  altcha: string | undefined;
}

/** The checked fields, or every problem found, keyed by field name. */
export type FieldCheck = { ok: true; fields: SubmittedFields } | { ok: false; fields: CreationFieldErrors };

/**
 * Control characters (C0 except tab and newline, DEL, C1), the bidirectional overrides and
 * isolates that can make text read differently from what it is, and lone surrogates' stand-ins.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]/g;

/** Text with line endings made `\n`, control characters removed, and outer white space trimmed. */
export function cleanText(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(CONTROL, '').trim();
}

/** One line: any line break or tab becomes a space. */
function cleanLine(value: string): string {
  return cleanText(value).replace(/[\n\t]+/g, ' ');
}

/** A reasonable email address: one @, no spaces, a dot in the domain. Full RFC 5322 is not the goal. */
const EMAIL = /^[^\s@<>()",;:\\]+@[^\s@<>()",;:\\]+\.[^\s@<>()",;:\\.]{2,}$/;

/** The share token shape (10 of the share-token alphabet, as the beacon sends it). */
const TOKEN = /^[0-9a-z]{10}$/;

/** The form id shape, as the manifest schema has it. */
const FORM_ID = /^[a-z0-9-]{1,64}$/;

/** Whether `value` is an absolute http or https URL (no credentials in it). */
export function isWebUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
}

/**
 * Reads and checks every field of a submission against `CREATION_LIMITS`. A field sent as a file
 * where text belongs (or twice where once is allowed) is refused for that field; letters need no
 * consent or licence, and any sent is ignored.
 */
export function checkFields(form: FormData, licences: readonly CreationLicence[]): FieldCheck {
  const errors: CreationFieldErrors = {};
  const one = (name: string, max: number, label: string, options: { line?: boolean } = {}): string => {
    const values = form.getAll(name);
    if (values.length > 1) {
      errors[name] = `${label} was sent more than once; send it once.`;
      return '';
    }
    const value = values[0];
    if (value === undefined) return '';
    if (typeof value !== 'string') {
      errors[name] = `${label} must be text, not a file.`;
      return '';
    }
    const clean = options.line ? cleanLine(value) : cleanText(value);
    if ([...clean].length > max) errors[name] = `${label} is too long: at most ${max} characters.`;
    return clean;
  };

  const formId = one(CREATION_FIELDS.form, 64, 'The form id', { line: true });
  if (!FORM_ID.test(formId)) errors[CREATION_FIELDS.form] ??= 'The form id is missing or malformed; reload the post.';
  const pageId = one(CREATION_FIELDS.page, 64, 'The page id', { line: true });
  if (!isPageId(pageId)) errors[CREATION_FIELDS.page] ??= 'The page id is missing or malformed; reload the post.';
  const postUrl = one(CREATION_FIELDS.post, 2048, 'The post address', { line: true });
  if (!isWebUrl(postUrl)) errors[CREATION_FIELDS.post] ??= 'The post address is missing or not a web address.';

  const kindValue = one(CREATION_FIELDS.kind, 16, 'The kind', { line: true }) || 'creation';
  const kind: FormKind = (FORM_KINDS as readonly string[]).includes(kindValue) ? (kindValue as FormKind) : 'creation';
  if (kind !== kindValue) errors[CREATION_FIELDS.kind] ??= 'Choose what this is: a creation or a letter.';
  const isCreation = kind === 'creation';

  const title = one(CREATION_FIELDS.title, CREATION_LIMITS.title, 'The title', { line: true });
  if (title === '') errors[CREATION_FIELDS.title] ??= 'Give it a title.';
  const text = one(CREATION_FIELDS.text, CREATION_LIMITS.text, 'The text');

  const links: string[] = [];
  const linkValues = form.getAll(CREATION_FIELDS.link);
  for (const value of linkValues) {
    if (typeof value !== 'string') {
      errors[CREATION_FIELDS.link] = 'A link must be text, not a file.';
      continue;
    }
    const link = cleanLine(value);
    if (link === '') continue;
    if (link.length > CREATION_LIMITS.link) {
      errors[CREATION_FIELDS.link] = `A link is too long: at most ${CREATION_LIMITS.link} characters.`;
    } else if (!isWebUrl(link)) {
      errors[CREATION_FIELDS.link] = `Links must start with https:// or http://; "${link.slice(0, 60)}" does not.`;
    } else links.push(link);
  }
  if (links.length > MAX_CREATION_LINKS) {
    errors[CREATION_FIELDS.link] ??= `At most ${MAX_CREATION_LINKS} links.`;
  }

  const credit = one(CREATION_FIELDS.credit, CREATION_LIMITS.credit, 'The name to credit', { line: true });
  if (isCreation && credit === '') errors[CREATION_FIELDS.credit] ??= 'Give a name to credit, or choose a letter.';

  const emailValue = one(CREATION_FIELDS.email, CREATION_LIMITS.email, 'The email address', { line: true });
  if (emailValue !== '' && !EMAIL.test(emailValue)) {
    errors[CREATION_FIELDS.email] ??= 'The email address does not look right; fix it or leave it empty.';
  }

  const consentValue = one(CREATION_FIELDS.consent, 8, 'The consent', { line: true });
  const consent = consentValue === 'yes';
  if (consentValue !== '' && !consent) errors[CREATION_FIELDS.consent] ??= 'Consent is sent as "yes".';
  if (isCreation && !consent) {
    errors[CREATION_FIELDS.consent] ??= 'Agree to publication with your credit, or choose a letter.';
  }

  const licenceValue = one(CREATION_FIELDS.licence, 40, 'The licence', { line: true });
  let licence: string | null = null;
  if (isCreation) {
    if (licences.some((offered) => offered.id === licenceValue)) licence = licenceValue;
    else {
      errors[CREATION_FIELDS.licence] ??=
        `Choose a licence: ${licences.map((offered) => `${offered.label} (${offered.id})`).join(', ')}.`;
    }
  }

  const quote = one(CREATION_FIELDS.quote, CREATION_LIMITS.quote, 'The quote');
  const tokenValue = one(CREATION_FIELDS.token, 16, 'The share token', { line: true });
  const token = TOKEN.test(tokenValue) ? tokenValue : null;
  const imageAlt = one(CREATION_FIELDS.imageAlt, CREATION_LIMITS.imageAlt, 'The image description', { line: true });

  const honeypotValue = form.get(CREATION_FIELDS.honeypot);
  const honeypot = honeypotValue !== null && (typeof honeypotValue !== 'string' || honeypotValue.trim() !== '');
  const altchaValue = form.get(CREATION_FIELDS.altcha);
  const altcha = typeof altchaValue === 'string' && altchaValue !== '' ? altchaValue : undefined;

  if (Object.keys(errors).length > 0) return { ok: false, fields: errors };
  return {
    ok: true,
    fields: {
      formId,
      pageId,
      postUrl,
      kind,
      title,
      text,
      links,
      credit,
      email: emailValue === '' ? null : emailValue,
      consent: isCreation && consent,
      licence,
      quote: quote === '' ? null : quote,
      token,
      imageAlt,
      honeypot,
      altcha,
    },
  };
}

/** What a reader typed, as text, to show back on an error page (nothing is lost). */
export function typedText(form: FormData | undefined): { name: string; value: string }[] {
  if (!form) return [];
  const names = [
    CREATION_FIELDS.title,
    CREATION_FIELDS.text,
    CREATION_FIELDS.link,
    CREATION_FIELDS.credit,
    CREATION_FIELDS.email,
    CREATION_FIELDS.imageAlt,
  ];
  const typed: { name: string; value: string }[] = [];
  for (const name of names) {
    for (const value of form.getAll(name)) {
      if (typeof value === 'string' && value.trim() !== '') typed.push({ name, value: value.slice(0, 20_000) });
    }
  }
  return typed;
}

/** The duplicate key: title and text, case and white space folded, so a re-send with a space more is the same. */
export function normalisedText(title: string, text: string): string {
  const fold = (value: string) => value.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return `${fold(title)}\n${fold(text)}`;
}
