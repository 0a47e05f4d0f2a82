import {
  CREATION_KINDS,
  rebuildShareTree,
  type ShareRecord,
  type ShareTreeStats,
  type VisitRecord,
} from '@sharecraft/protocol';
import type { CreationTally } from '../creations/creation-store.js';
import type { RawStats } from '../storage/event-store.js';
import { ENGAGED_VIEW_DEFINITION } from './definitions.js';
import { dateOf, type StatsQuery } from './range.js';

/** The ladder's counts, for a page over the range or for one day. */
export interface LadderCounts {
  views: number;
  /** Distinct visitors per day, summed over the days (the daily salt makes days unlinkable). */
  visitors: number;
  engagedViews: number;
  shares: number;
  remixes: number;
  creations: number;
}

/**
 * Every kind a reader can submit, counted even when zero: the form's creations and letters, and
 * webmentions (kind `mention`).
 */
export const SUBMISSION_KINDS: readonly string[] = [...new Set<string>([...CREATION_KINDS, 'mention'])];

/** Submissions received (spam left out, any other status) per kind: `{creation, letter, mention}`. */
export type SubmittedByKind = Record<string, number>;

/** One day of a page's series. */
export interface DailyStats extends LadderCounts {
  date: string;
  /** Submissions received that day, by kind, as the stats API adds them. */
  submittedByKind?: SubmittedByKind;
}

/** Submissions through the page's forms, all time: creations (spam left out), approved ones, letters. */
export interface SubmissionCounts {
  creations: number;
  approved: number;
  letters: number;
}

/** A page's stats over the range. */
export interface PageStats extends LadderCounts {
  pageId: string;
  /** From the latest manifest listing the page; null for a page only events know. */
  path: string | null;
  title: string | null;
  /** Shares per network (`x`, `bluesky`, … or `copy`, `native` for those controls). */
  sharesByNetwork: Record<string, number>;
  /** The share tree rebuilt from every share up to the range's end and the views in the range. */
  shareTree: ShareTreeStats;
  /** One entry per day of the range, oldest first, zeros included. */
  daily: DailyStats[];
  /** What readers submitted through the page's forms (all time), as the stats API adds it. */
  submissions?: SubmissionCounts;
  /** Submissions received in the range, by kind, as the stats API adds them. */
  submittedByKind?: SubmittedByKind;
}

/** What `GET /api/stats` answers. */
export interface StatsAnswer {
  from: string;
  to: string;
  definitions: { engagedView: string; visitors: string; days: string };
  totals: LadderCounts;
  /** Submissions on the pages answered, all time, as the stats API adds them. */
  submissions?: SubmissionCounts;
  /** Submissions received in the range on the pages answered, by kind. */
  submittedByKind?: SubmittedByKind;
  /** Most viewed first. */
  pages: PageStats[];
}

const LADDER = ['views', 'visitors', 'engagedViews', 'shares', 'remixes', 'creations'] as const;

const zero = (): LadderCounts => ({ views: 0, visitors: 0, engagedViews: 0, shares: 0, remixes: 0, creations: 0 });

function add(into: LadderCounts, counts: Partial<LadderCounts>): void {
  for (const key of LADDER) into[key] += counts[key] ?? 0;
}

function* expandVisits(visits: readonly { parent: string | null; visits: number }[]): Generator<VisitRecord> {
  for (const { parent, visits: count } of visits) {
    const record = { parent };
    for (let i = 0; i < count; i++) yield record;
  }
}

function groupBy<T extends { pageId: string }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.pageId);
    if (group) group.push(row);
    else groups.set(row.pageId, [row]);
  }
  return groups;
}

/**
 * Turns the database's aggregates into the stats answer: totals, the ladder per page, shares by
 * network, the share tree (`rebuildShareTree`) and a zero-filled daily series. Pure: the same raw
 * aggregates give the same answer whichever database computed them.
 */
export function buildStats(raw: RawStats, query: StatsQuery, tally?: readonly CreationTally[]): StatsAnswer {
  const info = new Map<string, { path: string; title: string }>();
  // Ordered oldest manifest first: the latest description of a page wins.
  for (const page of raw.pages) info.set(page.pageId, { path: page.path, title: page.title });
  const ids = new Set<string>([...info.keys(), ...raw.daily.map((row) => row.pageId)]);
  if (query.pageId !== undefined) for (const id of ids) if (id !== query.pageId) ids.delete(id);

  const daily = groupBy(raw.daily);
  const engaged = groupBy(raw.engaged);
  const networks = groupBy(raw.networks);
  const shares = groupBy(raw.shares);
  const visits = groupBy(raw.visits);
  const tallies = groupBy(tally ?? []);
  const kinds = (): SubmittedByKind => Object.fromEntries(SUBMISSION_KINDS.map((kind) => [kind, 0]));
  const submittedTotal = kinds();
  const days = query.toDay - query.fromDay + 1;
  const totals = zero();

  const pages = [...ids].map((pageId): PageStats => {
    const series = Array.from({ length: days }, (_, i): DailyStats => ({ date: dateOf(query.fromDay + i), ...zero() }));
    const at = (day: number) => series[day - query.fromDay];
    for (const row of daily.get(pageId) ?? []) {
      const entry = at(row.day);
      if (entry) add(entry, row);
    }
    for (const row of engaged.get(pageId) ?? []) {
      const entry = at(row.day);
      if (entry) entry.engagedViews += row.engagedViews;
    }
    const sum = zero();
    for (const entry of series) add(sum, entry);
    add(totals, sum);

    const sharesByNetwork: Record<string, number> = {};
    for (const row of [...(networks.get(pageId) ?? [])].sort((a, b) => (a.network < b.network ? -1 : 1))) {
      sharesByNetwork[row.network] = row.shares;
    }
    const shareRecords: ShareRecord[] = (shares.get(pageId) ?? []).map(({ token, parent }) => ({ token, parent }));
    const page: PageStats = {
      pageId,
      path: info.get(pageId)?.path ?? null,
      title: info.get(pageId)?.title ?? null,
      ...sum,
      sharesByNetwork,
      shareTree: rebuildShareTree(
        shareRecords,
        expandVisits(visits.get(pageId) ?? []),
        tally
          ? expandVisits((tallies.get(pageId) ?? []).map(({ token, count }) => ({ parent: token, visits: count })))
          : undefined,
      ),
      daily: series,
    };
    if (tally) {
      const submitted = kinds();
      for (const entry of series) entry.submittedByKind = kinds();
      for (const row of tallies.get(pageId) ?? []) {
        submitted[row.kind] = (submitted[row.kind] ?? 0) + row.count;
        submittedTotal[row.kind] = (submittedTotal[row.kind] ?? 0) + row.count;
        const day = at(row.day)?.submittedByKind;
        if (day) day[row.kind] = (day[row.kind] ?? 0) + row.count;
      }
      page.submittedByKind = submitted;
    }
    return page;
  });
  pages.sort((a, b) => b.views - a.views || (a.pageId < b.pageId ? -1 : 1));

  return {
    from: dateOf(query.fromDay),
    to: dateOf(query.toDay),
    definitions: {
      engagedView: ENGAGED_VIEW_DEFINITION,
      visitors: 'distinct visitors per UTC day (a salted hash of IP, user agent and site), summed over the days',
      days: 'UTC days, from and to included',
    },
    totals,
    ...(tally ? { submittedByKind: submittedTotal } : {}),
    pages,
  };
}
