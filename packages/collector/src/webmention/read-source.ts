import { CREATION_LIMITS } from '@sharecraft/protocol';
import { mf2 } from 'microformats-parser';
import { type DefaultTreeAdapterMap, parse } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

/** What a source page says about itself, from its microformats2 `h-entry` (or its `<title>`). */
export interface SourceEntry {
  title: string;
  /** The author's name; empty when the page names none. */
  author: string;
  /** The author's URL (http or https), if the h-entry gives one. */
  authorUrl: string | null;
  /** The entry's summary, or the start of its content; plain text. */
  summary: string;
}

/** The URL without its fragment, so `…/post/#comments` still names the post. */
function withoutHash(url: URL): string {
  const copy = new URL(url.href);
  copy.hash = '';
  return copy.href;
}

/** Whether two absolute URLs name the same post (the fragment and one trailing slash aside). */
export function sameTarget(a: string, b: string): boolean {
  let left: string;
  let right: string;
  try {
    left = withoutHash(new URL(a));
    right = withoutHash(new URL(b));
  } catch {
    return false;
  }
  const trim = (url: string) => (url.endsWith('/') ? url.slice(0, -1) : url);
  return left === right || trim(left) === trim(right);
}

function attribute(element: Element, name: string): string | undefined {
  return element.attrs.find((attr) => attr.name === name)?.value;
}

function* elements(node: Node): Generator<Element> {
  if ('tagName' in node) yield node;
  const children = 'childNodes' in node ? node.childNodes : [];
  for (const child of children) yield* elements(child);
  if ('content' in node && node.content) yield* elements(node.content as Node);
}

function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  return 'childNodes' in node ? node.childNodes.map(textOf).join('') : '';
}

/** Collapses whitespace and cuts to `max` characters. */
function clean(value: string, max: number): string {
  const text = value.replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** A parsed source page: whether it links to a URL, and what its h-entry says. */
export interface SourcePage {
  linksTo(target: string): boolean;
  entry(): SourceEntry;
}

/**
 * Parses a source page with a real HTML parser (parse5, the algorithm browsers use), so a link is
 * only a link where a browser would see one: an `<a>`, `<area>` or `<link>` whose `href`, resolved
 * against the page's URL (or its `<base>`), is the target. Text that merely contains the URL, a
 * link inside a comment or a `<script>`, does not count.
 */
export function readSource(html: string, pageUrl: string): SourcePage {
  const document = parse(html);
  const all = [...elements(document)];
  const baseHref = all.find((element) => element.tagName === 'base' && attribute(element, 'href'));
  let base = pageUrl;
  try {
    if (baseHref) base = new URL(attribute(baseHref, 'href') as string, pageUrl).href;
  } catch {
    base = pageUrl;
  }
  const hrefs: string[] = [];
  for (const element of all) {
    if (element.tagName !== 'a' && element.tagName !== 'area' && element.tagName !== 'link') continue;
    const href = attribute(element, 'href');
    if (href === undefined) continue;
    try {
      hrefs.push(new URL(href.trim(), base).href);
    } catch {
      // Not a URL: not a link to anything.
    }
  }
  const titleElement = all.find((element) => element.tagName === 'title');
  return {
    linksTo: (target) => hrefs.some((href) => sameTarget(href, target)),
    entry: () => entryOf(html, base, titleElement ? textOf(titleElement) : ''),
  };
}

type Parsed = ReturnType<typeof mf2>;
type Item = Parsed['items'][number];
type Property = Item['properties'][string][number];

function findEntry(items: readonly Item[]): Item | undefined {
  for (const item of items) {
    if (item.type?.includes('h-entry')) return item;
    const inner = findEntry(item.children ?? []);
    if (inner) return inner;
  }
  return undefined;
}

function plain(property: Property | undefined): string {
  if (property === undefined) return '';
  if (typeof property === 'string') return property;
  if ('html' in property) return property.value;
  if ('alt' in property) return property.value ?? '';
  if ('properties' in property) return typeof property.value === 'string' ? property.value : '';
  return '';
}

function webUrl(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The title, author and summary of a page's first h-entry, read with `microformats-parser`. */
function entryOf(html: string, baseUrl: string, documentTitle: string): SourceEntry {
  const entry = findEntry(mf2(html, { baseUrl }).items);
  const properties = entry?.properties ?? {};
  const authorProperty = properties.author?.[0];
  let author = '';
  let authorUrl: string | null = null;
  if (authorProperty && typeof authorProperty === 'object' && 'properties' in authorProperty) {
    author = plain(authorProperty.properties.name?.[0]) || plain(authorProperty);
    authorUrl = webUrl(plain(authorProperty.properties.url?.[0]));
  } else {
    author = plain(authorProperty);
    authorUrl = webUrl(author);
    if (authorUrl) author = new URL(authorUrl).host;
  }
  const summary = plain(properties.summary?.[0]) || plain(properties.content?.[0]);
  // An h-entry without an explicit name gets its whole text as an implied name: prefer the page title then.
  const name = plain(properties.name?.[0]);
  const title = name && name.length <= CREATION_LIMITS.title && name !== summary ? name : documentTitle || name;
  return {
    title: clean(title, CREATION_LIMITS.title),
    author: clean(author, CREATION_LIMITS.credit),
    authorUrl,
    summary: clean(summary, 500),
  };
}
