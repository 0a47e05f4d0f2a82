/** The stats API in process, on a real SQLite file holding the hand-counted history. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createBearerCheck,
  createStatsHandler,
  type EventStore,
  type NewCreation,
  openSqliteStore,
  parseStatsQuery,
} from '../dist/index.js';
import { D0, EXPECTED, MANIFESTS, ROWS, TWO } from './stats-dataset.js';

const TOKEN = 'correct-horse-battery-staple';

let work: string;
let store: EventStore;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sharecraft-stats-'));
  store = await openSqliteStore(join(work, 'events.db'));
  for (const manifest of MANIFESTS) await store.recordManifest(manifest);
  await store.insertEvents(ROWS);
  for (const [id, kind, status] of [
    ['made-1', 'creation', 'approved'],
    ['made-2', 'creation', 'spam'],
    ['letter-1', 'letter', 'unread'],
  ] as const) {
    await store.creations.insert(submission(id, kind, status));
  }
});

/** A submission on page TWO, as the creations handler stores one. */
function submission(id: string, kind: NewCreation['kind'], status: NewCreation['status']): NewCreation {
  return {
    id,
    kind,
    status,
    formId: 'end',
    pageId: TWO,
    postUrl: 'https://blog.example/two/',
    title: id,
    text: '',
    links: [],
    credit: 'Ada',
    email: null,
    consent: kind === 'creation',
    licence: kind === 'creation' ? 'cc-by-4.0' : null,
    quote: null,
    token: null,
    verified: true,
    receiptHash: `receipt-${id}`,
    textHash: `text-${id}`,
    image: null,
    createdAt: D0 * 86_400_000,
  };
}

afterAll(async () => {
  await store?.close();
  await rm(work, { recursive: true, force: true });
});

/** The handler; `null` configures no token. */
const stats = (token: string | null = TOKEN) =>
  createStatsHandler({ store, token: token ?? undefined, now: () => (D0 + 1) * 86_400_000 + 3_600_000, log: () => {} });

/** A stats request; `null` sends no Authorization header. */
function get(query: string, authorization: string | null = `Bearer ${TOKEN}`, method = 'GET') {
  return new Request(`http://collector.test/api/stats${query}`, {
    method,
    headers: authorization === null ? {} : { authorization },
  });
}

describe('the stats API', () => {
  it('answers the ladder, networks, share tree, daily series and submissions per page', async () => {
    const response = await stats()(get('?from=2025-03-10&to=2025-03-11'));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    // Spam counts nowhere; the letter counts as a letter only.
    const two = { creations: 1, approved: 1, letters: 1 };
    const none = { creations: 0, approved: 0, letters: 0 };
    // In the range: on TWO, a creation and a letter from direct visitors, both on the first day.
    const kinds = (creation: number, letter: number) => ({ creation, letter, mention: 0 });
    expect(await response.json()).toEqual({
      ...EXPECTED,
      submissions: two,
      submittedByKind: kinds(1, 1),
      pages: EXPECTED.pages.map((page) => {
        const onTwo = page.pageId === TWO;
        return {
          ...page,
          submissions: onTwo ? two : none,
          submittedByKind: onTwo ? kinds(1, 1) : kinds(0, 0),
          shareTree: {
            ...page.shareTree,
            creationsPerGeneration: page.shareTree.sharesPerGeneration.map(() => 0),
            directCreations: onTwo ? 2 : 0,
            unattributedCreations: 0,
          },
          daily: page.daily.map((day, i) => ({
            ...day,
            submittedByKind: onTwo && i === 0 ? kinds(1, 1) : kinds(0, 0),
          })),
        };
      }),
    });
  });

  it('defaults to the 30 days up to today, and narrows to one page', async () => {
    const answer = await (await stats()(get(`?page=${TWO}`))).json();
    expect(answer.from).toBe('2025-02-10');
    expect(answer.to).toBe('2025-03-11');
    expect(answer.pages).toHaveLength(1);
    expect(answer.pages[0].daily).toHaveLength(30);
    expect(answer.totals.views).toBe(1);
  });

  it.each([
    ['no Authorization header', null],
    ['a wrong token', 'Bearer correct-horse-battery-stapl3'],
    ['a longer token', `Bearer ${TOKEN}x`],
    ['the token without the Bearer scheme', TOKEN],
    ['Basic authentication', `Basic ${btoa(`user:${TOKEN}`)}`],
  ])('refuses %s with 401', async (_name, authorization) => {
    const response = await stats()(get('', authorization));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await response.json()).error).toBe('unauthorized');
  });

  it.each([
    ['?from=2025-3-10', /from "2025-3-10" is not a date; write it as YYYY-MM-DD/],
    ['?to=2025-02-30', /to "2025-02-30" is not a date/],
    ['?from=2025-03-12&to=2025-03-11', /from 2025-03-12 is after to 2025-03-11; swap them/],
    ['?from=2020-01-01&to=2025-01-01', /is 1828 days; ask for at most 731/],
    ['?page=Not-An-Id', /page "Not-An-Id" is not a page id/],
  ])('explains a bad query %s with 400', async (query, reason) => {
    const response = await stats()(get(query));
    expect(response.status).toBe(400);
    expect((await response.json()).reason).toMatch(reason);
  });

  it('says 404 for a page nobody knows, and 405 for anything but GET', async () => {
    const unknown = await stats()(get('?page=zzzzzzzzzzzz'));
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toBe('unknown_page');
    expect((await stats()(get('', `Bearer ${TOKEN}`, 'POST'))).status).toBe(405);
  });

  it('is off, with a 404 saying how to turn it on, when no token is configured', async () => {
    const response = await stats(null)(get(''));
    expect(response.status).toBe(404);
    expect((await response.json()).reason).toContain('--stats-token');
  });
});

describe('createBearerCheck', () => {
  const check = createBearerCheck(TOKEN);
  const withHeader = (value: string) => new Request('http://x/', { headers: { authorization: value } });

  it('accepts the token in any case of the scheme, and nothing else', () => {
    expect(check(withHeader(`Bearer ${TOKEN}`))).toBe(true);
    expect(check(withHeader(`bearer ${TOKEN}`))).toBe(true);
    expect(check(withHeader('Bearer '))).toBe(false);
    expect(check(withHeader(`Bearer ${TOKEN.slice(0, -1)}`))).toBe(false);
    expect(check(new Request('http://x/'))).toBe(false);
  });
});

describe('parseStatsQuery', () => {
  it('reads UTC days, both ends included', () => {
    const result = parseStatsQuery(new URLSearchParams('from=2025-03-10&to=2025-03-10'), 0);
    expect(result).toEqual({ ok: true, query: { fromDay: D0, toDay: D0 } });
  });
});
