import { decodeHTML } from 'entities';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for use in HTML content and in double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/**
 * Decodes character references when reading values back out of HTML. Each renderer escapes its
 * own way (rehype-stringify writes `&#x26;`, Astro `&amp;`), so every form the HTML standard
 * allows is decoded, by the same library HTML parsers use.
 */
export function unescapeHtml(text: string): string {
  return text.includes('&') ? decodeHTML(text) : text;
}
