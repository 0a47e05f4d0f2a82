import { parseColor } from '../options/colors.ts';
import type { CardData, CardTemplate, TemplateContext } from '../types.ts';
import { graphemes } from './fit-text.ts';
import type { CardChild, CardElement } from './markup.ts';

const mixed = new Map<string, string>();

/** `amount` of `color` over `base`, as an opaque `rgb()` (remembered: every card of a site mixes the same colours). */
function mix(color: string, base: string, amount: number): string {
  const key = `${color}|${base}|${amount}`;
  let out = mixed.get(key);
  if (out === undefined) {
    out = mixOnce(color, base, amount);
    if (mixed.size > 64) mixed.clear();
    mixed.set(key, out);
  }
  return out;
}

function mixOnce(color: string, base: string, amount: number): string {
  const a = parseColor(color);
  const b = parseColor(base);
  if (!a || !b) return base;
  const channel = (x: number, y: number) => Math.round(x * amount + y * (1 - amount));
  return `rgb(${channel(a.r, b.r)}, ${channel(a.g, b.g)}, ${channel(a.b, b.b)})`;
}

const TITLE_LINE_HEIGHT = 1.12;
const DESCRIPTION_LINE_HEIGHT = 1.4;
const HEADER = 52;
const FOOTER = 56;
const BODY_GAP = 28;
const OVERHANG = 4;

interface Metrics {
  titleSizes: number[];
  maxTitleLines: number;
  description: number;
  descriptionLines: number;
  image: { width: number; height: number } | null;
  textWidth: number;
  bodyHeight: number;
}

function metricsOf(card: CardData): Metrics {
  const inset = card.safeInset;
  const innerW = card.width - 2 * inset;
  const innerH = card.height - 2 * inset;
  if (card.variant === 'square') {
    const image = card.image ? { width: innerW, height: 340 } : null;
    return {
      titleSizes: [84, 76, 68, 60, 54, 48],
      maxTitleLines: 7,
      description: 34,
      descriptionLines: 3,
      image,
      textWidth: innerW,
      bodyHeight: innerH - HEADER - FOOTER - 2 * BODY_GAP - (image ? image.height + BODY_GAP : 0),
    };
  }
  const image = card.image ? { width: 380, height: innerH } : null;
  return {
    titleSizes: [72, 64, 58, 52, 46, 42],
    maxTitleLines: 4,
    description: 28,
    descriptionLines: 2,
    image,
    textWidth: innerW - (image ? image.width + 48 : 0),
    bodyHeight: innerH - HEADER - FOOTER - 2 * BODY_GAP,
  };
}

/** Two initials for names in cased scripts (`Ada Lovelace` → `AL`); the first character otherwise (`山田` → `山`). */
function initials(name: string): string {
  const first = (word: string) => graphemes().segment(word)[Symbol.iterator]().next().value?.segment ?? '';
  const words = name.split(/\s+/u).filter(Boolean);
  const cased = /^[\p{Lu}\p{Ll}]/u.test(words[0] ?? '');
  return (cased ? words.slice(0, 2).map(first).join('') : first(words[0] ?? '')).toLocaleUpperCase();
}

function header(card: CardData, { h }: TemplateContext): CardElement {
  const { colors, brand } = card;
  let mark: CardChild = null;
  if (brand.logo) {
    const height = 48;
    const width = Math.min(240, Math.round((brand.logo.width / brand.logo.height) * height));
    mark = h('img', { src: brand.logo.src, width, height, style: { width, height, objectFit: 'contain' } });
  } else if (brand.name) {
    mark = h(
      'div',
      {
        style: {
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'center',
          width: 48,
          height: 48,
          borderRadius: 12,
          backgroundColor: colors.accent,
          color: colors.onAccent,
          fontSize: 26,
          fontWeight: 700,
        },
      },
      initials(brand.name).slice(0, 1),
    );
  }
  return h(
    'div',
    { style: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', height: HEADER } },
    h(
      'div',
      { style: { display: 'flex', alignItems: 'center', gap: 16 } },
      mark,
      brand.name && !brand.logo
        ? h('div', { style: { fontSize: 28, fontWeight: 700, color: colors.foreground } }, brand.name)
        : null,
    ),
    card.site ? h('div', { style: { fontSize: 22, color: colors.muted } }, card.site) : null,
  );
}

function footer(card: CardData, { h }: TemplateContext): CardElement {
  const { colors } = card;
  const parts = [card.date, card.readingTime].filter(Boolean);
  const meta = parts.length
    ? h(
        'div',
        {
          style: {
            display: 'flex',
            alignItems: 'center',
            gap: 10,
            fontSize: 21,
            color: colors.muted,
            marginTop: card.author ? 2 : 0,
          },
        },
        ...parts.flatMap((part, i) => [
          i > 0 ? h('div', { style: { display: 'flex' } }, '·') : null,
          h('div', { style: { display: 'flex' } }, part),
        ]),
      )
    : null;
  return h(
    'div',
    { style: { display: 'flex', alignItems: 'center', gap: 18, height: FOOTER } },
    card.author
      ? h(
          'div',
          {
            style: {
              display: 'flex',
              alignItems: 'center',
              justifyContent: 'center',
              width: 52,
              height: 52,
              borderRadius: 26,
              backgroundColor: colors.accent,
              color: colors.onAccent,
              fontSize: 20,
              fontWeight: 700,
            },
          },
          initials(card.author),
        )
      : null,
    h(
      'div',
      { style: { display: 'flex', flexDirection: 'column', justifyContent: 'center' } },
      card.author
        ? h('div', { style: { fontSize: 24, fontWeight: 700, color: colors.foreground } }, card.author)
        : null,
      meta,
    ),
  );
}

function body(card: CardData, m: Metrics, context: TemplateContext): CardElement {
  const { h, fitText } = context;
  const align = card.dir === 'rtl' ? 'right' : 'left';
  const descriptionGap = 20;
  const descriptionHeight = (lines: number) =>
    card.description ? lines * m.description * DESCRIPTION_LINE_HEIGHT + descriptionGap : 0;
  let descriptionLines = m.descriptionLines;
  // Text sits a few pixels in from its box, so glyphs that overhang their advance (Arabic ك, italic
  // swashes) still end inside the safe area.
  const pad = { paddingLeft: OVERHANG, paddingRight: OVERHANG, boxSizing: 'border-box' as const };
  const fit = (lines: number) =>
    fitText(card.title, {
      width: m.textWidth - 2 * OVERHANG,
      maxHeight: m.bodyHeight - descriptionHeight(lines),
      sizes: m.titleSizes,
      lineHeight: TITLE_LINE_HEIGHT,
      maxLines: m.maxTitleLines,
    });
  let title = fit(descriptionLines);
  if (title.clamped && card.description) {
    descriptionLines = 1;
    title = fit(descriptionLines);
  }
  return h(
    'div',
    {
      style: {
        display: 'flex',
        flexDirection: 'column',
        justifyContent: 'center',
        flexGrow: 1,
        marginTop: BODY_GAP,
        marginBottom: BODY_GAP,
        width: m.textWidth,
      },
    },
    h(
      'div',
      {
        'data-part': 'title',
        style: {
          ...title.style,
          ...pad,
          fontWeight: 700,
          color: card.colors.foreground,
          letterSpacing: -0.5,
          textAlign: align,
          width: m.textWidth,
        },
      },
      title.text,
    ),
    card.description
      ? h(
          'div',
          {
            'data-part': 'description',
            style: {
              display: 'block',
              ...pad,
              fontSize: m.description,
              lineHeight: DESCRIPTION_LINE_HEIGHT,
              lineClamp: descriptionLines,
              maxHeight: Math.ceil(descriptionLines * m.description * DESCRIPTION_LINE_HEIGHT) + 1,
              marginTop: descriptionGap,
              color: card.colors.muted,
              textAlign: align,
              width: m.textWidth,
            },
          },
          card.description,
        )
      : null,
  );
}

function decorations(card: CardData, { h }: TemplateContext): CardElement[] {
  const start = card.dir === 'rtl' ? 'right' : 'left';
  const end = card.dir === 'rtl' ? 'left' : 'right';
  const circle = card.variant === 'square' ? 640 : 520;
  return [
    h('div', {
      style: { position: 'absolute', top: 0, bottom: 0, [start]: 0, width: 14, backgroundColor: card.colors.accent },
    }),
    h('div', {
      style: {
        position: 'absolute',
        bottom: -circle / 2,
        [end]: -circle / 3,
        width: circle,
        height: circle,
        borderRadius: circle / 2,
        // A solid mix rather than `opacity`: a translucent shape makes resvg composite an extra layer.
        backgroundColor: mix(card.colors.accent, card.colors.background, 0.12),
      },
    }),
  ];
}

/**
 * The built-in card: brand mark and name, the title (fitted), the description, the author with initials,
 * date and reading time; the post's image beside the text (1200×630) or above it (1080×1080).
 */
export const defaultTemplate: CardTemplate = (card, context) => {
  const { h } = context;
  const m = metricsOf(card);
  const image =
    card.image && m.image
      ? h('img', {
          src: card.image.src,
          width: m.image.width,
          height: m.image.height,
          style: { width: m.image.width, height: m.image.height, objectFit: 'cover', borderRadius: 24 },
        })
      : null;
  const text = h(
    'div',
    { style: { display: 'flex', flexDirection: 'column', width: m.textWidth, height: '100%' } },
    header(card, context),
    card.variant === 'square' && image ? h('div', { style: { display: 'flex', marginTop: BODY_GAP } }, image) : null,
    body(card, m, context),
    footer(card, context),
  );
  return h(
    'div',
    {
      lang: card.lang,
      style: {
        display: 'flex',
        position: 'relative',
        width: card.width,
        height: card.height,
        padding: card.safeInset,
        boxSizing: 'border-box',
        backgroundColor: card.colors.background,
        color: card.colors.foreground,
        fontFamily: card.fontFamily,
        direction: card.dir,
      },
    },
    ...decorations(card, context),
    h(
      'div',
      // Positioned, so it paints above the (absolutely positioned) decorations, as in CSS.
      {
        style: { display: 'flex', flexDirection: 'row', gap: 48, width: '100%', height: '100%', position: 'relative' },
      },
      text,
      card.variant === 'og' ? image : null,
    ),
  );
};
