import type { CreationCounts, CreationTally } from '../creations/creation-store.js';
import { DEFAULT_RETRY_AFTER_SECONDS, HealthLog, type ResponseClass, responder } from '../http.js';
import type { EventStore, RawStats } from '../storage/event-store.js';
import { createBearerCheck } from './auth.js';
import { buildStats, type SubmissionCounts } from './build-stats.js';
import { DAY_MS } from './definitions.js';
import { parseStatsQuery } from './range.js';

/** What the stats handler needs. */
export interface StatsOptions {
  store: EventStore;
  /** The bearer token readers of the stats must present; undefined turns the stats API off (404). */
  token: string | undefined;
  /** Where the answer while the API is off tells the owner to set the token (default the serve flag). */
  tokenSetting?: string;
  retryAfterSeconds?: number;
  now?(): number;
  log?(message: string): void;
  /** The class answers are built with (default the global `Response`). */
  Response?: ResponseClass;
}

/**
 * `GET /api/stats?page=&from=&to=` as a web-standard handler, behind `Authorization: Bearer
 * <token>` (401 without it or with a wrong one; the comparison is constant-time). Answers the
 * `StatsAnswer` JSON (with each page's submissions from the creation store), 400 for a bad query, 404 for a page nobody knows, 503 when the database
 * does not answer.
 */
export function createStatsHandler(options: StatsOptions): (request: Request) => Promise<Response> {
  const authorized = options.token === undefined ? undefined : createBearerCheck(options.token);
  const now = options.now ?? Date.now;
  const health = new HealthLog(options.log ?? ((message) => console.error(message)));
  const retryAfter = options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
  const { json, problem, unavailable } = responder(options.Response);

  return async (request) => {
    if (!authorized) {
      return problem(
        404,
        'stats_disabled',
        `the stats API is off; set ${options.tokenSetting ?? '--stats-token'} (or SHARECRAFT_STATS_TOKEN) to turn it on`,
      );
    }
    if (!authorized(request)) {
      return problem(401, 'unauthorized', 'send the stats token as `Authorization: Bearer <token>`', {
        'www-authenticate': 'Bearer realm="sharecraft stats"',
      });
    }
    if (request.method !== 'GET') return problem(405, 'method_not_allowed', 'read stats with GET', { allow: 'GET' });
    const parsed = parseStatsQuery(new URL(request.url).searchParams, now());
    if (!parsed.ok) return problem(400, 'bad_query', parsed.reason);
    const { query } = parsed;

    let raw: RawStats;
    let counts: CreationCounts[];
    let tally: CreationTally[];
    try {
      [raw, counts, tally] = await Promise.all([
        options.store.queryStats({
          from: query.fromDay * DAY_MS,
          to: (query.toDay + 1) * DAY_MS,
          ...(query.pageId === undefined ? {} : { pageId: query.pageId }),
        }),
        options.store.creations.counts(query.pageId),
        options.store.creations.tally(query.fromDay * DAY_MS, (query.toDay + 1) * DAY_MS, query.pageId),
      ]);
      health.ok();
    } catch (error) {
      health.failed(error);
      return unavailable(retryAfter, 'no stats could be read');
    }
    const answer = buildStats(raw, query, tally);
    if (query.pageId !== undefined && answer.pages.length === 0) {
      return problem(
        404,
        'unknown_page',
        `page id ${query.pageId} is in no manifest and has no events in this range; check the id in the manifest`,
      );
    }
    const byPage = new Map(counts.map((count) => [count.pageId, count]));
    const submissions: SubmissionCounts = { creations: 0, approved: 0, letters: 0 };
    for (const page of answer.pages) {
      const count = byPage.get(page.pageId);
      page.submissions = {
        creations: count?.creations ?? 0,
        approved: count?.approved ?? 0,
        letters: count?.letters ?? 0,
      };
      submissions.creations += page.submissions.creations;
      submissions.approved += page.submissions.approved;
      submissions.letters += page.submissions.letters;
    }
    return json({ ...answer, submissions }, { headers: { 'cache-control': 'no-store' } });
  };
}
