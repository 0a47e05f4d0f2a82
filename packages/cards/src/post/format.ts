/** Reads a date from a `Date`, an ISO string or a timestamp; `null` when it is not one. */
export function toDate(value: Date | string | number): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `YYYY-MM-DD` in UTC. */
export function dateTimeOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const minuteFormats = new Map<string, Intl.NumberFormat>();

/** The default date format: the language's long date (`12 March 2026`, `2026年3月12日`), in UTC. */
export function defaultFormatDate(date: Date, lang: string): string {
  let format = dateFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' });
    dateFormats.set(lang, format);
  }
  return format.format(date);
}

/** The default reading time: `5 min read` in English, the language's own `5 minutes` otherwise. */
export function defaultFormatReadingTime(minutes: number, lang: string): string {
  if (/^en\b/i.test(lang)) return `${minutes} min read`;
  let format = minuteFormats.get(lang);
  if (!format) {
    format = new Intl.NumberFormat(lang, { style: 'unit', unit: 'minute', unitDisplay: 'long' });
    minuteFormats.set(lang, format);
  }
  return format.format(minutes);
}

const RTL_LANGS = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi']);
const RTL_CHAR =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Adlam}]/u;

/** The text direction: as given, else from the language, else from the title's first letter. */
export function directionOf(dir: string | undefined, lang: string, title: string): 'ltr' | 'rtl' {
  if (dir === 'ltr' || dir === 'rtl') return dir;
  const primary = lang.split('-')[0]?.toLowerCase() ?? '';
  if (RTL_LANGS.has(primary)) return 'rtl';
  const firstLetter = /\p{L}/u.exec(title)?.[0];
  return firstLetter && RTL_CHAR.test(firstLetter) ? 'rtl' : 'ltr';
}
