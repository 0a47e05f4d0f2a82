import { describe, expect, it } from 'vitest';
import { excerpt, pagePost, readingMinutes } from '../src/cards/page-post.js';

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

describe('pagePost', () => {
  it('prefers the frontmatter, then the page’s meta tags, then its content', () => {
    const html = `<!doctype html><html lang="ar" dir="rtl"><head><meta name="description" content="From &amp; meta"><meta name="author" content="Rami"></head>
      <body><header><p>${words(50)}</p></header><main><article><h1>T</h1><time datetime="2026-03-12">12 March</time><p>${words(460)}</p>
      <aside class="sharecraft"><p>Share this post</p></aside></article></main></body></html>`;
    const fromPage = pagePost(html, 'Page title');
    expect(fromPage).toEqual({
      title: 'Page title',
      description: 'From & meta',
      author: 'Rami',
      date: '2026-03-12',
      readingTime: 2,
      lang: 'ar',
      dir: 'rtl',
      image: undefined,
    });
    const fromFrontmatter = pagePost(html, 'Page title', {
      title: 'Card title',
      description: 'Front',
      author: 'Ada',
      date: '2025-01-01',
      image: '/abs/cover.png',
    });
    expect(fromFrontmatter).toMatchObject({
      title: 'Card title',
      description: 'Front',
      author: 'Ada',
      date: '2025-01-01',
      image: '/abs/cover.png',
    });
  });

  it('falls back to an excerpt of the first real paragraph', () => {
    const html = `<html><body><article><p>Short.</p><p>${'Copper kettles need care, and this is how we give it to them every single day. '.repeat(4)}</p></article></body></html>`;
    const { description } = pagePost(html, 'T');
    expect(description.startsWith('Copper kettles need care')).toBe(true);
    expect(description.endsWith('…')).toBe(true);
    expect(description.length).toBeLessThanOrEqual(181);
  });
});

describe('readingMinutes', () => {
  it('counts words, and characters where scripts use no spaces', () => {
    expect(readingMinutes(words(10))).toBe(1);
    expect(readingMinutes(words(690))).toBe(3);
    expect(readingMinutes('銅'.repeat(1500))).toBe(3);
  });
});

describe('excerpt', () => {
  it('is empty when the post has no paragraph of prose', () => {
    expect(excerpt('<ul><li>one</li></ul>')).toBe('');
  });
});
