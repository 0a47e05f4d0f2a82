import { describe, expect, it } from 'vitest';
import { entryKey, entryNames, isOwnPage } from '../src/page/entry-url.js';

describe('entryNames and isOwnPage', () => {
  it.each([
    ['a post at its file name', 'src/content/blog/first-post.md', {}, '/blog/first-post'],
    ['a folder’s index.md at the folder', 'src/content/blog/guides/index.md', {}, '/blog/guides'],
    ['a nested post', 'src/content/blog/guides/tinning.md', {}, '/blog/guides/tinning'],
    ['a dated file at its name alone', 'src/content/blog/2026-11-28-open-day.md', {}, '/2026/11/open-day'],
    ['a frontmatter slug', 'src/content/blog/x.md', { slug: 'a-custom/slug-here' }, '/posts/slug-here'],
    ['a title slugified', 'src/content/blog/x.md', { title: 'Fish & Chips: the #1 guide' }, '/fish-chips-the-1-guide'],
    [
      'a capitalised, percent-encoded URL',
      'src/content/blog/crème-brûlée.md',
      {},
      '/blog/Cr%C3%A8me-Br%C3%BBl%C3%A9e/',
    ],
    ['a Windows path', 'C:\\site\\src\\content\\blog\\hello.md', {}, '/blog/hello/'],
  ])('finds %s', (_name, file, frontmatter, path) => {
    expect(isOwnPage(path, entryNames(file, frontmatter))).toBe(true);
  });

  it.each([
    ['the home page', 'src/content/notes/latest.md', { title: 'Latest' }, '/'],
    ['a listing', 'src/content/blog/second-post.md', { title: 'Second post' }, '/pinned'],
    ['a tag page', 'src/content/blog/first.md', {}, '/tags/food'],
    ['a home page that is itself index.md', 'src/pages/index.md', {}, '/'],
  ])('does not take %s for the entry’s page', (_name, file, frontmatter, path) => {
    expect(isOwnPage(path, entryNames(file, frontmatter))).toBe(false);
  });

  it('compares on letters and digits in any script', () => {
    expect(entryKey('دلة-من-نحاس')).toBe('دلةمننحاس');
    expect(entryKey('Crème_Brûlée')).toBe(entryKey('creme-brulee'));
    expect(entryKey('%E0%A4%A')).toBe('e0a4a');
  });
});
