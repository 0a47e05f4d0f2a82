import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CardPost, type RenderCardsOptions, renderCards } from '../src/index.js';
import { tempDir } from './helpers.js';

const dir = tempDir();
const posts: CardPost[] = Array.from({ length: 4 }, (_, i) => ({
  id: `post-${i}`,
  title: `Cached card number ${i}`,
  description: `Description ${i}`,
  author: 'Grace Hopper',
  date: '2026-01-01',
}));

const pngsIn = (cacheDir: string) => readdirSync(cacheDir).filter((f) => f.endsWith('.png')).length;

describe('the card cache', { timeout: 120_000 }, () => {
  const cacheDir = join(dir, 'cache');
  const options = (outDir: string): RenderCardsOptions => ({ outDir: join(dir, outDir), cacheDir, concurrency: 2 });

  it('renders every card once, then copies them all: a second run renders zero', async () => {
    const first = await renderCards(posts, options('out-1'));
    expect(first).toMatchObject({ rendered: 4, reused: 0, removed: 0, failed: 0 });
    const second = await renderCards(posts, options('out-2'));
    expect(second).toMatchObject({ rendered: 0, reused: 4, removed: 0, failed: 0 });
    for (const card of second.cards) {
      expect(card.status).toBe('reused');
      expect(readFileSync(join(dir, 'out-2', `${card.postId}.png`))).toEqual(
        readFileSync(join(dir, 'out-1', `${card.postId}.png`)),
      );
    }
  });

  it('re-renders only what changed, and removes entries no post uses', async () => {
    const changed = posts
      .map((p) => (p.id === 'post-1' ? { ...p, title: 'A new title' } : p))
      .filter((p) => p.id !== 'post-3');
    const result = await renderCards(changed, options('out-3'));
    // post-1 is new content; the old post-1 and post-3 entries are orphans.
    expect(result).toMatchObject({ rendered: 1, reused: 2, removed: 2 });
    expect(pngsIn(cacheDir)).toBe(3);
    const again = await renderCards(changed, options('out-4'));
    expect(again).toMatchObject({ rendered: 0, reused: 3, removed: 0 });
  });

  it('changes the key with the options: colours, brand, template version, variants', async () => {
    const base = posts.slice(0, 1);
    await renderCards(base, options('out-5'));
    const recoloured = await renderCards(base, { ...options('out-6'), colors: { accent: '#ff0000' }, prune: false });
    expect(recoloured.rendered).toBe(1);
    const versioned = await renderCards(base, { ...options('out-7'), templateVersion: '2', prune: false });
    expect(versioned.rendered).toBe(1);
    const square = await renderCards(base, { ...options('out-8'), square: true, prune: false });
    expect(square).toMatchObject({ rendered: 1, reused: 1 });
  });

  it('re-renders a card whose cached PNG went missing', async () => {
    const base = posts.slice(0, 2);
    const first = await renderCards(base, options('out-9'));
    const key = first.cards[0]?.key as string;
    rmSync(join(cacheDir, `${key}.png`));
    const second = await renderCards(base, options('out-10'));
    expect(second).toMatchObject({ rendered: 1, reused: 1 });
    expect(existsSync(join(cacheDir, `${key}.png`))).toBe(true);
  });

  it('replays the warnings of reused cards, so a warm build reports the same problems', async () => {
    const noisy = [{ id: 'noisy', title: `${'Very long title '.repeat(40)}`, description: 'D' }];
    const first = await renderCards(noisy, options('out-11'));
    const second = await renderCards(noisy, options('out-12'));
    expect(second.reused).toBe(1);
    expect(second.messages.map((m) => m.code)).toEqual(first.messages.map((m) => m.code));
    expect(second.messages.map((m) => m.code)).toContain('title-clamped');
  });

  it('recovers from a damaged index by rendering again', async () => {
    writeFileSync(join(cacheDir, 'index.json'), '{ not json');
    const result = await renderCards(posts.slice(0, 1), options('out-13'));
    expect(result.rendered).toBe(1);
  });

  it('keeps the image memo: an unchanged image file is not read again, a changed one is', async () => {
    const image = join(dir, 'pixel.svg');
    writeFileSync(
      image,
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#f00"/></svg>',
    );
    const withImage = [{ ...posts[0], id: 'with-image', image } as CardPost];
    expect((await renderCards(withImage, options('out-14'))).rendered).toBe(1);
    expect((await renderCards(withImage, options('out-15'))).reused).toBe(1);
    writeFileSync(
      image,
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#00f"/></svg>',
    );
    expect((await renderCards(withImage, options('out-16'))).rendered).toBe(1);
  });
});
