/**
 * The collector's benchmark (not a test): loads `sharecraft serve` from this process over
 * loopback with autocannon and realistic beacon batches, on SQLite and on PostgreSQL, every
 * acknowledgement durable; compares a naive peer that commits once per event (the way Umami
 * writes); and times the stats API over 1,000,000 stored events. Prints a Markdown table.
 *
 *   pnpm --filter @sharecraft/collector bench [--seconds 10] [--connections 32] [--repeat 3] [--only sqlite,peer,postgres,stats]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { openSqliteStore } from '../dist/index.js';
import { freeLoopbackPort, startTemporaryPostgres } from '../scripts/temporary-postgres.ts';
import { type LoadResult, runLoad } from './load.ts';
import { seedHistory } from './seed.ts';
import { type Server, startCollector, startNaivePeer } from './servers.ts';
import { benchManifest } from './traffic.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    only: { type: 'string', default: 'sqlite,peer,postgres,stats' },
    repeat: { type: 'string', default: '3' },
    'stats-events': { type: 'string', default: '1000000' },
  },
});
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const ONLY = new Set(values.only.split(','));
const STATS_EVENTS = Number(values['stats-events']);
const REPEAT = Number(values.repeat);
/** Mean events per batch of `TrafficSource.template()`. */
const EVENTS_PER_BATCH = 1.43;
const GOAL_EVENTS = 10_000;
const STATS_TOKEN = 'bench-stats-token-0123456789';

const work = mkdtempSync(join(tmpdir(), 'sharecraft-bench-'));
const manifest = join(work, 'manifest.json');
writeFileSync(manifest, JSON.stringify(benchManifest()));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

interface Row {
  scenario: string;
  load: string;
  /** The run with the median events/s. */
  result: LoadResult;
  /** Events/s of every run. */
  runs: number[];
  /** Events acknowledged and rows added over all runs. */
  acked: number;
  stored: number;
}
const rows: Row[] = [];
const notes: string[] = [];

function sqliteCount(file: string): number {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return Number((db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n);
  } finally {
    db.close();
  }
}

/** Warms a server up, then measures it at full speed and at the goal rate. */
async function measure(
  scenario: string,
  start: () => Promise<Server>,
  count: () => number,
  atGoal = true,
): Promise<void> {
  const server = await start();
  const endpoint = `${server.url}/api/events`;
  try {
    await runLoad({ endpoint, seconds: 2, connections: CONNECTIONS, prefix: `w${Date.now().toString(36)}` });
    const before = count();
    const loads: [string, number | undefined][] = [[`${CONNECTIONS} connections, as fast as it answers`, undefined]];
    if (atGoal) {
      loads.push([`${GOAL_EVENTS.toLocaleString('en')} events/s offered`, Math.ceil(GOAL_EVENTS / EVENTS_PER_BATCH)]);
    }
    let stored = before;
    for (const [load, rate] of loads) {
      const results: LoadResult[] = [];
      for (let run = 0; run < REPEAT; run++) {
        console.error(`  ${scenario}: ${load}, run ${run + 1} of ${REPEAT}…`);
        results.push(
          await runLoad({
            endpoint,
            seconds: SECONDS,
            connections: CONNECTIONS,
            prefix: `r${Date.now().toString(36)}`,
            ...(rate ? { rate } : {}),
          }),
        );
      }
      const now = count();
      const sorted = [...results].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond);
      rows.push({
        scenario,
        load,
        result: sorted[Math.floor(sorted.length / 2)] as LoadResult,
        runs: results.map((result) => result.eventsPerSecond),
        acked: results.reduce((sum, result) => sum + result.acked, 0),
        stored: now - stored,
      });
      stored = now;
    }
  } finally {
    await server.stop();
  }
}

if (ONLY.has('sqlite')) {
  const db = join(work, 'sharecraft.db');
  await measure(
    'Sharecraft, SQLite',
    async () => startCollector(db, await freeLoopbackPort(), manifest),
    () => sqliteCount(db),
  );
}

if (ONLY.has('peer')) {
  const db = join(work, 'peer.db');
  await measure(
    'Peer: a commit per event (Umami-style), SQLite',
    async () => startNaivePeer(db, await freeLoopbackPort()),
    () => sqliteCount(db),
    false,
  );
}

if (ONLY.has('postgres')) {
  const pg = await startTemporaryPostgres();
  try {
    const url = pg.createDatabase('bench');
    await measure(
      'Sharecraft, PostgreSQL',
      async () => startCollector(url, await freeLoopbackPort(), manifest),
      () => Number(pg.psql('bench', 'SELECT count(*) FROM sharecraft.events')[0]),
    );
  } finally {
    pg.destroy();
  }
}

interface StatsTiming {
  query: string;
  ms: number[];
}
const statsTimings: StatsTiming[] = [];

if (ONLY.has('stats')) {
  const db = join(work, 'stats.db');
  const lastDay = Math.floor(Date.now() / 86_400_000);
  console.error(`  stats: writing ${STATS_EVENTS.toLocaleString('en')} events…`);
  const seeding = performance.now();
  const store = await openSqliteStore(db);
  await seedHistory(store, STATS_EVENTS, lastDay);
  await store.close();
  notes.push(
    `Seeding ${STATS_EVENTS.toLocaleString('en')} events through the store took ${((performance.now() - seeding) / 1000).toFixed(1)} s.`,
  );
  const server = await startCollector(db, await freeLoopbackPort(), manifest, ['--stats-token', STATS_TOKEN]);
  try {
    const pageId = benchManifest().pages[0]?.id as string;
    for (const [query, path] of [
      ['every page, 30 days', '/api/stats'],
      ['one page, 30 days', `/api/stats?page=${pageId}`],
    ] as const) {
      const timing: StatsTiming = { query, ms: [] };
      for (let run = 0; run < 3; run++) {
        const started = performance.now();
        const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${STATS_TOKEN}` } });
        const answer = (await response.json()) as { totals: { views: number } };
        timing.ms.push(performance.now() - started);
        if (response.status !== 200 || answer.totals.views === 0) throw new Error(`stats answered ${response.status}`);
      }
      statsTimings.push(timing);
    }
  } finally {
    await server.stop();
  }
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const lines = [
  `Collector benchmark: ${cpus().length} CPU cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, ${SECONDS} s per load, loopback.`,
  'Batches as the beacon sends them (1.43 events on average); every 202 is acknowledged after the commit is on disk.',
  `Each load runs ${REPEAT} times; the row shows the run with the median events/s, and the range of all runs.`,
  '',
  '| Scenario | Load | Events/s acknowledged (median) | Range of runs | Requests/s | p50 ms | p99 ms | Acked events / rows stored, all runs | Other answers |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ...rows.map(
    ({ scenario, load, result, runs, acked, stored }) =>
      `| ${scenario} | ${load} | ${fmt(result.eventsPerSecond)} | ${fmt(Math.min(...runs))}–${fmt(Math.max(...runs))} | ${fmt(result.requestsPerSecond)} | ${fmt(result.p50, 1)} | ${fmt(result.p99, 1)} | ${fmt(acked)} / ${fmt(stored)} | ${Object.keys(result.failures).length > 0 ? JSON.stringify(result.failures) : 'none'} |`,
  ),
];
if (statsTimings.length > 0) {
  lines.push(
    '',
    `Stats API over ${fmt(STATS_EVENTS)} events on SQLite (GET /api/stats, answer parsed; three runs):`,
    '',
    '| Query | Run 1 ms | Run 2 ms | Run 3 ms |',
    '| --- | ---: | ---: | ---: |',
    ...statsTimings.map(({ query, ms }) => `| ${query} | ${ms.map((m) => fmt(m)).join(' | ')} |`),
  );
}
if (notes.length > 0) lines.push('', ...notes);
console.log(lines.join('\n'));
