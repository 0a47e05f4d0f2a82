import { describe, expect, it } from 'vitest';
import { cardFromFrontmatter } from '../src/markdown/post-frontmatter.js';

const file = '/site/src/content/blog/post.md';
const root = '/site';

describe('cardFromFrontmatter', () => {
  it('reads the card’s title and image, and the post’s description, author and date', () => {
    expect(
      cardFromFrontmatter(
        {
          card: { title: 'Card title', image: './cover.png' },
          description: 'About copper',
          author: { name: 'Ada' },
          pubDate: new Date('2026-03-12T00:00:00Z'),
        },
        file,
        root,
      ),
    ).toEqual({
      title: 'Card title',
      image: '/site/src/content/blog/cover.png',
      description: 'About copper',
      author: 'Ada',
      date: '2026-03-12T00:00:00.000Z',
    });
  });

  it('finds a hero image in public/, and never a remote one', () => {
    expect(cardFromFrontmatter({ heroImage: '/images/hero.jpg' }, file, root).image).toBe(
      '/site/public/images/hero.jpg',
    );
    expect(cardFromFrontmatter({ image: 'https://cdn.example/x.png' }, file, root).image).toBeUndefined();
  });

  it('turns the card off with `card: false`, and ignores what it cannot read', () => {
    expect(cardFromFrontmatter({ card: false, title: 'T' }, file, root)).toEqual({ off: true });
    expect(cardFromFrontmatter({ date: 'not a date', author: 42 }, file, root)).toEqual({});
  });
});
