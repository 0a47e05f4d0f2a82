/**
 * A small, hand-counted history of two posts over three days, and the stats answer it must give.
 * The store contract runs it against SQLite and PostgreSQL: both must give exactly this answer.
 */
import { derivePageId, type SharecraftEvent } from '@sharecraft/protocol';
import { type EventRow, type NewCreation, type StatsAnswer, toRow } from '../dist/index.js';
import { cta, manifestOf } from './support.js';

export const ONE = derivePageId('/blog/one');
export const TWO = derivePageId('/blog/two');

const DAY = 86_400_000;
/** 2025-03-10, in days since the epoch. */
export const D0 = Date.UTC(2025, 2, 10) / DAY;

export const MANIFESTS = [
  manifestOf('build-1', {
    '/blog/one': {
      title: 'One',
      ctas: [cta('end.x'), cta('end.bluesky'), cta('end.copy', 'copy'), cta('end.remix', 'remix')],
    },
    '/blog/two': { title: 'Two', ctas: [cta('end.x')] },
  }),
  // A later build drops post two and retitles post one: two keeps its history, one its new title.
  manifestOf(
    'build-2',
    {
      '/blog/one': {
        title: 'One, revised',
        ctas: [cta('end.x'), cta('end.bluesky'), cta('end.copy', 'copy'), cta('end.remix', 'remix')],
      },
    },
    '2025-03-05T00:00:00.000Z',
  ),
];

const NETWORK: Record<string, string> = {
  'end.x': 'x',
  'end.bluesky': 'bluesky',
  'end.copy': 'copy',
  'end.remix': 'remix',
};

/** An event without its id, kind by kind. */
type WithoutId<T> = T extends unknown ? Omit<T, 'i'> : never;

let n = 0;
function row(day: number, visitor: string, event: WithoutId<SharecraftEvent>): EventRow {
  n += 1;
  const full = { ...event, i: `dataset-event-${String(n).padStart(4, '0')}` } as SharecraftEvent;
  const network = 'c' in full ? (NETWORK[full.c] ?? null) : null;
  return toRow(full, { receivedAt: (D0 + day) * DAY + n * 1000, visitor, network });
}

const T0 = 't0t0t0t0t0';
const T1 = 't1t1t1t1t1';
const T2 = 't2t2t2t2t2';
const T3 = 't3t3t3t3t3';
const T4 = 't4t4t4t4t4';

/** Every event, as the collector would have stored it. */
export const ROWS: EventRow[] = [
  // The day before the range: a share whose reader visits inside the range.
  row(-1, 'Z', { k: 's', p: ONE, c: 'end.x', t: T0 }),
  // Day 0: three direct views by two visitors, one via the earlier share, engagement, two shares, a remix.
  row(0, 'A', { k: 'v', p: ONE, r: 'd' }),
  row(0, 'B', { k: 'v', p: ONE, r: 'd' }),
  row(0, 'A', { k: 'v', p: ONE, r: 'd' }),
  row(0, 'F', { k: 'v', p: ONE, r: 'o', s: T0 }),
  row(0, 'A', { k: 'g', p: ONE, l: 'dataset-event-0002', t: 4000, d: 20 }),
  row(0, 'A', { k: 'g', p: ONE, l: 'dataset-event-0002', t: 12_000, d: 30 }),
  row(0, 'B', { k: 'g', p: ONE, l: 'dataset-event-0003', t: 3000, d: 60 }),
  row(0, 'A', { k: 'g', p: ONE, l: 'dataset-event-0004', t: 9999, d: 49 }),
  row(0, 'A', { k: 's', p: ONE, c: 'end.x', t: T1 }),
  row(0, 'B', { k: 'c', p: ONE, c: 'end.copy', t: T2 }),
  row(0, 'B', { k: 'x', p: ONE, c: 'end.remix' }),
  row(0, 'A', { k: 'v', p: TWO, r: 'd' }),
  // Day 1: visits through the shares, a second-generation share, its reader, an unknown token,
  // a creation and a third-generation quote.
  row(1, 'C', { k: 'v', p: ONE, s: T1 }),
  row(1, 'D', { k: 'v', p: ONE, s: T1 }),
  row(1, 'C', { k: 'v', p: ONE, s: T2 }),
  row(1, 'C', { k: 's', p: ONE, c: 'end.bluesky', t: T3, s: T1 }),
  row(1, 'E', { k: 'v', p: ONE, s: T3 }),
  row(1, 'G', { k: 'v', p: ONE, s: 'zzzzzzzzzz' }),
  row(1, 'E', { k: 'f', p: ONE, f: 'fan-art', s: T3 }),
  row(1, 'E', { k: 'q', p: ONE, c: 'end.x', t: T4, s: T3 }),
  // After the range: must not count.
  row(3, 'H', { k: 'v', p: ONE, r: 'd' }),
  row(3, 'H', { k: 's', p: ONE, c: 'end.x', t: 't5t5t5t5t5' }),
];

/** The query: day 0 and day 1, every page. */
export const QUERY = { fromDay: D0, toDay: D0 + 1 };

const zeros = { views: 0, visitors: 0, engagedViews: 0, shares: 0, remixes: 0, creations: 0 };

/** What the stats API must answer for `QUERY`, counted by hand. */
export const EXPECTED: StatsAnswer = {
  from: '2025-03-10',
  to: '2025-03-11',
  definitions: {
    engagedView: 'a page view visible and focused for at least 10 s, or scrolled at least 50 %',
    visitors: 'distinct visitors per UTC day (a salted hash of IP, user agent and site), summed over the days',
    days: 'UTC days, from and to included',
  },
  totals: { views: 10, visitors: 8, engagedViews: 2, shares: 4, remixes: 1, creations: 1 },
  pages: [
    {
      pageId: ONE,
      path: '/blog/one',
      title: 'One, revised',
      views: 9,
      visitors: 7,
      engagedViews: 2,
      shares: 4,
      remixes: 1,
      creations: 1,
      sharesByNetwork: { bluesky: 1, copy: 1, x: 2 },
      shareTree: {
        directVisits: 3,
        sharedVisits: 6,
        amplification: 2,
        depth: 2,
        sharesPerGeneration: [3, 1, 1],
        reachPerGeneration: [4, 1, 0],
        unattributedVisits: 1,
      },
      daily: [
        { date: '2025-03-10', views: 4, visitors: 3, engagedViews: 2, shares: 2, remixes: 1, creations: 0 },
        { date: '2025-03-11', views: 5, visitors: 4, engagedViews: 0, shares: 2, remixes: 0, creations: 1 },
      ],
    },
    {
      pageId: TWO,
      path: '/blog/two',
      title: 'Two',
      ...zeros,
      views: 1,
      visitors: 1,
      sharesByNetwork: {},
      shareTree: {
        directVisits: 1,
        sharedVisits: 0,
        amplification: 0,
        depth: 0,
        sharesPerGeneration: [],
        reachPerGeneration: [],
        unattributedVisits: 0,
      },
      daily: [
        { date: '2025-03-10', ...zeros, views: 1, visitors: 1 },
        { date: '2025-03-11', ...zeros },
      ],
    },
  ],
};

/** A submission as the creations handler (or the webmention receiver) stores one. */
function submission(
  id: string,
  pageId: string,
  day: number,
  kind: string,
  status: NewCreation['status'],
  token: string | null,
): NewCreation {
  return {
    id,
    kind: kind as NewCreation['kind'],
    status,
    formId: 'end',
    pageId,
    postUrl: 'https://blog.example/',
    title: id,
    text: '',
    links: [],
    credit: 'Ada',
    email: null,
    consent: true,
    licence: null,
    quote: null,
    token,
    verified: true,
    receiptHash: `receipt-${id}`,
    textHash: `text-${id}`,
    image: null,
    createdAt: (D0 + day) * DAY + 3_600_000,
  };
}

/**
 * Readers' submissions, each with the share token its author arrived with: T1 is a generation-1
 * share, T3 a generation-2 one (see ROWS).
 */
export const SUBMISSIONS: NewCreation[] = [
  submission('sub-gen1', ONE, 1, 'creation', 'pending', T1),
  submission('sub-gen2', ONE, 1, 'creation', 'approved', T3),
  submission('sub-letter', ONE, 0, 'letter', 'unread', null),
  submission('sub-mention', ONE, 1, 'mention', 'pending', null),
  submission('sub-unknown-token', ONE, 0, 'creation', 'rejected', 'zzzzzzzzzz'),
  // Spam counts nowhere; outside the range counts nowhere.
  submission('sub-spam', ONE, 1, 'creation', 'spam', T1),
  submission('sub-before', ONE, -1, 'creation', 'approved', T1),
  submission('sub-after', ONE, 2, 'creation', 'approved', T1),
  submission('sub-two', TWO, 0, 'creation', 'approved', null),
];

/** What `SUBMISSIONS` add to `EXPECTED` for `QUERY`, counted by hand. */
export const EXPECTED_SUBMITTED = {
  submittedByKind: { creation: 4, letter: 1, mention: 1 },
  pages: {
    [ONE]: {
      submittedByKind: { creation: 3, letter: 1, mention: 1 },
      daily: [
        { creation: 1, letter: 1, mention: 0 },
        { creation: 2, letter: 0, mention: 1 },
      ],
      creationsPerGeneration: [1, 1, 0],
      directCreations: 2,
      unattributedCreations: 1,
    },
    [TWO]: {
      submittedByKind: { creation: 1, letter: 0, mention: 0 },
      daily: [
        { creation: 1, letter: 0, mention: 0 },
        { creation: 0, letter: 0, mention: 0 },
      ],
      creationsPerGeneration: [],
      directCreations: 1,
      unattributedCreations: 0,
    },
  },
};

/** `EXPECTED` with `EXPECTED_SUBMITTED` merged in: the whole answer once submissions are counted. */
export function expectedWithSubmissions(): StatsAnswer {
  return {
    ...EXPECTED,
    submittedByKind: EXPECTED_SUBMITTED.submittedByKind,
    pages: EXPECTED.pages.map((page) => {
      const added = EXPECTED_SUBMITTED.pages[page.pageId] as (typeof EXPECTED_SUBMITTED.pages)[string];
      return {
        ...page,
        submittedByKind: added.submittedByKind,
        shareTree: {
          ...page.shareTree,
          creationsPerGeneration: added.creationsPerGeneration,
          directCreations: added.directCreations,
          unattributedCreations: added.unattributedCreations,
        },
        daily: page.daily.map((day, i) => ({ ...day, submittedByKind: added.daily[i] as Record<string, number> })),
      };
    }),
  };
}
