/**
 * Satori markup: the plain-object element tree a template returns. It is the shape React elements have
 * (`{ type, props: { style, children } }`), so React elements, satori's own JSX runtime (`satori/jsx`)
 * and `satori-html`'s output are all accepted as they are.
 */

/** CSS properties in satori's camelCase form (`fontSize: 48`, `backgroundColor: '#fff'`). */
export type CardStyle = Record<string, string | number | undefined>;

/** One element: a tag name (`div`, `img`, `span`, `svg`, …) and its props. */
export interface CardElement {
  type: string;
  props: {
    style?: CardStyle;
    children?: CardChild;
    [prop: string]: unknown;
  };
  key?: string | number | null;
}

/** What may stand where a child goes. `null`, `undefined` and booleans render nothing. */
export type CardChild = CardElement | string | number | boolean | null | undefined | readonly CardChild[];

/**
 * Builds an element, hyperscript style: `h('div', { style: { display: 'flex' } }, 'Hello', h('img', { src }))`.
 * Children that are `null`, `undefined` or `false` are dropped, so `cond && h(…)` works.
 */
export function h(type: string, props?: Record<string, unknown> | null, ...children: CardChild[]): CardElement {
  const kept = children.flat(Number.POSITIVE_INFINITY as 1).filter((c) => c !== null && c !== undefined && c !== false);
  const out: CardElement = { type, props: { ...(props ?? {}) } };
  if (kept.length === 1) out.props.children = kept[0] as CardChild;
  else if (kept.length > 1) out.props.children = kept as CardChild[];
  return out;
}

/** True when a value has the element shape (`type` string and `props` object). */
export function isCardElement(value: unknown): value is CardElement {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as CardElement).type === 'string' &&
    typeof (value as CardElement).props === 'object' &&
    (value as CardElement).props !== null
  );
}

/** Calls `visit` for every element of a tree, depth first. */
export function walkMarkup(node: CardChild, visit: (element: CardElement) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) walkMarkup(child, visit);
    return;
  }
  if (!isCardElement(node)) return;
  visit(node);
  walkMarkup(node.props.children, visit);
}

/** Every piece of text a tree will draw, joined: used to pick the fonts a card needs. */
export function collectText(node: CardChild): string {
  const parts: string[] = [];
  const add = (child: CardChild): void => {
    if (typeof child === 'string') parts.push(child);
    else if (typeof child === 'number') parts.push(String(child));
    else if (Array.isArray(child)) for (const c of child) add(c);
    else if (isCardElement(child)) add(child.props.children);
  };
  add(node);
  return parts.join('\n');
}

const UNITLESS = new Set([
  'flex',
  'flexGrow',
  'flexShrink',
  'fontWeight',
  'lineHeight',
  'lineClamp',
  'opacity',
  'order',
  'zIndex',
  'WebkitLineClamp',
]);

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function cssOf(style: CardStyle): string {
  return Object.entries(style)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => {
      const name = k.startsWith('Webkit') ? `-webkit-${kebab(k.slice(6))}` : kebab(k);
      const value = typeof v === 'number' && !UNITLESS.has(k) && v !== 0 ? `${v}px` : String(v);
      return `${name}:${value}`;
    })
    .join(';');
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/^-/, '');
}

const VOID = new Set(['img', 'br', 'hr']);

/**
 * Serialises markup to HTML with inline styles, for a preview page that shows a card's HTML next to its
 * SVG and PNG. Browsers and satori differ in details (satori is flexbox-only), so this is an aid, not a twin.
 */
export function markupToHtml(node: CardChild): string {
  if (node === null || node === undefined || typeof node === 'boolean') return '';
  if (typeof node === 'string') return escapeHtml(node);
  if (typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(markupToHtml).join('');
  if (!isCardElement(node)) return '';
  const attrs: string[] = [];
  for (const [name, value] of Object.entries(node.props)) {
    if (name === 'children' || value === undefined || value === null || value === false) continue;
    if (name === 'style') {
      const css = cssOf(value as CardStyle);
      if (css) attrs.push(`style="${escapeHtml(css)}"`);
    } else if (typeof value === 'string' || typeof value === 'number') {
      attrs.push(`${name === 'className' ? 'class' : name}="${escapeHtml(String(value))}"`);
    } else if (value === true) {
      attrs.push(name);
    }
  }
  const open = `<${node.type}${attrs.length ? ` ${attrs.join(' ')}` : ''}>`;
  if (VOID.has(node.type)) return open;
  return `${open}${markupToHtml(node.props.children)}</${node.type}>`;
}
