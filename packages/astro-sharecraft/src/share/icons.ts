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
  | 'check'
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

/** Icons drawn for Sharecraft. */
const OWN_PATHS = {
  // A rounded square with “in” cut out of it.
  linkedin:
    'M4 2h16a2 2 0 0 1 2 2v16a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2Zm1.3 4.9a1.7 1.7 0 0 0 3.4 0 1.7 1.7 0 0 0-3.4 0ZM5.5 10v8.5h3V10Zm5 0v8.5h3v-5c0-.7.4-1.2 1-1.2.7 0 1 .5 1 1.2v5h3v-5.6c0-1.9-.6-3.1-2.2-3.1-1.2 0-2.2.6-2.8 1.5V10Z',
  // An envelope, flap closed.
  email:
    'M4 4h16a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2Zm0 2 8 5.5L20 6Zm0 2.4V18h16V8.4l-8 5.5Z',
  // Three linked nodes: “send this on”.
  native:
    'M18 2a3 3 0 1 1 0 6 3 3 0 1 1 0-6ZM6 9a3 3 0 1 1 0 6 3 3 0 1 1 0-6Zm12 7a3 3 0 1 1 0 6 3 3 0 1 1 0-6ZM5.5 11.2l12-7 .9 1.6-12 7Zm.9 0 12 7-.9 1.6-12-7Z',
  // Two sheets, the front one whole.
  copy: 'M10 8h10a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H10a2 2 0 0 1-2-2V10a2 2 0 0 1 2-2Zm0 2v10h10V10ZM6 16H4a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2h10a2 2 0 0 1 2 2v2h-2V4H4v10h2Z',
  check: 'M3.1 13.4 9 19.3 20.9 7.4l-1.8-1.8L9 15.7l-4.1-4.1Z',
  // A pencil: make something.
  remix: 'M3 21l1.98-5.09 9.55-9.55 3.11 3.11-9.55 9.55Zm12.45-15.56 1-1a2.2 2.2 0 0 1 3.11 3.11l-1 1Z',
  // Opening quotation marks.
  quote:
    'M3.5 15c0-4.8 2.1-8.4 6.1-10l.8 1.7C8 8 7 9.6 7 11.5a3.5 3.5 0 1 1-3.5 3.5Zm10 0c0-4.8 2.1-8.4 6.1-10l.8 1.7C18 8 17 9.6 17 11.5a3.5 3.5 0 1 1-3.5 3.5Z',
} as const satisfies Partial<Record<IconName, string>>;

/** Every icon's path data as written; the type makes sure none is missing. */
const SOURCES: Record<IconName, string> = { ...BRAND_PATHS, ...OWN_PATHS };

/** Arguments each path command takes. */
const ARITY: Record<string, number> = { m: 2, l: 2, h: 1, v: 1, c: 6, s: 4, q: 4, t: 2, a: 7, z: 0 };
const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/y;
const SEPARATORS = /[\s,]*/y;

/**
 * Rewrites SVG path data with coordinates rounded to `digits` decimals, without letting rounding
 * errors add up: every point lands within half a unit of the last digit of where the original
 * put it, because relative moves are taken between already-rounded points. At 24 × 24, two decimals
 * are far below a pixel at any size an icon is drawn.
 */
export function compactPath(d: string, digits = 2): string {
  const scale = 10 ** digits;
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

const cache = new Map<IconName, string>();

/**
 * The icon as inline SVG markup. Sized `1em`, so it scales with the text beside it; put the name on
 * the surrounding link or button.
 */
export function iconSvg(name: IconName): string {
  let svg = cache.get(name);
  if (svg === undefined) {
    if (!Object.hasOwn(SOURCES, name)) throw new Error(`Sharecraft has no icon named "${name}"`);
    // Simple Icons writes three decimals; two are plenty at this size (see `compactPath`).
    const path = Object.hasOwn(BRAND_PATHS, name) ? compactPath(SOURCES[name]) : SOURCES[name];
    svg = `<svg viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false" fill="currentColor"><path d="${path}"/></svg>`;
    cache.set(name, svg);
  }
  return svg;
}
