/**
 * Inline SVG icons for the share UI: no icon font, no request. Each icon is one path filled with
 * `currentColor`, so it follows the theme, and hidden from assistive technology, because the link
 * or button around it carries the name.
 *
 * Brand marks come from Simple Icons (CC0; each brand's own trademark rules still apply). LinkedIn,
 * which Simple Icons does not carry, and the generic actions are drawn here on the same 24 × 24 grid.
 */
import {
  siBluesky,
  siFacebook,
  siMastodon,
  siReddit,
  siTelegram,
  siThreads,
  siWhatsapp,
  siX,
  siYcombinator,
} from 'simple-icons';

export type IconName =
  | 'x'
  | 'bluesky'
  | 'threads'
  | 'mastodon'
  | 'linkedin'
  | 'facebook'
  | 'reddit'
  | 'hackernews'
  | 'whatsapp'
  | 'telegram'
  | 'email'
  | 'native'
  | 'copy'
  | 'remix'
  | 'quote';

/** Brand marks, as Simple Icons draws them (Hacker News wears the Y Combinator mark). */
const BRAND_PATHS = {
  x: siX.path,
  bluesky: siBluesky.path,
  threads: siThreads.path,
  mastodon: siMastodon.path,
  facebook: siFacebook.path,
  reddit: siReddit.path,
  hackernews: siYcombinator.path,
  whatsapp: siWhatsapp.path,
  telegram: siTelegram.path,
} as const satisfies Partial<Record<IconName, string>>;

/** Icons drawn for Sharecraft, filled like the brand marks. */
const OWN_PATHS = {
  // A rounded square with “in” cut out of it (LinkedIn asked Simple Icons to drop its mark).
  linkedin:
    'M4 2h16q2 0 2 2v16q0 2-2 2H4q-2 0-2-2V4q0-2 2-2Zm1 8v9h3v-9Zm1.5-5a1.5 1.5 0 100 3 1.5 1.5 0 000-3ZM10 10v9h3v-5q0-2 1.5-2t1.5 2v5h3v-5.5q0-3.5-3-3.5-2 0-3 1.5V10Z',
  // Opening quotation marks.
  quote:
    'M3.5 15c0-4.8 2.1-8.4 6.1-10l.8 1.7C8 8 7 9.6 7 11.5a3.5 3.5 0 1 1-3.5 3.5Zm10 0c0-4.8 2.1-8.4 6.1-10l.8 1.7C18 8 17 9.6 17 11.5a3.5 3.5 0 1 1-3.5 3.5Z',
} as const satisfies Partial<Record<IconName, string>>;

/**
 * The generic actions, drawn as 2-unit strokes with round ends: a few dozen bytes each, where a
 * filled outline of the same shape takes a few hundred.
 */
const LINE_PATHS = {
  // An arrow rising out of a tray: the share sheet.
  native: 'M12 3v12M7 8l5-5 5 5M5 12v8h14v-8',
  // Two sheets, the front one whole.
  copy: 'M9 9h11v11H9zM5 15H4V4h11v1',
  // An envelope.
  email: 'M3 5h18v14H3zm0 1 9 7 9-7',
  // A pencil: make something.
  remix: 'M4 20l1-5L16 4l4 4L9 19zM14 6l4 4',
} as const satisfies Partial<Record<IconName, string>>;

/** Every icon's path data as written; the type makes sure none is missing. */
const SOURCES: Record<IconName, string> = { ...BRAND_PATHS, ...OWN_PATHS, ...LINE_PATHS };

/** Arguments each path command takes. */
const ARITY: Record<string, number> = { m: 2, l: 2, h: 1, v: 1, c: 6, s: 4, q: 4, t: 2, a: 7, z: 0 };
const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/y;
const SEPARATORS = /[\s,]*/y;

/**
 * Rewrites SVG path data with every coordinate on a grid of `1 / steps` units, written with at most
 * `digits` decimals (`steps` defaults to `10 ** digits`; `digits = 1, steps = 2` snaps to halves),
 * without letting rounding errors add up: every point lands within half a step of where the
 * original put it, because relative moves are taken between already-rounded points.
 */
export function compactPath(d: string, digits = 2, steps = 10 ** digits): string {
  const scale = steps;
  const quantise = (value: number) => Math.round(value * scale);
  let out = '';
  let lastNumber = '';
  let lastCommand = '';
  const emit = (units: number) => {
    let text = (units / scale).toFixed(digits);
    if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
    text = text.replace(/^(-?)0\./, '$1.');
    if (text === '-0') text = '0';
    // A separator only where the two numbers would otherwise run together.
    const joins = lastNumber === '' || text.startsWith('-') || (text.startsWith('.') && lastNumber.includes('.'));
    out += joins ? text : ` ${text}`;
    lastNumber = text;
  };
  const command = (letter: string) => {
    // A repeated command may be left out; after a move, further points are implicit lines.
    if (letter !== lastCommand || 'MmZz'.includes(letter)) {
      out += letter;
      lastNumber = '';
    }
    lastCommand = letter === 'M' ? 'L' : letter === 'm' ? 'l' : letter;
  };

  let x = 0;
  let y = 0;
  let startX = 0;
  let startY = 0;
  let index = 0;
  const skipSeparators = () => {
    SEPARATORS.lastIndex = index;
    SEPARATORS.exec(d);
    index = SEPARATORS.lastIndex;
  };
  const readNumber = (): number => {
    skipSeparators();
    NUMBER.lastIndex = index;
    const match = NUMBER.exec(d);
    if (!match) throw new Error(`Path data: expected a number at ${index} in "${d}"`);
    index = NUMBER.lastIndex;
    return Number(match[0]);
  };
  const readFlag = (): string => {
    skipSeparators();
    const flag = d[index];
    if (flag !== '0' && flag !== '1') throw new Error(`Path data: expected an arc flag at ${index} in "${d}"`);
    index++;
    return flag;
  };

  skipSeparators();
  while (index < d.length) {
    let letter = d[index] as string;
    const arity = ARITY[letter.toLowerCase()];
    if (arity === undefined) throw new Error(`Path data: unknown command "${letter}" at ${index} in "${d}"`);
    index++;
    do {
      const relative = letter === letter.toLowerCase();
      const upper = letter.toUpperCase();
      const fromX = x;
      const fromY = y;
      /** Emits the point at (`px`, `py`) as the command expects it: absolute, or from the current point. */
      const point = (px: number, py: number) => {
        emit(relative ? quantise(px) - quantise(fromX) : quantise(px));
        emit(relative ? quantise(py) - quantise(fromY) : quantise(py));
      };
      command(letter);
      if (upper === 'Z') {
        x = startX;
        y = startY;
      } else if (upper === 'H') {
        x = readNumber() + (relative ? fromX : 0);
        emit(relative ? quantise(x) - quantise(fromX) : quantise(x));
      } else if (upper === 'V') {
        y = readNumber() + (relative ? fromY : 0);
        emit(relative ? quantise(y) - quantise(fromY) : quantise(y));
      } else if (upper === 'A') {
        for (let radius = 0; radius < 2; radius++) emit(Math.max(1, quantise(readNumber())));
        emit(quantise(readNumber()));
        // Flags are one character each: only the first needs a separator.
        out += ` ${readFlag()}${readFlag()}`;
        lastNumber = '';
        x = readNumber() + (relative ? fromX : 0);
        y = readNumber() + (relative ? fromY : 0);
        point(x, y);
      } else {
        for (let pair = 0; pair < arity / 2; pair++) {
          x = readNumber() + (relative ? fromX : 0);
          y = readNumber() + (relative ? fromY : 0);
          point(x, y);
        }
        if (upper === 'M') {
          startX = x;
          startY = y;
          letter = relative ? 'l' : 'L';
        }
      }
      skipSeparators();
      NUMBER.lastIndex = index;
    } while (arity > 0 && index < d.length && NUMBER.test(d));
  }
  return out;
}

/**
 * Brand marks are snapped to half a grid unit: a third of a pixel at the size the block draws them,
 * where no one can tell them from the originals (checked side by side at 48 px), and a quarter
 * fewer bytes in every post than tenths. Sharecraft's own icons are drawn on tenths already.
 */
export const BRAND_ICON_PRECISION = { digits: 1, steps: 2 } as const;

const cache = new Map<IconName, string>();

/**
 * The icon as inline SVG markup. Sized `1em`, so it scales with the text beside it; put the name on
 * the surrounding link or button.
 */
export function iconSvg(name: IconName): string {
  let svg = cache.get(name);
  if (svg === undefined) {
    if (!Object.hasOwn(SOURCES, name)) throw new Error(`Sharecraft has no icon named "${name}"`);
    // Every byte of an icon ships in every post (see `compactPath` and `BRAND_ICON_PRECISION`).
    const { digits, steps } = BRAND_ICON_PRECISION;
    const path = compactPath(SOURCES[name], digits, Object.hasOwn(BRAND_PATHS, name) ? steps : 10 ** digits);
    // Painted by attributes, not the stylesheet, so icons keep their shape if it fails to load.
    const paint = Object.hasOwn(LINE_PATHS, name)
      ? 'fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"'
      : 'fill="currentColor"';
    svg = `<svg viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" ${paint}><path d="${path}"/></svg>`;
    cache.set(name, svg);
  }
  return svg;
}
