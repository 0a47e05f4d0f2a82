import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MANIFEST_VERSION, parseManifest, parsePageSlice } from '../src/manifest.js';
import { derivePageId } from '../src/page-id.js';
import { pageSliceOf } from '../src/page-slice.js';

const page = {
  id: derivePageId('/blog/post'),
  path: '/blog/post',
  url: 'https://example.com/blog/post/',
  title: 'A post',
  contentHash: 'AbCdEfGhIjKlMn-_',
  cards: [{ url: 'https://example.com/_sharecraft/cards/abc.png', width: 1200, height: 630 }],
  ctas: [{ id: 'end.x', kind: 'share' as const, network: 'x', placement: 'end' }],
  forms: [{ id: 'remix-form', placement: 'end' }],
};
const manifest = {
  version: MANIFEST_VERSION,
  site: 'https://example.com/',
  buildId: 'b1',
  generatedAt: '2026-11-22T00:00:00.000Z',
  pages: [page],
};

describe('manifest', () => {
  it('accepts a well-formed manifest', () => {
    expect(parseManifest(manifest)).toEqual({ ok: true, value: manifest });
  });

  it('names the field that is wrong', () => {
    const result = parseManifest({ ...manifest, pages: [{ ...page, path: 'no-slash' }] });
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/^pages\.0\.path:/) });
  });

  it('refuses a card without its size, and a form id with spaces', () => {
    const noSize = { ...page, cards: [{ url: '/_sharecraft/cards/abc.png' }] };
    expect(parseManifest({ ...manifest, pages: [noSize] })).toEqual({
      ok: false,
      reason: expect.stringMatching(/^pages\.0\.cards\.0\.width:/),
    });
    const badForm = { ...page, forms: [{ id: 'my form', placement: 'end' }] };
    expect(parseManifest({ ...manifest, pages: [badForm] })).toEqual({
      ok: false,
      reason: expect.stringMatching(/^pages\.0\.forms\.0\.id:/),
    });
  });

  it('refuses a manifest of an unknown version', () => {
    expect(parseManifest({ ...manifest, version: 99 }).ok).toBe(false);
  });

  it('gives each page a slice with only its own id and the endpoint', () => {
    const slice = pageSliceOf(page.id, 'https://stats.example.com/api/events');
    expect(slice).toEqual({ v: 1, p: page.id, e: 'https://stats.example.com/api/events' });
    expect(parsePageSlice(slice).ok).toBe(true);
    expect(parsePageSlice({ ...slice, c: ['end.x'] })).toEqual({ ok: false, reason: expect.stringMatching(/c/) });
  });

  it('refuses a CTA id that is not `<placement>.<action>`', () => {
    const bad = { ...page, ctas: [{ ...page.ctas[0], id: 'abcdefghjk' }] };
    expect(parseManifest({ ...manifest, pages: [bad] })).toEqual({
      ok: false,
      reason: expect.stringMatching(/^pages\.0\.ctas\.0\.id:/),
    });
  });

  it('publishes a JSON Schema generated from the same definition', () => {
    const schema = JSON.parse(readFileSync(new URL('../dist/manifest.schema.json', import.meta.url), 'utf8'));
    expect(schema.$id).toBe(`urn:sharecraft:manifest:v${MANIFEST_VERSION}`);
    expect(schema.properties.version.const).toBe(MANIFEST_VERSION);
    expect(schema.required).toEqual(expect.arrayContaining(['version', 'site', 'buildId', 'pages']));
    expect(schema.properties.pages.items.required).toEqual(
      expect.arrayContaining(['id', 'path', 'url', 'title', 'contentHash', 'cards', 'ctas', 'forms']),
    );
  });
});
