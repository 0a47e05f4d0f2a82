/** Replaced by the integration with the hashed name of `parts.css`. */
const PARTS_CSS = './SC_LAZY_PARTS';

/**
 * Adds the stylesheet of the on-demand parts, once. A `<link>` from the site's own origin, not a
 * `<style>` element, so a strict Content-Security-Policy (`style-src 'self'`) allows it.
 */
export function loadPartsCss(): void {
  if (document.querySelector('link[data-sc-parts]')) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = new URL(PARTS_CSS, import.meta.url).href;
  link.dataset.scParts = '';
  document.head.append(link);
}
