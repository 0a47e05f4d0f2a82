/**
 * What the build makes of approved creations, without a build: which records may be published
 * (approved creations and mentions; never letters, pending work or emails), what a malformed
 * source says, the gallery (by post, newest first, licences resolved, only web links, each image
 * named by its content under the site's base), what a real collector with its owner API off says,
 * that the token goes to the collector's origin only, and the `creations.source` option's checks.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
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
import { type CollectorProcess, freePort, startCollector } from './helpers/processes.js';

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

describe('a real collector without an admin token', () => {
  let dir: string;
  let collector: CollectorProcess;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sharecraft-gallery-off-'));
    collector = await startCollector({ db: join(dir, 'off.db'), port: await freePort() });
  }, 60_000);
  afterAll(async () => {
    await collector?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("passes on the collector's reason: its owner API is off", async () => {
    const load = loadCreations(
      { collector: collector.url, token: 'T' },
      { root: '/', logger: quiet, env: { T: 'secret-token-1234' } },
    );
    await expect(load).rejects.toThrowError(/did not list creations: 404 creations_api_disabled: .*admin/i);
  });
});

/** A server that answers what no real collector would: a record whose image is on another origin. */
describe('a collector that answers oddly', () => {
  let server: Server;
  let base: string;
  /** What each path answers, and the authorization headers requests came with. */
  const answers = new Map<string, { status: number; body: string }>();
  const seen: { path: string; authorization: string | undefined }[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      const path = (request.url ?? '').split('?')[0] as string;
      seen.push({ path, authorization: request.headers.authorization });
      const answer = answers.get(path) ?? { status: 404, body: '{}' };
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });
  const load = () =>
    loadCreations({ collector: base, token: 'T' }, { root: '/', logger: quiet, env: { T: 'secret-token-1234' } });

  it('sends the token to no other origin than the collector’s', async () => {
    answers.set('/api/creations', {
      status: 200,
      body: JSON.stringify([
        record({
          image: { type: 'image/png', width: 1, height: 1, bytes: 1, alt: '', url: 'http://localhost:9/steal.png' },
        }),
      ]),
    });
    seen.length = 0;
    await expect(load()).rejects.toThrowError(/on another origin \(http:\/\/localhost:9\/steal\.png\)/);
    expect(seen).toEqual([{ path: '/api/creations', authorization: 'Bearer secret-token-1234' }]);
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
