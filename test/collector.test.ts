import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { derivePageId, MANIFEST_VERSION, type Manifest } from '@sharecraft/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READER_UA } from '../packages/collector/test/support.js';
import { type CollectorProcess, freePort, startCollector } from './helpers/processes.js';

const known = derivePageId('/blog/known');
const manifest: Manifest = {
  version: MANIFEST_VERSION,
  site: 'https://blog.example',
  buildId: 'build-1',
  generatedAt: new Date().toISOString(),
  pages: [
    {
      id: known,
      path: '/blog/known',
      url: 'https://blog.example/blog/known/',
      title: 'Known',
      contentHash: 'contenthash00000',
      cards: [],
      ctas: [{ id: 'end.bluesky', kind: 'share', network: 'bluesky', placement: 'end' }],
      forms: [],
    },
  ],
};

let sequence = 0;
function view(page = known) {
  sequence += 1;
  return { i: `test-event-${String(sequence).padStart(8, '0')}`, k: 'v', p: page };
}

const STATS_TOKEN = 'a-long-random-stats-token';

function countRows(db: string): number {
  const connection = new DatabaseSync(db, { readOnly: true });
  try {
    return Number((connection.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n);
  } finally {
    connection.close();
  }
}

describe('sharecraft serve', () => {
  let work: string;
  let db: string;
  let collector: CollectorProcess;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sharecraft-collector-'));
    db = join(work, 'nested', 'events.db');
    const manifestFile = join(work, 'manifest.json');
    await writeFile(manifestFile, JSON.stringify(manifest));
    collector = await startCollector({
      db,
      port: await freePort(),
      manifest: manifestFile,
      extra: ['--allow-origin', 'https://blog.example'],
      env: { SHARECRAFT_STATS_TOKEN: STATS_TOKEN },
    });
  });

  afterAll(async () => {
    await collector?.stop();
    await rm(work, { recursive: true, force: true });
  });

  const post = (body: unknown, origin = 'https://blog.example', userAgent = READER_UA) =>
    fetch(collector.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin, 'user-agent': userAgent },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('says where it listens, which database and which manifest it uses', () => {
    expect(collector.output()).toContain(`listening on ${collector.url}`);
    expect(collector.output()).toContain(db);
    expect(collector.output()).toContain('(1 pages)');
  });

  it('acknowledges a page view only once it is in the database, and lets the site read the answer', async () => {
    const before = countRows(db);
    const response = await post({ v: 1, e: [view()] });
    expect(response.status).toBe(202);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://blog.example');
    expect(countRows(db)).toBe(before + 1);
  });

  it('stores a retried event once', async () => {
    const event = view();
    const before = countRows(db);
    expect((await post({ v: 1, e: [event] })).status).toBe(202);
    const retry = await post({ v: 1, e: [event] });
    expect(retry.status).toBe(202);
    expect(await retry.json()).toEqual({ accepted: 1, new: 0 });
    expect(countRows(db)).toBe(before + 1);
  });

  it('stores a share with its network, and the stats API counts it for the token holder only', async () => {
    const share = { i: `test-share-${Date.now()}`, k: 's', p: known, c: 'end.bluesky', t: 'abcdefghjk' };
    expect((await post({ v: 1, e: [share] })).status).toBe(202);
    const denied = await fetch(`${collector.url}/api/stats`, { headers: { authorization: 'Bearer wrong-token-here' } });
    expect(denied.status).toBe(401);
    const response = await fetch(`${collector.url}/api/stats?page=${known}`, {
      headers: { authorization: `Bearer ${STATS_TOKEN}` },
    });
    expect(response.status).toBe(200);
    const stats = await response.json();
    expect(stats.pages[0]).toMatchObject({
      pageId: known,
      path: '/blog/known',
      shares: 1,
      sharesByNetwork: { bluesky: 1 },
    });
    expect(stats.pages[0].views).toBe(countRows(db) - 1);
  });

  it('answers a bot with 200 and stores nothing', async () => {
    const before = countRows(db);
    const response = await post({ v: 1, e: [view()] }, 'https://blog.example', 'curl/8.5.0');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 0, new: 0, ignored: 'bot' });
    expect(countRows(db)).toBe(before);
  });

  it.each([
    [
      'an unknown CTA id',
      () => ({ v: 1, e: [{ i: `test-cta-${Date.now()}`, k: 'x', p: known, c: 'end.remix' }] }),
      422,
      /CTA id end\.remix is not on page/,
    ],
    ['an unknown page id', () => ({ v: 1, e: [view(derivePageId('/blog/never-built'))] }), 422, /in no manifest/],
    ['a malformed payload', () => '{"v":1,"e":[{"k":"v"}]}', 400, /e\.0\.i/],
    ['a body that is not JSON', () => 'hello', 400, /not JSON/],
    ['an oversized payload', () => 'x'.repeat(64 * 1024), 413, /at most/],
  ])('rejects %s with a 4xx and a reason, storing nothing', async (_name, body, status, reason) => {
    const before = countRows(db);
    const response = await post(body());
    expect(response.status).toBe(status);
    expect((await response.json()).reason).toMatch(reason);
    expect(countRows(db)).toBe(before);
  });

  it('rejects an origin that is not on the allow-list', async () => {
    const response = await post({ v: 1, e: [view()] }, 'https://elsewhere.example');
    expect(response.status).toBe(403);
    expect((await response.json()).reason).toContain('https://elsewhere.example');
  });

  it('answers a CORS preflight from an allowed origin', async () => {
    const response = await fetch(collector.endpoint, {
      method: 'OPTIONS',
      headers: { origin: 'https://blog.example', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('reloads its manifests on SIGHUP', async () => {
    const before = collector.output();
    process.kill(collector.pid, 'SIGHUP');
    for (let i = 0; i < 50 && collector.output() === before; i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(collector.output().slice(before.length)).toContain('Reloaded 1 manifest(s) (SIGHUP): 1 pages known.');
  });

  it('exits cleanly on SIGTERM', async () => {
    const code = await collector.stop('SIGTERM');
    expect(code).toBe(0);
    expect(collector.output()).toContain('closing the database');
  });
});

describe('sharecraft CLI', () => {
  it('lists every serve flag with its environment variable in --help', async () => {
    const { spawnSync } = await import('node:child_process');
    const cli = join(import.meta.dirname, '..', 'packages/collector/dist/cli.js');
    const help = spawnSync(process.execPath, [cli, 'serve', '--help'], { encoding: 'utf8' }).stdout;
    for (const [flag, variable] of [
      ['--db', 'SHARECRAFT_DB'],
      ['--port', 'SHARECRAFT_PORT'],
      ['--host', 'SHARECRAFT_HOST'],
      ['--manifest ', 'SHARECRAFT_MANIFEST '],
      ['--manifest-refresh', 'SHARECRAFT_MANIFEST_REFRESH'],
      ['--allow-origin', 'SHARECRAFT_ALLOWED_ORIGINS'],
      ['--stats-token', 'SHARECRAFT_STATS_TOKEN'],
      ['--rate-limit', 'SHARECRAFT_RATE_LIMIT'],
      ['--trust-proxy', 'SHARECRAFT_TRUST_PROXY'],
      ['--webmention-timeout', 'SHARECRAFT_WEBMENTION_TIMEOUT'],
      ['--webmention-allow-private', 'FOR TESTS ONLY'],
    ]) {
      expect(help).toContain(flag);
      expect(help).toContain(variable);
    }
    expect(help).toContain('GET  /api/stats');
    expect(help).toContain('POST /webmention');
  });

  it('explains a bad flag value and exits with 2', async () => {
    const { spawnSync } = await import('node:child_process');
    const cli = join(import.meta.dirname, '..', 'packages/collector/dist/cli.js');
    const result = spawnSync(process.execPath, [cli, 'serve', '--port', 'abc'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--port must be a whole number from 0 to 65535; got "abc"');
  });

  it('explains a bad --webmention-timeout and exits with 2', async () => {
    const { spawnSync } = await import('node:child_process');
    const cli = join(import.meta.dirname, '..', 'packages/collector/dist/cli.js');
    const result = spawnSync(process.execPath, [cli, 'serve', '--webmention-timeout', '0'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--webmention-timeout must be a whole number from 1 to 60; got "0"');
  });

  it('explains a bad manifest file and exits with 1', async () => {
    const { spawnSync } = await import('node:child_process');
    const cli = join(import.meta.dirname, '..', 'packages/collector/dist/cli.js');
    const result = spawnSync(
      process.execPath,
      [cli, 'serve', '--db', ':memory:', '--manifest', '/nonexistent/manifest.json'],
      {
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Could not read the manifest file /nonexistent/manifest.json');
  });
});
