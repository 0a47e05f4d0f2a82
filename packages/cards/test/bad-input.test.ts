import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CardPost, CardsError, renderCards } from '../src/index.js';
import { decodePng, pngSize, tempDir } from './helpers.js';

const dir = tempDir();
writeFileSync(join(dir, 'notes.txt'), 'just some text, not a picture at all');
writeFileSync(join(dir, 'brand.woff2'), readFileSync(join(import.meta.dirname, '..', 'package.json')));

const good: CardPost = {
  id: 'good',
  title: 'A perfectly fine post',
  description: 'With a description.',
  author: 'Ada',
};
const bad: CardPost[] = [
  { id: 'no-title', description: 'Has a description but no title.' },
  { id: 'no-description', title: 'Has a title but no description' },
  { id: 'long-title', title: 'x'.repeat(500), description: 'A 500-character title.' },
  { id: 'broken-image', title: 'Broken image', description: 'd', image: './images/missing.png' },
  { id: 'remote-image', title: 'Remote image', description: 'd', image: 'https://cdn.example/picture.png' },
  { id: 'text-image', title: 'Text as image', description: 'd', image: 'notes.txt' },
  { id: 'bad-date', title: 'Bad date', description: 'd', date: 'next Tuesday-ish' },
  { id: 'bad-lang', title: 'Bad lang', description: 'd', lang: 'not a language!' },
];

const find = (messages: { code: string; postId?: string; message: string }[], code: string, postId?: string) =>
  messages.find((m) => m.code === code && (postId === undefined || m.postId === postId));

/** Worker threads of this process, from /proc on Linux (0 elsewhere). */
function workerThreads(): number {
  if (!existsSync('/proc/self/task')) return 0;
  return readdirSync('/proc/self/task').filter((tid) => {
    try {
      return readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() === 'WorkerThread';
    } catch {
      return false;
    }
  }).length;
}

describe('bad input', { timeout: 120_000 }, () => {
  it('warns about each bad post by name, and still draws every card', async () => {
    const outDir = join(dir, 'lenient');
    const result = await renderCards([...bad, good], {
      outDir,
      root: dir,
      cacheDir: false,
      brand: { name: 'Northwind' },
    });
    expect(result).toMatchObject({ rendered: bad.length + 1, failed: 0 });
    for (const post of [...bad, good]) {
      expect(pngSize(readFileSync(join(outDir, `${post.id}.png`)))).toEqual({ width: 1200, height: 630 });
    }
    const m = result.messages;
    expect(m.every((x) => x.level === 'warning')).toBe(true);
    expect(find(m, 'missing-title', 'no-title')?.message).toBe(
      'Share cards: post "no-title" has no title; its card shows "Northwind" instead. Give the post a title.',
    );
    expect(find(m, 'missing-description', 'no-description')?.message).toMatch(
      /post "no-description" has no description/,
    );
    expect(find(m, 'title-clamped', 'long-title')?.message).toMatch(
      /post "long-title": the title \(500 characters\) does not fit/,
    );
    expect(find(m, 'image-not-found', 'broken-image')?.message).toBe(
      `Share cards: post "broken-image": the image ${join(dir, 'images/missing.png')} does not exist; the card is drawn without it.`,
    );
    expect(find(m, 'image-remote', 'remote-image')?.message).toMatch(/https:\/\/cdn\.example\/picture\.png is remote/);
    expect(find(m, 'image-unsupported', 'text-image')?.message).toMatch(
      /notes\.txt is not a PNG, JPEG, GIF, WebP or SVG image/,
    );
    expect(find(m, 'invalid-date', 'bad-date')?.message).toMatch(/post "bad-date" has date "next Tuesday-ish"/);
    expect(find(m, 'invalid-lang', 'bad-lang')?.message).toMatch(/post "bad-lang" has lang "not a language!"/);
    expect(m.filter((x) => x.postId === 'good')).toEqual([]);
  });

  it('warns about an invalid colour by option name and falls back to the default', async () => {
    const outDir = join(dir, 'colour');
    const result = await renderCards([good], {
      outDir,
      cacheDir: false,
      colors: { accent: '#12345', background: 'blurple' },
    });
    expect(result.rendered).toBe(1);
    expect(find(result.messages, 'invalid-color')?.message).toBe(
      'Share cards: colors.accent is "#12345", which is not a CSS colour (use hex like #0f172a, rgb(), hsl() or a colour name); the default is used instead.',
    );
    expect(result.messages.some((x) => x.code === 'invalid-color' && x.option === 'colors.background')).toBe(true);
    // The default dark background and sky accent stripe are drawn instead.
    const image = decodePng(readFileSync(join(outDir, 'good.png')));
    const at = (x: number, y: number) => [
      ...image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 3),
    ];
    expect(at(600, 20)).toEqual([0x0f, 0x17, 0x2a]);
    expect(at(4, 300)).toEqual([0x38, 0xbd, 0xf8]);
  });

  it('warns about a font file that is not a font, naming the file, and renders with the other fonts', async () => {
    const outDir = join(dir, 'font');
    const result = await renderCards([good], {
      outDir,
      root: dir,
      cacheDir: false,
      fonts: [
        { path: 'brand.woff2', family: 'Brand' },
        { path: 'missing.ttf', family: 'Brand', weight: 700 },
      ],
    });
    expect(result.rendered).toBe(1);
    const notAFont = find(result.messages, 'font-not-a-font');
    expect(notAFont?.message).toBe(
      `Share cards: fonts[0]: ${join(dir, 'brand.woff2')} is not a font: it starts with bytes 7b 0a 20 20, which looks like JSON, not a WOFF, WOFF2, TTF or OTF signature. Use a WOFF, WOFF2, TTF or OTF file; it is left out.`,
    );
    expect(find(result.messages, 'font-not-found')?.message).toMatch(
      /fonts\[1\]: the font file .*missing\.ttf does not exist/,
    );
  });

  it('reports posts without an id and duplicate ids, and draws the rest', async () => {
    const result = await renderCards([{ title: 'No id' } as CardPost, good, good], {
      outDir: join(dir, 'ids'),
      cacheDir: false,
    });
    expect(result.rendered).toBe(1);
    expect(find(result.messages, 'invalid-post')?.message).toBe('Share cards: posts[0] has no id; it gets no card.');
    expect(find(result.messages, 'duplicate-post', 'good')?.message).toMatch(/listed twice/);
  });

  it('in strict mode tries every post, then fails with all the problems as errors', async () => {
    const outDir = join(dir, 'strict');
    const run = renderCards([...bad, good], { outDir, root: dir, cacheDir: false, strict: true });
    const error = await run.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CardsError);
    const messages = (error as CardsError).messages;
    expect(messages.every((m) => m.level === 'error')).toBe(true);
    for (const post of bad)
      expect(
        messages.some((m) => m.postId === post.id),
        post.id,
      ).toBe(true);
    expect((error as Error).message).toMatch(/post "broken-image"/);
    // Every post was still tried: the good one's card is there.
    expect(existsSync(join(outDir, 'good.png'))).toBe(true);
  });

  it('in strict mode rejects bad options before drawing anything', async () => {
    const outDir = join(dir, 'strict-options');
    const error = await renderCards([good], {
      outDir,
      cacheDir: false,
      strict: true,
      colors: { muted: 'not-a-colour' },
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CardsError);
    expect((error as Error).message).toMatch(/colors\.muted is "not-a-colour"/);
    expect(existsSync(join(outDir, 'good.png'))).toBe(false);
  });

  it('in strict mode stops the worker threads it started before the options were found bad', async () => {
    // Two posts and two threads: the workers start before the options are resolved, then must be stopped.
    const outDir = join(dir, 'strict-options-workers');
    const posts = [good, { ...good, id: 'second' }];
    const before = workerThreads();
    const run = renderCards(posts, {
      outDir,
      cacheDir: false,
      concurrency: 2,
      strict: true,
      colors: { accent: 'nope' },
    });
    await expect(run).rejects.toThrow(/colors\.accent is "nope"/);
    expect(existsSync(outDir)).toBe(false);
    // On Linux, the threads themselves: Node names worker threads "WorkerThread".
    if (existsSync('/proc/self/task')) await expect.poll(workerThreads, { timeout: 5_000 }).toBe(before);
    // The same posts with good options draw on those threads.
    const ok = await renderCards(posts, { outDir, cacheDir: false, concurrency: 2, strict: true });
    expect(ok.rendered).toBe(2);
  });
});
