/**
 * The creation store's contract, run against a real SQLite file and a real PostgreSQL server:
 * a creation and its image stored together, read back as the owner's API gives them, filtered,
 * moderated, deleted for good (image and email gone), found by receipt, purged after 30 days when
 * spam or rejected, a solved challenge used once, duplicates seen, and the counts the stats show.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { derivePageId } from '@sharecraft/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EventStore,
  type NewCreation,
  openPostgresStore,
  openSqliteStore,
} from '../packages/collector/dist/index.js';
import { manifestOf } from '../packages/collector/test/support.js';
import { startTemporaryPostgres, type TemporaryPostgres } from './helpers/postgres.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1, 12);
const PAGE = derivePageId('/blog/made');
const OTHER = derivePageId('/blog/other');

let work: string;
let pg: TemporaryPostgres;
let databases = 0;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sharecraft-creations-'));
  pg = await startTemporaryPostgres();
});

afterAll(async () => {
  pg?.destroy();
  await rm(work, { recursive: true, force: true });
});

interface Backend {
  name: string;
  /** A fresh database: how to open it, and (SQLite) the files it lives in. */
  fresh(): { open(): Promise<EventStore>; files: string[] };
}

const backends: Backend[] = [
  {
    name: 'SQLite',
    fresh() {
      databases += 1;
      const file = join(work, `creations-${databases}.db`);
      return { open: () => openSqliteStore(file), files: [file, `${file}-wal`] };
    },
  },
  {
    name: 'PostgreSQL',
    fresh() {
      databases += 1;
      const url = pg.createDatabase(`creations_${databases}`);
      return { open: () => openPostgresStore(url), files: [] };
    },
  },
];

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let sequence = 0;

/** A creation as the handler would store it, with fields overridden. */
function creation(overrides: Partial<NewCreation> = {}): NewCreation {
  sequence += 1;
  return {
    id: `c${sequence}-${randomBytes(6).toString('hex')}`,
    kind: 'creation',
    status: 'pending',
    formId: 'end',
    pageId: PAGE,
    postUrl: 'https://blog.example/blog/made/',
    title: `Fan art ${sequence}`,
    text: 'A drawing of the lighthouse.\nIn ink.',
    links: ['https://art.example/lighthouse'],
    credit: 'Ada',
    email: `ada${sequence}@mail.example`,
    consent: true,
    licence: 'cc-by-4.0',
    quote: null,
    token: null,
    verified: true,
    receiptHash: sha256(`receipt-${sequence}-${Math.random()}`),
    textHash: sha256(`text-${sequence}`),
    image: null,
    createdAt: NOW,
    ...overrides,
  };
}

/** Bytes no database would make up: a marker the image column must give back exactly. */
function imageBytes(marker: string): Uint8Array {
  return new Uint8Array([0xff, 0xd8, 0xff, ...Buffer.from(marker), ...randomBytes(200)]);
}

describe.each(backends)('creation store on $name', (backend) => {
  it('stores a creation with its image and gives it back as the owner sees it', async () => {
    const store = await backend.fresh().open();
    try {
      const bytes = imageBytes('lighthouse-image');
      const stored = creation({
        links: ['https://art.example/a', 'http://art.example/b'],
        quote: 'the sea was calm',
        token: 'abcdefghjk',
        image: { type: 'image/jpeg', width: 640, height: 480, alt: 'A lighthouse in ink', bytes },
      });
      await store.creations.insert(stored);
      const record = await store.creations.get(stored.id);
      expect(record).toEqual({
        id: stored.id,
        kind: 'creation',
        status: 'pending',
        formId: 'end',
        pageId: PAGE,
        postUrl: 'https://blog.example/blog/made/',
        title: stored.title,
        text: 'A drawing of the lighthouse.\nIn ink.',
        links: ['https://art.example/a', 'http://art.example/b'],
        credit: 'Ada',
        email: stored.email,
        consent: true,
        licence: 'cc-by-4.0',
        quote: 'the sea was calm',
        token: 'abcdefghjk',
        verified: true,
        image: {
          type: 'image/jpeg',
          width: 640,
          height: 480,
          bytes: bytes.byteLength,
          alt: 'A lighthouse in ink',
          url: `/api/creations/${stored.id}/image`,
        },
        createdAt: new Date(NOW).toISOString(),
        moderatedAt: null,
      });
      const image = await store.creations.image(stored.id);
      expect(image?.type).toBe('image/jpeg');
      expect(Buffer.from(image?.bytes ?? []).equals(Buffer.from(bytes))).toBe(true);
      expect(await store.creations.get('no-such-id')).toBeUndefined();
      expect(await store.creations.image('no-such-id')).toBeUndefined();

      const letter = creation({ kind: 'letter', status: 'unread', consent: false, licence: null, email: null });
      await store.creations.insert(letter);
      const read = await store.creations.get(letter.id);
      expect(read).toMatchObject({ kind: 'letter', status: 'unread', consent: false, licence: null, image: null });
      expect(read && 'email' in read).toBe(false);
      expect(await store.creations.image(letter.id)).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('keeps what it stored across a restart', async () => {
    const database = backend.fresh();
    let store = await database.open();
    const stored = creation({ image: { type: 'image/png', width: 1, height: 1, alt: '', bytes: imageBytes('png') } });
    await store.creations.insert(stored);
    await store.close();
    store = await database.open();
    try {
      expect((await store.creations.get(stored.id))?.title).toBe(stored.title);
      expect((await store.creations.image(stored.id))?.bytes.byteLength).toBe(stored.image?.bytes.byteLength);
    } finally {
      await store.close();
    }
  });

  it('lists newest first, filtered by status, kind and page, up to the limit', async () => {
    const store = await backend.fresh().open();
    try {
      const a = creation({ createdAt: NOW - 3000 });
      const b = creation({ createdAt: NOW - 2000, status: 'approved' });
      const c = creation({ createdAt: NOW - 1000, pageId: OTHER });
      const letter = creation({ createdAt: NOW, kind: 'letter', status: 'unread', consent: false, licence: null });
      for (const entry of [a, b, c, letter]) await store.creations.insert(entry);
      const ids = async (query?: Parameters<EventStore['creations']['list']>[0]) =>
        (await store.creations.list(query)).map((record) => record.id);
      expect(await ids()).toEqual([letter.id, c.id, b.id, a.id]);
      expect(await ids({ status: 'pending' })).toEqual([c.id, a.id]);
      expect(await ids({ status: ['approved', 'unread'] })).toEqual([letter.id, b.id]);
      expect(await ids({ status: [] })).toEqual([]);
      expect(await ids({ kind: 'letter' })).toEqual([letter.id]);
      expect(await ids({ kind: 'creation', pageId: PAGE })).toEqual([b.id, a.id]);
      expect(await ids({ limit: 2 })).toEqual([letter.id, c.id]);
    } finally {
      await store.close();
    }
  });

  it('moderates: sets the status and the moderation time, false for an unknown id', async () => {
    const store = await backend.fresh().open();
    try {
      const stored = creation();
      await store.creations.insert(stored);
      expect(await store.creations.setStatus(stored.id, 'approved', NOW + 5000)).toBe(true);
      expect(await store.creations.get(stored.id)).toMatchObject({
        status: 'approved',
        moderatedAt: new Date(NOW + 5000).toISOString(),
      });
      expect(await store.creations.setStatus('no-such-id', 'approved', NOW)).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('deletes a creation for good: row, image and email gone, also from the file', async () => {
    const database = backend.fresh();
    const store = await database.open();
    const email = `erase-me-${randomBytes(4).toString('hex')}@mail.example`;
    const marker = `erase-image-${randomBytes(4).toString('hex')}`;
    const stored = creation({
      email,
      image: { type: 'image/jpeg', width: 2, height: 2, alt: 'x', bytes: imageBytes(marker) },
    });
    const kept = creation();
    try {
      await store.creations.insert(stored);
      await store.creations.insert(kept);
      expect(await store.creations.delete(stored.id)).toBe(true);
      expect(await store.creations.get(stored.id)).toBeUndefined();
      expect(await store.creations.image(stored.id)).toBeUndefined();
      expect(await store.creations.byReceipt(stored.receiptHash)).toBeUndefined();
      expect(await store.creations.delete(stored.id)).toBe(false);
      expect((await store.creations.get(kept.id))?.id).toBe(kept.id);
    } finally {
      await store.close();
    }
    // SQLite overwrites deleted content (secure_delete): neither the email nor the image is left in the file.
    for (const file of database.files) {
      const content = await readFile(file).catch(() => Buffer.alloc(0));
      expect(content.includes(email)).toBe(false);
      expect(content.includes(marker)).toBe(false);
    }
  });

  it('finds a creation by the hash of its receipt secret, and by nothing else', async () => {
    const store = await backend.fresh().open();
    try {
      const stored = creation({ receiptHash: sha256('the-secret') });
      await store.creations.insert(stored);
      expect((await store.creations.byReceipt(sha256('the-secret')))?.id).toBe(stored.id);
      expect(await store.creations.byReceipt(sha256('another-secret'))).toBeUndefined();
      expect(await store.creations.byReceipt('the-secret')).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('purges spam and rejected entries older than the cut-off, with their images, and nothing else', async () => {
    const store = await backend.fresh().open();
    try {
      const old = NOW - 31 * DAY;
      const image = () => ({ type: 'image/webp' as const, width: 3, height: 3, alt: '', bytes: imageBytes('purge') });
      const spam = creation({ status: 'spam', createdAt: old, image: image() });
      const rejected = creation({ createdAt: old });
      const recentSpam = creation({ status: 'spam', createdAt: NOW - DAY });
      const oldPending = creation({ createdAt: old });
      const oldApproved = creation({ createdAt: old });
      const rejectedLately = creation({ createdAt: old });
      for (const entry of [spam, rejected, recentSpam, oldPending, oldApproved, rejectedLately]) {
        await store.creations.insert(entry);
      }
      await store.creations.setStatus(rejected.id, 'rejected', old + 1000);
      await store.creations.setStatus(oldApproved.id, 'approved', old + 1000);
      await store.creations.setStatus(rejectedLately.id, 'rejected', NOW - DAY);

      expect(await store.creations.purge(NOW - 30 * DAY)).toBe(2);
      const left = (await store.creations.list()).map((record) => record.id).sort();
      expect(left).toEqual([recentSpam.id, oldPending.id, oldApproved.id, rejectedLately.id].sort());
      expect(await store.creations.image(spam.id)).toBeUndefined();
      expect(await store.creations.purge(NOW - 30 * DAY)).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('accepts a solved challenge once and refuses its replay, also on another connection', async () => {
    const database = backend.fresh();
    const store = await database.open();
    const second = await database.open();
    try {
      const expires = Date.now() + 600_000;
      expect(await store.creations.useChallenge('signature-1', expires)).toBe(true);
      expect(await store.creations.useChallenge('signature-1', expires)).toBe(false);
      expect(await second.creations.useChallenge('signature-1', expires)).toBe(false);
      expect(await second.creations.useChallenge('signature-2', expires)).toBe(true);
      // Two replicas racing with the same solution: exactly one wins.
      const race = await Promise.all([
        store.creations.useChallenge('signature-3', expires),
        second.creations.useChallenge('signature-3', expires),
      ]);
      expect(race.filter(Boolean)).toHaveLength(1);
    } finally {
      await second.close();
      await store.close();
    }
  });

  it('tells whether the same text was stored since a time', async () => {
    const store = await backend.fresh().open();
    try {
      await store.creations.insert(creation({ textHash: sha256('same text'), createdAt: NOW - 2 * DAY }));
      expect(await store.creations.hasTextSince(sha256('same text'), NOW - DAY)).toBe(false);
      expect(await store.creations.hasTextSince(sha256('same text'), NOW - 3 * DAY)).toBe(true);
      await store.creations.insert(creation({ textHash: sha256('same text'), createdAt: NOW - 1000 }));
      expect(await store.creations.hasTextSince(sha256('same text'), NOW - DAY)).toBe(true);
      expect(await store.creations.hasTextSince(sha256('other text'), 0)).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('counts creations (not spam), approved ones and letters per page', async () => {
    const store = await backend.fresh().open();
    try {
      const entries = [
        creation(),
        creation({ status: 'approved' }),
        creation({ status: 'spam' }),
        creation({ status: 'rejected' }),
        creation({ kind: 'letter', status: 'unread', consent: false, licence: null }),
        creation({ kind: 'letter', status: 'read', consent: false, licence: null }),
        creation({ kind: 'letter', status: 'spam', consent: false, licence: null }),
        creation({ pageId: OTHER, status: 'approved' }),
      ];
      for (const entry of entries) await store.creations.insert(entry);
      expect(await store.creations.counts()).toEqual(
        [
          { pageId: PAGE, creations: 3, approved: 1, letters: 2 },
          { pageId: OTHER, creations: 1, approved: 1, letters: 0 },
        ].sort((x, y) => (x.pageId < y.pageId ? -1 : 1)),
      );
      expect(await store.creations.counts(OTHER)).toEqual([{ pageId: OTHER, creations: 1, approved: 1, letters: 0 }]);
      expect(await store.creations.counts(derivePageId('/blog/none'))).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('keeps one secret per name, the same across connections and restarts', async () => {
    const database = backend.fresh();
    let store = await database.open();
    const first = await store.secret('altcha');
    expect(first).toHaveLength(32);
    const other = await store.secret('other');
    expect(Buffer.from(other).equals(Buffer.from(first))).toBe(false);
    await store.close();
    store = await database.open();
    try {
      expect(Buffer.from(await store.secret('altcha')).equals(Buffer.from(first))).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('keeps every form of every manifest version', async () => {
    const store = await backend.fresh().open();
    try {
      await store.recordManifest(manifestOf('b1', { '/blog/made': { title: 'Made', ctas: [], forms: ['end'] } }));
      await store.recordManifest(
        manifestOf('b2', {
          '/blog/made': { title: 'Made', ctas: [], forms: ['fan-art'] },
          '/blog/other': { title: 'Other', ctas: [] },
        }),
      );
      const forms = await store.knownForms();
      expect([...(forms.get(PAGE) ?? [])].sort()).toEqual(['end', 'fan-art']);
      expect(forms.get(OTHER)).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});
