/**
 * `openCollector`, the one code path `sharecraft serve` and a collector mounted in an Astro site
 * share: it opens the store and the manifests, answers with the same handlers, and closes cleanly.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { derivePageId } from '@sharecraft/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenedCollector, openCollector } from '../dist/index.js';
import { batch, cta, manifestOf, READER_UA, view } from './support.js';

const SITE = 'https://blog.example';
const POST = derivePageId('/blog/post');
const TOKEN = 'a-long-random-stats-token';
const quiet = { info: () => {}, error: () => {} };

let work: string;
let db: string;
let manifestFile: string;
let collector: OpenedCollector;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sharecraft-open-'));
  db = join(work, 'events.db');
  manifestFile = join(work, 'manifest.json');
  await writeFile(
    manifestFile,
    JSON.stringify(manifestOf('b1', { '/blog/post': { title: 'Post', ctas: [cta('end.x')] } })),
  );
  collector = await openCollector({
    db,
    manifests: [manifestFile],
    allowedOrigins: ['self'],
    allowedOriginsSetting: 'collector.mount.allowOrigins',
    statsToken: TOKEN,
    rateLimit: 0,
    log: quiet,
  });
});

afterAll(async () => {
  await collector?.close();
  await rm(work, { recursive: true, force: true });
});

const send = (handler: (request: Request) => Promise<Response>, body: string, origin: string) =>
  handler(
    new Request(`${SITE}/_sharecraft/api/events`, {
      method: 'POST',
      body,
      headers: { origin, 'user-agent': READER_UA, 'content-type': 'text/plain' },
    }),
  );

describe('openCollector', () => {
  it('opens the database and the manifests, and stores events for known pages from its own origin', async () => {
    expect(collector.manifests.pageCount).toBe(1);
    const event = view(POST);
    const response = await send(collector.ingest, batch(event), SITE);
    expect(response.status).toBe(202);
    expect((await collector.store.eventsForPage(POST)).map((row) => row.id)).toContain(event.i);
  });

  it('refuses a page in no manifest, and another origin, naming the setting to change', async () => {
    const unknown = await send(collector.ingest, batch(view(derivePageId('/blog/nowhere'))), SITE);
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).error).toBe('unknown_page');
    const foreign = await send(collector.ingest, batch(view(POST)), 'https://evil.example');
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).reason).toContain('collector.mount.allowOrigins');
  });

  it('serves the stats behind its token, and every path from one fetch handler', async () => {
    const stats = (authorization?: string) =>
      collector.stats(
        new Request(`${SITE}/_sharecraft/api/stats`, authorization ? { headers: { authorization } } : {}),
      );
    expect((await stats()).status).toBe(401);
    const answer = await stats(`Bearer ${TOKEN}`);
    expect(answer.status).toBe(200);
    expect((await answer.json()).totals.views).toBeGreaterThanOrEqual(1);
    expect((await collector.fetch(new Request(`${SITE}/healthz`))).status).toBe(200);
  });

  it('fails to open, naming the manifest, when a manifest cannot be read', async () => {
    const missing = join(work, 'missing.json');
    await expect(
      openCollector({ db: join(work, 'other.db'), manifests: [missing], allowedOrigins: ['*'], log: quiet }),
    ).rejects.toThrow(missing);
  });

  it('commits what it acknowledged and closes the database', async () => {
    const second = await openCollector({
      db: join(work, 'closing.db'),
      manifests: [],
      allowedOrigins: ['*'],
      log: quiet,
    });
    const event = view(POST);
    expect((await send(second.ingest, batch(event), SITE)).status).toBe(202);
    await second.close();
    const connection = new DatabaseSync(join(work, 'closing.db'), { readOnly: true });
    try {
      expect(
        connection
          .prepare('SELECT id FROM events')
          .all()
          .map((row) => row.id),
      ).toEqual([event.i]);
    } finally {
      connection.close();
    }
  });
});
