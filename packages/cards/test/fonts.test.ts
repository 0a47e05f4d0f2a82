import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fontCoverage } from '../src/fonts/cmap.js';
import { type CardPost, type FontInput, renderCards, sniffFont } from '../src/index.js';
import { fontsourceFile, tempDir, woffToTtf } from './helpers.js';

const dir = tempDir();
const post: CardPost = {
  id: 'fonts',
  title: 'Quick brown foxes jump over lazy dogs',
  description: 'Glyph shapes tell fonts apart.',
};
const hebrewLatin = (weight: number, ext: string) =>
  fontsourceFile('@fontsource/noto-sans-hebrew', `noto-sans-hebrew-latin-${weight}-normal.${ext}`);

async function render(name: string, fonts?: FontInput[], extra: Partial<CardPost> = {}) {
  const outDir = join(dir, name);
  const result = await renderCards([{ ...post, ...extra }], {
    outDir,
    root: dir,
    cacheDir: false,
    concurrency: 1,
    ...(fonts ? { fonts } : {}),
  });
  return { result, png: readFileSync(join(outDir, 'fonts.png')) };
}

describe('sniffFont', () => {
  it('knows fonts by their signature, not their name', () => {
    const bytes = (head: string) => Buffer.concat([Buffer.from(head, 'latin1'), Buffer.alloc(16)]);
    expect(sniffFont(bytes('\x00\x01\x00\x00'))).toEqual({ ok: true, format: 'ttf' });
    expect(sniffFont(bytes('OTTO'))).toEqual({ ok: true, format: 'otf' });
    expect(sniffFont(bytes('wOFF'))).toEqual({ ok: true, format: 'woff' });
    expect(sniffFont(bytes('wOF2'))).toEqual({ ok: true, format: 'woff2' });
    expect(sniffFont(bytes('\x89PNG\r\n'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/looks like a PNG image/),
    });
    expect(sniffFont(bytes('ttcf'))).toMatchObject({ ok: false, reason: expect.stringMatching(/font collection/) });
    expect(sniffFont(Buffer.from('tiny'))).toMatchObject({ ok: false, reason: 'it is only 4 bytes long' });
  });

  it('reads what a font covers from its cmap (WOFF and TTF alike)', () => {
    const woff = readFileSync(hebrewLatin(400, 'woff'));
    const covered = (ranges: readonly (readonly [number, number])[], cp: number) =>
      ranges.some(([a, b]) => cp >= a && cp <= b);
    for (const coverage of [fontCoverage(woff), fontCoverage(woffToTtf(woff))]) {
      expect(covered(coverage, 'A'.codePointAt(0) as number)).toBe(true);
      expect(covered(coverage, 'ش'.codePointAt(0) as number)).toBe(false);
    }
  });
});

describe('owner fonts', { timeout: 120_000 }, () => {
  it('draws with an owner font, identically from WOFF and from TTF, and differently from the default', async () => {
    const ttf400 = join(dir, 'brand-400.ttf');
    const ttf700 = join(dir, 'brand-700.ttf');
    writeFileSync(ttf400, woffToTtf(readFileSync(hebrewLatin(400, 'woff'))));
    writeFileSync(ttf700, woffToTtf(readFileSync(hebrewLatin(700, 'woff'))));
    const fromWoff = await render('woff', [
      { path: hebrewLatin(400, 'woff'), family: 'Brand Sans', weight: 400 },
      { path: hebrewLatin(700, 'woff'), family: 'Brand Sans', weight: 700 },
    ]);
    const fromTtf = await render('ttf', [
      { path: ttf400, family: 'Brand Sans', weight: 400 },
      { data: readFileSync(ttf700), name: 'brand-700.ttf', family: 'Brand Sans', weight: 700 },
    ]);
    const byDefault = await render('default');
    expect(fromWoff.result.messages).toEqual([]);
    expect(fromTtf.result.messages).toEqual([]);
    expect(fromTtf.png.equals(fromWoff.png)).toBe(true);
    expect(fromWoff.png.equals(byDefault.png)).toBe(false);
  });

  it('reads WOFF2 owner fonts', async () => {
    const woff2 = await render('woff2', [{ path: hebrewLatin(700, 'woff2'), family: 'Brand Sans', weight: 700 }]);
    const byDefault = await render('default-2');
    expect(woff2.result.messages).toEqual([]);
    expect(woff2.png.equals(byDefault.png)).toBe(false);
  });

  it('uses an installed Fontsource package: as a fallback after Inter, or first with primary: true', async () => {
    const byDefault = await render('default-3');
    const fallback = await render('fontsource', [{ fontsource: '@fontsource/noto-sans-hebrew' }]);
    const primary = await render('fontsource-primary', [{ fontsource: '@fontsource/noto-sans-hebrew', primary: true }]);
    expect(fallback.result.messages).toEqual([]);
    expect(primary.result.messages).toEqual([]);
    // A fallback does not change how Latin text looks; a primary family does.
    expect(fallback.png.equals(byDefault.png)).toBe(true);
    expect(primary.png.equals(byDefault.png)).toBe(false);
    const missing = await render('fontsource-missing', [{ fontsource: '@fontsource/no-such-font-here' }]);
    expect(missing.result.messages[0]?.message).toMatch(
      /fonts\[0\]: the font package @fontsource\/no-such-font-here is not installed/,
    );
  });

  it('leaves out a font with a font signature that satori cannot read, naming the file', async () => {
    const broken = join(dir, 'broken.woff');
    writeFileSync(broken, Buffer.concat([Buffer.from('wOFF', 'latin1'), Buffer.alloc(200, 7)]));
    const { result } = await render('broken', [{ path: broken, family: 'Broken' }]);
    expect(result.rendered).toBe(1);
    expect(result.messages.find((m) => m.code === 'font-unreadable')?.message).toMatch(
      new RegExp(`the font ${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} could not be read`),
    );
  });

  it('warns, naming the post and the script, when no font covers a script, and still draws the card', async () => {
    const { result, png } = await render('devanagari', undefined, {
      id: 'fonts',
      title: 'नमस्ते दुनिया — hello from Delhi',
    });
    expect(result.rendered).toBe(1);
    expect(png.length).toBeGreaterThan(1000);
    const warning = result.messages.find((m) => m.code === 'uncovered-script');
    expect(warning?.postId).toBe('fonts');
    expect(warning?.message).toMatch(/post "fonts": no configured font covers Devanagari/);
    expect(warning?.message).toMatch(/@fontsource\/noto-sans-devanagari/);
  });
});
