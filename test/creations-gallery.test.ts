/**
 * What the build makes of approved creations, without a build: which records may be published
 * (approved creations and mentions; never letters, pending work or emails), what a malformed
 * source says, the gallery (by post, newest first, licences resolved, only web links, each image
 * named by its content under the site's base), and the `creations.source` option's checks.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreationRecord } from '@sharecraft/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreationsSourceError,
  loadCreations,
  publishedRecords,
} from '../packages/astro-sharecraft/src/creations/load-creations.js';
import { buildGallery, imageFileName } from '../packages/astro-sharecraft/src/creations/load-gallery.js';
import { validateOptions } from '../packages/astro-sharecraft/src/validate-options.js';
import { solidPng } from './helpers/png.js';

function record(overrides: Partial<CreationRecord>): CreationRecord {
  return {
    id: 'c1',
    kind: 'creation',
    status: 'approved',
    formId: 'end',
    pageId: 'p1',
    postUrl: 'https://blog.example/blog/one/',
    title: 'A title',
    text: 'Some text',
    links: [],
    credit: 'Someone',
    email: 'someone@mail.example',
    consent: true,
    licence: null,
    quote: null,
    token: null,
    verified: true,
    image: null,
    createdAt: '2026-11-01T09:00:00.000Z',
    moderatedAt: '2026-11-02T09:00:00.000Z',
    ...overrides,
  };
}

const quiet = { warn: () => {} };

describe('publishedRecords', () => {
  it('keeps approved creations only, and drops every email', () => {
    const kept = publishedRecords(
      [
        record({ id: 'shown' }),
        record({ id: 'queued', status: 'pending' }),
        record({ id: 'refused', status: 'rejected' }),
        record({ id: 'letter', kind: 'letter', status: 'read', consent: false }),
      ],
      'the test',
    );
    expect(kept.map((entry) => entry.id)).toEqual(['shown']);
    expect(JSON.stringify(kept)).not.toContain('@mail.example');
  });

  it('names the entry, its id and the field that breaks the contract', () => {
    const broken = { ...record({ id: 'odd' }), createdAt: 'yesterday' };
    expect(() => publishedRecords([record({}), broken], 'creations.json')).toThrowError(
      /Creation 2 \(id "odd"\) in creations\.json is not a creation record: `createdAt`/,
    );
    expect(() => publishedRecords({ creations: [] }, 'creations.json')).toThrowError(CreationsSourceError);
  });
});

describe('buildGallery', () => {
  const png = solidPng(4, 3, [1, 2, 3]);
  const gallery = buildGallery(
    [
      {
        record: record({
          id: 'old',
          createdAt: '2026-11-01T09:00:00.000Z',
          licence: 'cc-by-nc-4.0',
          links: ['javascript:alert(1)', 'not a url', 'https://art.example/x'],
          image: { type: 'image/png', width: 4, height: 3, bytes: png.length, alt: 'Dots', url: 'old.png' },
        }),
        image: { type: 'image/png', bytes: png },
      },
      { record: record({ id: 'new', createdAt: '2026-11-03T09:00:00.000Z', licence: 'cc-by-4.0' }), image: null },
      { record: record({ id: 'other', pageId: 'p2', licence: 'gone-licence' }), image: null },
    ],
    {
      base: '/docs/',
      licences: [{ id: 'cc-by-nc-4.0', label: 'CC BY-NC 4.0' }],
      from: 'creations.json',
      logger: quiet,
    },
  );

  it('groups creations by post, newest first', () => {
    expect(Object.keys(gallery.data).sort()).toEqual(['p1', 'p2']);
    expect(gallery.data.p1?.map((entry) => entry.id)).toEqual(['new', 'old']);
    expect(gallery.summary).toBe('3 approved creations for 2 posts from creations.json');
  });

  it("labels licences from the owner's list, then the defaults, then by their id", () => {
    expect(gallery.data.p1?.[1]?.licence).toEqual({ id: 'cc-by-nc-4.0', label: 'CC BY-NC 4.0' });
    expect(gallery.data.p1?.[0]?.licence).toMatchObject({ id: 'cc-by-4.0', label: 'CC BY 4.0' });
    expect(gallery.data.p2?.[0]?.licence).toEqual({ id: 'gone-licence', label: 'gone-licence' });
  });

  it('links the credit only to the first http(s) link', () => {
    expect(gallery.data.p1?.[1]?.link).toBe('https://art.example/x');
    expect(gallery.data.p1?.[0]?.link).toBeNull();
  });

  it('serves each image under the base, named by its content', () => {
    const image = gallery.data.p1?.[1]?.image;
    expect(image).toMatchObject({ width: 4, height: 3, alt: 'Dots' });
    expect(image?.src).toMatch(/^\/docs\/_sharecraft\/creations\/[\w-]{16}\.png$/);
    expect(gallery.files.get(image?.src ?? '')?.bytes).toEqual(png);
    // Other bytes, another name: a changed image never hides behind a cached one.
    expect(imageFileName({ type: 'image/png', bytes: solidPng(4, 3, [9, 9, 9]) })).not.toBe(
      image?.src.split('/').pop(),
    );
  });
});

describe('an export file', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sharecraft-gallery-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('says where the image should be when it is missing, and what to set', async () => {
    const png = solidPng(2, 2, [0, 0, 0]);
    await writeFile(
      join(work, 'creations.json'),
      JSON.stringify([
        record({ image: { type: 'image/png', width: 2, height: 2, bytes: png.length, alt: 'x', url: 'c1.png' } }),
      ]),
    );
    const load = loadCreations({ file: 'creations.json' }, { root: work, logger: quiet });
    await expect(load).rejects.toThrowError(
      `The image of creation c1 in ${join(work, 'creations.json')} is not at ${join(work, 'c1.png')}`,
    );
    await expect(load).rejects.toMatchObject({ hint: expect.stringContaining('`images`') });
  });

  it('refuses an image that is not the type its record says', async () => {
    await writeFile(join(work, 'fake.png'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await writeFile(
      join(work, 'fake.json'),
      JSON.stringify([
        record({ image: { type: 'image/png', width: 2, height: 2, bytes: 40, alt: 'x', url: 'fake.png' } }),
      ]),
    );
    await expect(loadCreations({ file: 'fake.json' }, { root: work, logger: quiet })).rejects.toThrowError(
      /is not the image\/png its record says/,
    );
  });

  it('names a missing token variable before asking the collector', async () => {
    await expect(
      loadCreations({ collector: 'http://127.0.0.1:9', token: 'MY_TOKEN' }, { root: work, logger: quiet, env: {} }),
    ).rejects.toThrowError(/the environment variable MY_TOKEN is not set/);
  });
});

describe('creations.source option', () => {
  it('takes a file, or a collector with the default token variable', () => {
    expect(validateOptions({ creations: { source: { file: 'creations.json' } } }).creations?.source).toEqual({
      file: 'creations.json',
    });
    expect(
      validateOptions({ creations: { source: { collector: 'https://stats.example.com', fallback: 'c.json' } } })
        .creations?.source,
    ).toEqual({ collector: 'https://stats.example.com', token: 'SHARECRAFT_ADMIN_TOKEN', fallback: 'c.json' });
  });

  it('refuses a collector that is not an http(s) URL, and a token that is not a variable name', () => {
    expect(() => validateOptions({ creations: { source: { collector: 'ftp://stats.example.com' } } })).toThrowError(
      /creations\.source\.collector/,
    );
    expect(() =>
      validateOptions({ creations: { source: { collector: 'https://stats.example.com', token: 'abc def' } } }),
    ).toThrowError(/name an environment variable/);
    expect(() => validateOptions({ creations: { source: { file: 'a.json', token: 'X' } } })).toThrowError(
      /Invalid Sharecraft options/,
    );
  });
});
