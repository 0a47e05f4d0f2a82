import { escapeHtml, unescapeHtml } from '../share/escape-html.js';

/** What a post's share card looks like to the networks that unfurl its link. */
export interface CardMeta {
  /** Absolute URL of the card image. */
  image: string;
  width: number;
  height: number;
  /** Describes the card for people who cannot see it. */
  alt: string;
  title: string;
  description: string;
  /** Canonical URL of the post. */
  url: string;
}

export interface MetaResult {
  html: string;
  /** The page's own og:image, when it had one and kept it. */
  ownImage: string | undefined;
}

function metaPattern(attribute: 'property' | 'name', key: string): RegExp {
  return new RegExp(`<meta\\b[^>]*\\b${attribute}=["']${key}["'][^>]*>`, 'i');
}

/** The `content` of the `<meta property|name=key>` in the page's head, if it has one. */
export function metaContent(html: string, key: string): string | undefined {
  const end = html.search(/<\/head>/i);
  const head = end === -1 ? html : html.slice(0, end);
  const tag = metaPattern('property', key).exec(head)?.[0] ?? metaPattern('name', key).exec(head)?.[0];
  const content = tag && /\bcontent=(?:"([^"]*)"|'([^']*)')/i.exec(tag);
  return content ? unescapeHtml(content[1] ?? content[2] ?? '') : undefined;
}

/**
 * Adds the Open Graph and Twitter tags that make a shared link unfurl with the post's card. Tags the
 * page already declares are left alone; a page's own og:image (with its size, alt and type) is kept
 * unless `override`, in which case Sharecraft's image tags replace it.
 */
export function addCardMeta(html: string, meta: CardMeta, override: boolean): MetaResult {
  const headEnd = html.search(/<\/head>/i);
  if (headEnd === -1) return { html, ownImage: undefined };
  let head = html.slice(0, headEnd);
  const ownImage = metaContent(html, 'og:image');
  const imageKeys = ['og:image', 'og:image:width', 'og:image:height', 'og:image:alt', 'og:image:type'];
  if (ownImage !== undefined && override) {
    for (const key of imageKeys) head = head.replace(new RegExp(metaPattern('property', key).source, 'gi'), '');
  }
  const useOurs = ownImage === undefined || override;
  const tags: [string, string, string][] = [
    ['property', 'og:title', meta.title],
    ['property', 'og:description', meta.description],
    ['property', 'og:url', meta.url],
    ...(useOurs
      ? ([
          ['property', 'og:image', meta.image],
          ['property', 'og:image:width', String(meta.width)],
          ['property', 'og:image:height', String(meta.height)],
          ['property', 'og:image:type', 'image/png'],
          ['property', 'og:image:alt', meta.alt],
        ] as [string, string, string][])
      : []),
    ['name', 'twitter:card', 'summary_large_image'],
  ];
  let added = '';
  for (const [attribute, key, value] of tags) {
    if (!value) continue;
    const declared = metaContent(head, key) !== undefined;
    if (declared) continue;
    added += `<meta ${attribute}="${key}" content="${escapeHtml(value)}">`;
  }
  return { html: head + added + html.slice(headEnd), ownImage: useOurs ? undefined : ownImage };
}
