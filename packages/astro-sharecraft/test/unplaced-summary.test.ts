import { describe, expect, it } from 'vitest';
import type { NotAPost } from '../src/page/recognise-post.js';
import { summariseUnplaced } from '../src/page/unplaced-summary.js';

const summary = (
  unplaced: [string, NotAPost][],
  markerless: [string, { source: string; placed: boolean }][] = [],
  posts = 10,
) =>
  summariseUnplaced(
    { unplaced: new Map(unplaced), markerless: new Map(markerless) },
    { description: 'Sätteri 0.9.5 (x)', known: true },
    posts,
  );

describe('summariseUnplaced', () => {
  it('says nothing when every Markdown page got its block', () => {
    expect(summary([])).toEqual([]);
  });

  it('names each page with its reason and what to change, one line per reason', () => {
    const lines = summary([
      ['/', { reason: 'inline', file: 'src/content/notes/latest.md' }],
      ['/blog/private', { reason: 'opted-out', file: 'src/content/blog/private.md' }],
      ['/tags/food', { reason: 'excluded', pattern: '**/tags/**' }],
      ['/feed', { reason: 'listing', documents: 12 }],
    ]);
    expect(lines.map((line) => line.level)).toEqual(['info', 'info', 'info', 'info']);
    expect(lines[0]?.text).toContain('1 page that shows a Markdown entry inline');
    expect(lines[0]?.text).toContain('/ (src/content/notes/latest.md)');
    expect(lines[0]?.text).toContain('`posts.include`');
    expect(lines[1]?.text).toContain('/blog/private');
    expect(lines[2]?.text).toContain('/tags/food ("**/tags/**")');
    expect(lines[3]?.text).toContain('/feed (12)');
  });

  it('warns when most Markdown pages look inline: a theme whose URLs are not made of its entries’ names', () => {
    const inline: [string, NotAPost][] = Array.from({ length: 8 }, (_, index) => [
      `/p/${index}`,
      { reason: 'inline', file: `src/content/blog/post-${index}.md` },
    ]);
    const [line] = summary(inline, [], 2);
    expect(line?.level).toBe('warn');
    expect(line?.text).toContain('/p/0 (src/content/blog/post-0.md)');
    expect(line?.text).toContain('and 3 more');
  });

  it('warns about pages that render Markdown without a marker, naming the processor and the routes', () => {
    const [line] = summary(
      [],
      [
        ['/blog/a', { source: 'src/pages/blog/[...slug].astro', placed: true }],
        ['/notes/b', { source: 'src/pages/notes/[...slug].astro', placed: false }],
      ],
    );
    expect(line?.level).toBe('warn');
    expect(line?.text).toContain('2 pages render Markdown or MDX');
    expect(line?.text).toContain('src/pages/blog/[...slug].astro, src/pages/notes/[...slug].astro');
    expect(line?.text).toContain('Sätteri 0.9.5 (x)');
    expect(line?.text).toContain('/blog/a, /notes/b');
    expect(line?.text).toContain('1 of them got a share block from `posts.include` anyway');
    expect(line?.text).toContain('Please report this');
  });
});
