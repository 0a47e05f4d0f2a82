/**
 * `sharecraft serve` on PostgreSQL, as stateless replicas behind a load balancer would run: two
 * collector processes on one database agree on visitors (the salt is shared), store an event
 * once whichever replica gets it twice, and each answers stats for what either stored.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { derivePageId } from '@sharecraft/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batch, cta, eventId, manifestOf, READER_UA, view } from '../packages/collector/test/support.js';
import { startTemporaryPostgres, type TemporaryPostgres } from './helpers/postgres.js';
import { type CollectorProcess, freePort, startCollector } from './helpers/processes.js';

const PAGE = derivePageId('/blog/replicated');
const TOKEN = 'replica-stats-token-0123';

let work: string;
let pg: TemporaryPostgres;
let replicas: CollectorProcess[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sharecraft-pg-serve-'));
  const manifest = join(work, 'manifest.json');
  await writeFile(
    manifest,
    JSON.stringify(manifestOf('b1', { '/blog/replicated': { title: 'Replicated', ctas: [cta('end.x')] } })),
  );
  pg = await startTemporaryPostgres();
  const url = pg.createDatabase('replicas');
  // Both start at once: the migration runs once, under its advisory lock.
  replicas = await Promise.all(
    [0, 1].map(async () =>
      startCollector({
        db: url,
        port: await freePort(),
        manifest,
        extra: ['--trust-proxy', 'loopback'],
        env: { SHARECRAFT_STATS_TOKEN: TOKEN },
      }),
    ),
  );
});

afterAll(async () => {
  for (const replica of replicas) await replica.stop();
  pg?.destroy();
  await rm(work, { recursive: true, force: true });
});

function post(replica: CollectorProcess, events: ReturnType<typeof view>[], ip = '192.0.2.10') {
  return fetch(replica.endpoint, {
    method: 'POST',
    headers: { origin: 'https://blog.example', 'user-agent': READER_UA, 'x-forwarded-for': ip },
    body: batch(...events),
  });
}

describe('replicas on one PostgreSQL database', () => {
  it('say they use PostgreSQL, without printing a password', () => {
    for (const replica of replicas)
      expect(replica.output()).toMatch(/database: PostgreSQL postgres:\/\/sharecraft@127\.0\.0\.1/);
  });

  it('store an event once, whichever replica gets it', async () => {
    const event = view(PAGE);
    expect(await (await post(replicas[0] as CollectorProcess, [event])).json()).toEqual({ accepted: 1, new: 1 });
    expect(await (await post(replicas[1] as CollectorProcess, [event])).json()).toEqual({ accepted: 1, new: 0 });
  });

  it('count one reader as one visitor on either replica, and answer the same stats', async () => {
    const events = [view(PAGE), view(PAGE), { i: eventId(), k: 's' as const, p: PAGE, c: 'end.x', t: 'abcdefghjk' }];
    expect(
      (await post(replicas[0] as CollectorProcess, [events[0] as ReturnType<typeof view>], '192.0.2.20')).status,
    ).toBe(202);
    expect(
      (await post(replicas[1] as CollectorProcess, events.slice(1) as ReturnType<typeof view>[], '192.0.2.20')).status,
    ).toBe(202);
    const visitors = pg.psql(
      'replicas',
      `SELECT count(DISTINCT visitor) FROM sharecraft.events WHERE id IN ('${events.map((e) => e.i).join("','")}')`,
    );
    expect(visitors).toEqual(['1']);
    const answers = await Promise.all(
      replicas.map(async (replica) => {
        const response = await fetch(`${replica.url}/api/stats?page=${PAGE}`, {
          headers: { authorization: `Bearer ${TOKEN}` },
        });
        expect(response.status).toBe(200);
        return response.json();
      }),
    );
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0].pages[0]).toMatchObject({ views: 3, shares: 1, sharesByNetwork: { x: 1 } });
  });
});
