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
import { type NewCreation, type OpenedCollector, openCollector, openSqliteStore } from '../dist/index.js';
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

describe('openCollector with reader creations', () => {
  const DAY = 86_400_000;
  const submission = (id: string, status: NewCreation['status'], createdAt: number): NewCreation => ({
    id,
    kind: 'creation',
    status,
    formId: 'end',
    pageId: POST,
    postUrl: `${SITE}/blog/post/`,
    title: id,
    text: '',
    links: [],
    credit: 'Ada',
    email: `${id}@mail.example`,
    consent: true,
    licence: 'cc-by-4.0',
    quote: null,
    token: null,
    verified: true,
    receiptHash: `receipt-${id}`,
    textHash: `text-${id}`,
    image: null,
    createdAt,
  });

  it('deletes spam and rejected submissions older than 30 days when it opens, and keeps the rest', async () => {
    const file = join(work, 'purge.db');
    const store = await openSqliteStore(file);
    const old = Date.now() - 31 * DAY;
    await store.creations.insert(submission('old-spam', 'spam', old));
    await store.creations.insert(submission('old-rejected', 'pending', old));
    await store.creations.setStatus('old-rejected', 'rejected', old);
    await store.creations.insert(submission('old-pending', 'pending', old));
    await store.creations.insert(submission('new-spam', 'spam', Date.now() - DAY));
    await store.close();

    const opened = await openCollector({ db: file, manifests: [], allowedOrigins: ['*'], log: quiet });
    try {
      // The purge runs in the background as the collector opens: wait for it, not for a time.
      const ids = async () => (await opened.store.creations.list()).map((record) => record.id).sort();
      while ((await ids()).length > 2) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await ids()).toEqual(['new-spam', 'old-pending']);
    } finally {
      await opened.close();
    }
  });

  it('answers the creation paths under a mount prefix, with the receipt under the same prefix', async () => {
    const manifest = join(work, 'forms.json');
    await writeFile(
      manifest,
      JSON.stringify(manifestOf('b1', { '/blog/post': { title: 'Post', ctas: [], forms: ['end'] } })),
    );
    const mounted = await openCollector({
      db: join(work, 'mounted.db'),
      manifests: [manifest],
      allowedOrigins: ['self'],
      log: quiet,
    });
    try {
      const challenge = await mounted.creations(
        new Request(`${SITE}/_sharecraft/api/creations/challenge`, { headers: { origin: SITE } }),
      );
      expect(challenge.status).toBe(200);
      expect((await challenge.json()).parameters.algorithm).toBe('SHA-256');

      const form = new FormData();
      for (const [name, value] of Object.entries({
        'sc-form': 'end',
        'sc-page': POST,
        'sc-post': `${SITE}/blog/post/`,
        title: 'Mounted',
        credit: 'Ada',
        consent: 'yes',
        licence: 'site-only',
      })) {
        form.append(name, value);
      }
      const response = await mounted.creations(
        new Request(`${SITE}/_sharecraft/api/creations`, {
          method: 'POST',
          body: form,
          headers: { origin: SITE, accept: 'application/json' },
        }),
      );
      expect(response.status).toBe(201);
      const { receiptUrl } = await response.json();
      expect(receiptUrl).toMatch(new RegExp(`^${SITE}/_sharecraft/creations/receipt/[^/]+$`));
      const receipt = await mounted.creations(new Request(receiptUrl));
      expect(receipt.status).toBe(200);
      expect(await receipt.text()).toContain('Mounted');
    } finally {
      await mounted.close();
    }
  });
});
