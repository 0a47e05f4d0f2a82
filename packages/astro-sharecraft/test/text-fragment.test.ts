import { describe, expect, it } from 'vitest';
import { textFragment, urlToPassage } from '../src/share/text-fragment.js';

describe('text fragments for shared quotes', () => {
  it('matches a short passage whole, encoding the characters the syntax reserves', () => {
    expect(textFragment('Copper - hot, then cold & calm')).toBe(
      '#:~:text=Copper%20%2D%20hot%2C%20then%20cold%20%26%20calm',
    );
  });

  it('matches a long passage by its first and last five words', () => {
    const passage = 'one two three four five six seven eight nine ten eleven twelve';
    expect(textFragment(passage)).toBe('#:~:text=one%20two%20three%20four%20five,eight%20nine%20ten%20eleven%20twelve');
  });

  it('folds whitespace, as browsers do when they match', () => {
    expect(textFragment('  a\n  quoted\tline ')).toBe('#:~:text=a%20quoted%20line');
  });

  it('replaces any fragment the URL had and keeps its query', () => {
    expect(urlToPassage('https://b.example/p/?utm_source=x#top', 'hello world')).toBe(
      'https://b.example/p/?utm_source=x#:~:text=hello%20world',
    );
  });

  it('encodes non-Latin passages', () => {
    const fragment = textFragment('銅のやかん');
    expect(decodeURIComponent(fragment.slice('#:~:text='.length))).toBe('銅のやかん');
  });
});
