import { describe, expect, it } from 'vitest';
import { validateOptions } from '../src/validate-options.js';

function errorOf(input: unknown): { message: string; hint?: string; name: string } {
  try {
    validateOptions(input);
  } catch (error) {
    return error as { message: string; hint?: string; name: string };
  }
  throw new Error('expected validateOptions to throw');
}

describe('validateOptions', () => {
  it('fills in documented defaults', () => {
    const options = validateOptions({});
    expect(options.networks).toEqual(['native', 'x', 'linkedin', 'copy']);
    expect(options.utm).toBe(true);
    expect(options.selectionSharing).toBe(true);
    expect(options.posts.markdown).toBe(true);
    expect(options.posts.include).toContain('/blog/*');
    expect(options.strict).toBe(false);
    expect(options.cards).toEqual({ square: false, override: false });
    expect(validateOptions({ cards: false }).cards).toBe(false);
  });

  it('says what a card option should be, inside or outside the object', () => {
    expect(errorOf({ cards: 'yes' }).message).toContain('Option `cards` must be `false` or an object; got "yes"');
    expect(errorOf({ cards: { template: 3 } }).message).toContain(
      'Option `cards.template` must be a string or a function; got number 3',
    );
    expect(errorOf({ cards: { fonts: [{ path: 3, family: 'X' }] } }).message).toContain(
      'Option `cards.fonts.0.path` must be a string; got number 3',
    );
    expect(errorOf({ cards: { colour: {} } }).message).toContain('Unknown option `cards.colour`');
  });

  it('fills in the mounted collector’s defaults, and leaves it off unless asked', () => {
    expect(validateOptions({}).collector.mount).toBeUndefined();
    expect(validateOptions({ collector: { mount: false } }).collector.mount).toBeUndefined();
    expect(validateOptions({ collector: { mount: true } }).collector.mount).toEqual({
      path: '/_sharecraft',
      allowOrigins: [],
    });
    expect(validateOptions({ collector: { mount: { path: '/stats', rateLimit: 0 } } }).collector.mount).toMatchObject({
      path: '/stats',
      rateLimit: 0,
    });
  });

  it('names each wrong collector.mount value', () => {
    expect(errorOf({ collector: { mount: 'yes' } }).message).toContain(
      'Option `collector.mount` must be a boolean or an object; got "yes"',
    );
    expect(errorOf({ collector: { mount: { path: '/stats/' } } }).message).toContain(
      'Option `collector.mount.path`: a path like /_sharecraft',
    );
    expect(errorOf({ collector: { mount: { statsToken: 'short' } } }).message).toContain(
      'Option `collector.mount.statsToken`: at least 16 characters',
    );
    expect(errorOf({ collector: { mount: { allowOrigins: ['https://blog.example/'] } } }).message).toContain(
      'Option `collector.mount.allowOrigins.0`: an origin like https://blog.example',
    );
    expect(errorOf({ collector: { mount: { rateLimit: 10 } } }).message).toContain(
      'Option `collector.mount.rateLimit`: 0 (off) or at least 50',
    );
    expect(errorOf({ collector: { mount: { databse: 'x.db' } } }).message).toContain(
      'Unknown option `collector.mount.databse`',
    );
  });

  it('names an unknown option and hints where the options are documented', () => {
    const error = errorOf({ netwrks: ['x'] });
    expect(error.name).toBe('AstroUserError');
    expect(error.message).toContain('Unknown option `netwrks`');
    expect(error.hint).toMatch(/README/);
  });

  it('names a nested unknown option with its path', () => {
    expect(errorOf({ posts: { inclde: [] } }).message).toContain('`posts.inclde`');
  });

  it('names an option of the wrong type and the type expected', () => {
    const error = errorOf({ strict: 'yes' });
    expect(error.message).toContain('Option `strict` must be a boolean; got "yes"');
  });

  it('lists the allowed values for an unknown network', () => {
    const error = errorOf({ networks: ['x', 'myspace'] });
    expect(error.message).toContain('Option `networks.1` must be one of "native", "x", "bluesky"');
    expect(error.message).toContain('got "myspace"');
  });

  it('reports every problem at once', () => {
    const error = errorOf({ strict: 1, networks: 'x' });
    expect(error.message).toContain('`strict`');
    expect(error.message).toContain('Option `networks` must be an array');
  });
});
