import { isPageId } from '@sharecraft/protocol';
import { DAY_MS } from './definitions.js';

/** Longest range one stats query may cover: two years of days. */
export const MAX_RANGE_DAYS = 731;

/** Days a query covers when it names no `from`. */
export const DEFAULT_RANGE_DAYS = 30;

/** A parsed stats query: whole UTC days, `toDay` included. */
export interface StatsQuery {
  fromDay: number;
  toDay: number;
  pageId?: string;
}

export type StatsQueryResult = { ok: true; query: StatsQuery } | { ok: false; reason: string };

/** Days since the epoch of a `YYYY-MM-DD` date (UTC), or undefined when it is not a real date. */
export function dayOf(date: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) return undefined;
  return ms / DAY_MS;
}

/** The `YYYY-MM-DD` date of a day since the epoch. */
export function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Reads `?page=<page id>&from=YYYY-MM-DD&to=YYYY-MM-DD` (UTC days, both included). `to` defaults to
 * today, `from` to 29 days before `to`. Each mistake comes back naming the value and the fix.
 */
export function parseStatsQuery(params: URLSearchParams, now: number): StatsQueryResult {
  const page = params.get('page');
  if (page !== null && !isPageId(page)) {
    return {
      ok: false,
      reason: `page ${JSON.stringify(page)} is not a page id; use the 12-character id from the manifest, or leave page out for every page`,
    };
  }
  const read = (name: 'from' | 'to', fallback: number): number | string => {
    const value = params.get(name);
    if (value === null) return fallback;
    return dayOf(value) ?? `${name} ${JSON.stringify(value)} is not a date; write it as YYYY-MM-DD (UTC)`;
  };
  const toDay = read('to', Math.floor(now / DAY_MS));
  if (typeof toDay === 'string') return { ok: false, reason: toDay };
  const fromDay = read('from', toDay - (DEFAULT_RANGE_DAYS - 1));
  if (typeof fromDay === 'string') return { ok: false, reason: fromDay };
  if (fromDay > toDay) {
    return { ok: false, reason: `from ${dateOf(fromDay)} is after to ${dateOf(toDay)}; swap them` };
  }
  if (toDay - fromDay + 1 > MAX_RANGE_DAYS) {
    return {
      ok: false,
      reason: `from ${dateOf(fromDay)} to ${dateOf(toDay)} is ${toDay - fromDay + 1} days; ask for at most ${MAX_RANGE_DAYS} at a time`,
    };
  }
  return { ok: true, query: page === null ? { fromDay, toDay } : { fromDay, toDay, pageId: page } };
}
