import parseCssColor from 'parse-css-color';
import { type CardMessage, warning } from '../messages.ts';
import type { CardColors } from '../types.ts';

const DARK: CardColors = {
  background: '#0f172a',
  foreground: '#f8fafc',
  muted: '#94a3b8',
  accent: '#38bdf8',
  onAccent: '#0f172a',
};
const LIGHT: CardColors = {
  background: '#ffffff',
  foreground: '#0f172a',
  muted: '#475569',
  accent: '#2563eb',
  onAccent: '#ffffff',
};

const KEYS = ['background', 'foreground', 'muted', 'accent', 'onAccent'] as const;

/** Parses a CSS colour to sRGB 0–255 channels and alpha, or `null` when satori could not read it either. */
export function parseColor(value: string): { r: number; g: number; b: number; alpha: number } | null {
  const parsed = parseCssColor(value.trim());
  if (!parsed) return null;
  if (parsed.type === 'rgb') {
    const [r = 0, g = 0, b = 0] = parsed.values;
    return { r, g, b, alpha: parsed.alpha };
  }
  const [hue = 0, sat = 0, light = 0] = parsed.values;
  const s = sat / 100;
  const l = light / 100;
  const k = (n: number) => (n + hue / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => 255 * (l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1))));
  return { r: f(0), g: f(8), b: f(4), alpha: parsed.alpha };
}

/** WCAG relative luminance of an sRGB colour, 0 (black) to 1 (white). */
export function luminance(color: { r: number; g: number; b: number }): number {
  const lin = (c: number) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(color.r) + 0.7152 * lin(color.g) + 0.0722 * lin(color.b);
}

/**
 * Validates the colour options and fills the gaps. A missing colour comes from a dark or a light palette,
 * whichever suits the background; an invalid one is a warning naming the option, and the default is used.
 */
export function resolveColors(input: Partial<CardColors> | undefined): { colors: CardColors; messages: CardMessage[] } {
  const messages: CardMessage[] = [];
  const valid: Partial<CardColors> = {};
  for (const [key, value] of Object.entries(input ?? {})) {
    const option = `colors.${key}`;
    if (!(KEYS as readonly string[]).includes(key)) {
      messages.push(
        warning('invalid-option', `Share cards: unknown option ${option} (known: ${KEYS.join(', ')}); ignored.`, {
          option,
        }),
      );
      continue;
    }
    if (value === undefined) continue;
    if (typeof value !== 'string' || !parseColor(value)) {
      messages.push(
        warning(
          'invalid-color',
          `Share cards: ${option} is ${JSON.stringify(value)}, which is not a CSS colour (use hex like #0f172a, rgb(), hsl() or a colour name); the default is used instead.`,
          { option },
        ),
      );
      continue;
    }
    valid[key as keyof CardColors] = value.trim();
  }
  const background = valid.background ?? DARK.background;
  const bg = parseColor(background);
  const palette = bg && luminance(bg) > 0.4 ? LIGHT : DARK;
  const accent = valid.accent ?? palette.accent;
  const accentRgb = parseColor(accent);
  const onAccent = valid.onAccent ?? (accentRgb && luminance(accentRgb) > 0.4 ? '#0f172a' : '#ffffff');
  return {
    colors: {
      background,
      foreground: valid.foreground ?? palette.foreground,
      muted: valid.muted ?? palette.muted,
      accent,
      onAccent,
    },
    messages,
  };
}
