import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashValue, sha256 } from '../assets/hash.ts';
import { imageSource, readImage, toCardImage } from '../assets/image.ts';
import { emojiVersion } from '../fonts/emoji.ts';
import type { LoadedFont } from '../fonts/font-book.ts';
import { satoriReadError } from '../fonts/font-check.ts';
import { sniffFont } from '../fonts/font-format.ts';
import { loadFontsource } from '../fonts/fontsource.ts';
import { CardsError, type MessageLog, warning } from '../messages.ts';
import type { DrawSetup } from '../render/draw.ts';
import { templateIdentity, templateRef } from '../render/template-ref.ts';
import type { CardColors, CardImage, CardsOptions, CardTemplate, CardVariant, FontWeight } from '../types.ts';
import { engineIdentity } from '../versions.ts';
import { resolveColors } from './colors.ts';

/**
 * The fonts that ship with Sharecraft, in fallback order, and what each covers. Inter is the Latin face
 * (with Greek, Cyrillic and Vietnamese); the Noto families cover right-to-left scripts and CJK.
 */
export const BUNDLED_FONTS: readonly { pkg: string; covers: string; optional?: true }[] = [
  { pkg: '@fontsource/inter', covers: 'Latin, Greek, Cyrillic, Vietnamese' },
  { pkg: '@fontsource/noto-sans-hebrew', covers: 'Hebrew' },
  { pkg: '@fontsource/noto-sans-arabic', covers: 'Arabic' },
  { pkg: '@fontsource/noto-sans-sc', covers: 'Chinese (Han), Japanese kana', optional: true },
  { pkg: '@fontsource/noto-sans-kr', covers: 'Korean (Hangul)', optional: true },
];

/** The weights loaded from every Fontsource family unless an entry asks for others. */
export const DEFAULT_WEIGHTS: readonly FontWeight[] = [400, 700];

const WEIGHTS = new Set([100, 200, 300, 400, 500, 600, 700, 800, 900]);
const HERE = dirname(fileURLToPath(import.meta.url));

/** Options after validation, with everything config-level that changes a card's pixels hashed into `identity`. */
export interface ResolvedConfig {
  root: string;
  strict: boolean;
  colors: CardColors;
  brand: { name: string; logo: CardImage | null };
  variants: CardVariant[];
  defaultLang: string;
  formatDate: ((date: Date, lang: string) => string) | undefined;
  formatReadingTime: ((minutes: number, lang: string) => string) | undefined;
  draw: DrawSetup;
  /** A template given as a function: it can only run on this thread. */
  templateFn: CardTemplate | undefined;
  identity: string;
}

/** Resolves a path option against `root`. */
export function rootPath(root: string, path: string): string {
  return isAbsolute(path) ? path : resolve(root, path);
}

/** Turns `root` (a path or file URL) into a directory path. */
export function rootOf(root: string | URL | undefined): string {
  if (root === undefined) return process.cwd();
  return root instanceof URL || String(root).startsWith('file:') ? fileURLToPath(root) : resolve(String(root));
}

async function ownerFonts(options: CardsOptions, root: string, log: MessageLog) {
  const fonts: LoadedFont[] = [];
  const fontsource: (DrawSetup['fontsource'][number] & { primary: boolean })[] = [];
  const identity: unknown[] = [];
  for (const [i, input] of (options.fonts ?? []).entries()) {
    const option = `fonts[${i}]`;
    if ('fontsource' in input) {
      const weights = input.weights ?? [...DEFAULT_WEIGHTS];
      try {
        const family = loadFontsource(input.fontsource, root, weights);
        fontsource.push({ pkg: input.fontsource, from: root, weights, primary: input.primary === true });
        identity.push(`${family.pkg}@${family.version}:${family.weights.join(',')}:${input.primary === true}`);
      } catch (e) {
        log.add(
          warning('font-not-found', `Share cards: ${option}: ${(e as Error).message}; it is left out.`, { option }),
        );
      }
      continue;
    }
    if (typeof input.family !== 'string' || !input.family.trim()) {
      log.add(warning('invalid-option', `Share cards: ${option} needs a family name; it is left out.`, { option }));
      continue;
    }
    const weight = input.weight ?? 400;
    if (!WEIGHTS.has(weight)) {
      log.add(
        warning('invalid-option', `Share cards: ${option}.weight ${weight} is not 100, 200, … 900; it is left out.`, {
          option,
        }),
      );
      continue;
    }
    let data: Uint8Array;
    let source: string;
    if ('path' in input) {
      source = rootPath(root, input.path);
      try {
        data = await readFile(source);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        log.add(
          warning(
            'font-not-found',
            `Share cards: ${option}: the font file ${source} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`}; it is left out.`,
            { option, file: source },
          ),
        );
        continue;
      }
    } else {
      data = input.data;
      source = input.name || option;
    }
    const sniff = sniffFont(data);
    if (!sniff.ok) {
      log.add(
        warning(
          'font-not-a-font',
          `Share cards: ${option}: ${source} is not a font: ${sniff.reason}. Use a WOFF, WOFF2, TTF or OTF file; it is left out.`,
          { option, file: source },
        ),
      );
      continue;
    }
    const unreadable = await satoriReadError(data, input.family.trim());
    if (unreadable) {
      log.add(
        warning(
          'font-unreadable',
          `Share cards: ${option}: the font ${source} could not be read (${unreadable}); it is left out.`,
          { option, file: source },
        ),
      );
      continue;
    }
    fonts.push({
      family: input.family.trim(),
      weight: weight as FontWeight,
      style: input.style ?? 'normal',
      data,
      source,
    });
    identity.push({ family: input.family.trim(), weight, style: input.style ?? 'normal', sha: sha256(data) });
  }
  return { fonts, fontsource, identity };
}

async function brandLogo(options: CardsOptions, root: string, log: MessageLog) {
  const logo = options.brand?.logo;
  if (logo === undefined) return { image: null, hash: null };
  const option = 'brand.logo';
  const source = imageSource(logo, (p) => rootPath(root, p));
  const read = 'problem' in source ? source : await readImage(source);
  if ('problem' in read) {
    const what = 'path' in source ? source.path : typeof logo === 'string' ? logo : 'the given bytes';
    const why =
      read.problem === 'not-found'
        ? `${what} does not exist`
        : read.problem === 'remote'
          ? `${what} is remote and cards never fetch from the network`
          : `${what} is ${read.detail}`;
    log.add(
      warning('logo-not-found', `Share cards: ${option}: ${why}; the card shows the brand name instead.`, {
        option,
        file: what,
      }),
    );
    return { image: null, hash: null };
  }
  return { image: toCardImage(read.bytes, read.info), hash: sha256(read.bytes) };
}

/**
 * Validates the options and loads what they point at (owner fonts, the logo). Problems are warnings
 * with a fallback; in strict mode they throw one {@link CardsError} listing all of them, before any card
 * is drawn.
 */
export async function resolveConfig(options: CardsOptions, log: MessageLog): Promise<ResolvedConfig> {
  const root = rootOf(options.root);
  const before = log.messages.length;
  const { colors, messages: colorMessages } = resolveColors(options.colors);
  for (const m of colorMessages) log.add(m);
  const owner = await ownerFonts(options, root, log);
  const logo = await brandLogo(options, root, log);
  // The CJK fonts are optional dependencies: a site that omits them (`--omit=optional`) simply lacks them.
  const bundled = BUNDLED_FONTS.flatMap(({ pkg, optional }) => {
    try {
      const family = loadFontsource(pkg, HERE, DEFAULT_WEIGHTS);
      return [{ setup: { pkg, from: HERE, weights: [...DEFAULT_WEIGHTS] }, id: `${pkg}@${family.version}` }];
    } catch (e) {
      if (optional) return [];
      throw e;
    }
  });
  const { ref, fn } = templateRef(options.template, root);
  const problems = log.messages.slice(before).filter((m) => m.level === 'error');
  if (problems.length > 0) throw new CardsError(problems, 'Share cards: invalid options (strict mode)');

  const brandName = typeof options.brand?.name === 'string' ? options.brand.name.trim() : '';
  const draw: DrawSetup = {
    template: ref,
    fonts: owner.fonts,
    // Owner files first; then primary Fontsource families, Inter, fallback Fontsource families, the script fonts.
    fontsource: [
      ...owner.fontsource.filter((f) => f.primary),
      ...bundled.slice(0, 1).map((b) => b.setup),
      ...owner.fontsource.filter((f) => !f.primary),
      ...bundled.slice(1).map((b) => b.setup),
    ].map(({ pkg, from, weights }) => ({ pkg, from, weights })),
  };
  const identity = hashValue({
    engine: engineIdentity(),
    template: await templateIdentity(ref, fn),
    templateVersion: options.templateVersion ?? '',
    colors,
    brand: { name: brandName, logo: logo.hash },
    fonts: owner.identity,
    bundled: bundled.map((b) => b.id),
    emoji: emojiVersion(),
  });
  return {
    root,
    strict: options.strict === true,
    colors,
    brand: { name: brandName, logo: logo.image },
    variants: options.square ? ['og', 'square'] : ['og'],
    defaultLang: options.defaultLang ?? 'en',
    formatDate: options.formatDate,
    formatReadingTime: options.formatReadingTime,
    draw,
    templateFn: fn,
    identity,
  };
}
