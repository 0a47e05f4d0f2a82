/**
 * The ingest handler in process, on a real SQLite file: what it stores, what it refuses and why,
 * bots, visitor hashing, the rate limit and manifest reloads.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { derivePageId, MAX_BATCH_BYTES } from '@sharecraft/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollector, type EventStore, ManifestRegistry, openSqliteStore } from '../dist/index.js';
import { batch, cta, eventId, manifestOf, READER_UA, view } from './support.js';

const ORIGIN = 'https://blog.example';
const POST = derivePageId('/blog/post');
const OTHER = derivePageId('/blog/other');
const LATER = derivePageId('/blog/later');
const NOON = Date.UTC(2025, 2, 10, 12);

let work: string;
let store: EventStore;
let manifestFile: string;
let registry: ManifestRegistry;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sharecraft-ingest-'));
  store = await openSqliteStore(join(work, 'events.db'));
  manifestFile = join(work, 'manifest.json');
  await writeFile(
    manifestFile,
    JSON.stringify(
      manifestOf('b1', {
        '/blog/post': { title: 'Post', ctas: [cta('end.x'), cta('end.copy', 'copy'), cta('end.remix', 'remix')] },
        '/blog/other': { title: 'Other', ctas: [cta('end.bluesky')] },
      }),
    ),
  );
  registry = new ManifestRegistry(store, [manifestFile], { minRefreshIntervalMs: 0 });
  await registry.reload();
});

afterAll(async () => {
  await store?.close();
  await rm(work, { recursive: true, force: true });
});

interface Setup {
  rateLimit?: number;
  now?: number;
  allowedOrigins?: string[];
}

function collector(setup: Setup = {}) {
  return createCollector({
    store,
    manifests: () => registry.current(),
    refreshManifests: () => registry.refreshIfStale(),
    allowedOrigins: setup.allowedOrigins ?? [ORIGIN, 'https://other-blog.example'],
    rateLimit: setup.rateLimit ?? 0,
    clientIp: (request) => request.headers.get('x-test-ip') ?? undefined,
    now: () => setup.now ?? NOON,
    log: () => {},
  });
}

function post(body: BodyInit, headers: Record<string, string> = {}) {
  return new Request('http://collector.test/api/events', {
    method: 'POST',
    body,
    headers: { origin: ORIGIN, 'user-agent': READER_UA, 'x-test-ip': '198.51.100.7', ...headers },
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
}

async function storedIds(pageId: string): Promise<string[]> {
  return (await store.eventsForPage(pageId)).map((row) => row.id);
}

describe('ingest', () => {
  it('stores every kind of event with its CTA network and a visitor hash, and acknowledges with 202', async () => {
    const handle = collector();
    const events = [
      view(POST, { r: 'd' }),
      { i: eventId(), k: 'g' as const, p: POST, l: 'some-view-id-00001', t: 12_000, d: 40 },
      { i: eventId(), k: 's' as const, p: POST, c: 'end.x', t: 'abcdefghjk' },
      { i: eventId(), k: 'c' as const, p: POST, c: 'end.copy', t: 'bcdefghjkm' },
      { i: eventId(), k: 'x' as const, p: POST, c: 'end.remix' },
      { i: eventId(), k: 'f' as const, p: POST, f: 'fan-art' },
    ];
    const response = await handle(post(batch(...events)));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 6, new: 6 });
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const rows = (await store.eventsForPage(POST)).filter((row) => events.some((event) => event.i === row.id));
    expect(rows.map((row) => [row.kind, row.network])).toEqual([
      ['v', null],
      ['g', null],
      ['s', 'x'],
      ['c', 'copy'],
      ['x', 'remix'],
      ['f', null],
    ]);
    expect(new Set(rows.map((row) => row.visitor)).size).toBe(1);
    expect(rows[0]?.visitor).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('gives the same reader the same visitor hash all day, and a new one the next day', async () => {
    const visitorOf = async (headers: Record<string, string>, now = NOON) => {
      const event = view(POST);
      expect((await collector({ now })(post(batch(event), headers))).status).toBe(202);
      return (await store.eventsForPage(POST)).find((row) => row.id === event.i)?.visitor;
    };
    const first = await visitorOf({});
    expect(await visitorOf({}, NOON + 3_600_000)).toBe(first);
    expect(await visitorOf({ 'x-test-ip': '198.51.100.8' })).not.toBe(first);
    expect(await visitorOf({ 'user-agent': `${READER_UA} Edg/140.0` })).not.toBe(first);
    expect(await visitorOf({ origin: 'https://other-blog.example' })).not.toBe(first);
    expect(await visitorOf({}, NOON + 86_400_000)).not.toBe(first);
  });

  it.each([
    ['a crawler', { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' }],
    ['a headless browser', { 'user-agent': READER_UA.replace('Chrome/', 'HeadlessChrome/') }],
    ['an HTTP library', { 'user-agent': 'python-requests/2.32.3' }],
    ['a request without a user agent', { 'user-agent': '' }],
  ])('answers %s with 200 and stores nothing', async (_name, headers) => {
    const event = view(POST);
    const response = await collector()(post(batch(event), headers));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 0, new: 0, ignored: 'bot' });
    expect(await storedIds(POST)).not.toContain(event.i);
  });

  it.each([
    [
      'an unknown page id',
      () => [view(derivePageId('/blog/never-built'))],
      'unknown_page',
      /page id \w+ is in no manifest/,
    ],
    [
      'a CTA id the page never had',
      () => [view(POST), { i: eventId(), k: 's' as const, p: POST, c: 'end.myspace', t: 'abcdefghjk' }],
      'unknown_cta',
      /CTA id end\.myspace is not on page/,
    ],
    [
      "another page's CTA id",
      () => [{ i: eventId(), k: 's' as const, p: POST, c: 'end.bluesky', t: 'abcdefghjk' }],
      'unknown_cta',
      /CTA id end\.bluesky is not on page/,
    ],
  ])('refuses a batch with %s with a 422 and a reason, storing none of it', async (_name, events, error, reason) => {
    const sent = events();
    const response = await collector()(post(batch(...sent)));
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.error).toBe(error);
    expect(body.reason).toMatch(reason);
    const ids = await storedIds(sent[0]?.p ?? POST);
    for (const event of sent) expect(ids).not.toContain(event.i);
  });

  it('reloads the manifests when an event names a page deployed after it started', async () => {
    const handle = collector();
    const event = view(LATER);
    await writeFile(
      manifestFile,
      JSON.stringify(manifestOf('b2', { '/blog/later': { title: 'Later', ctas: [cta('end.x')] } })),
    );
    const response = await handle(post(batch(event)));
    expect(response.status).toBe(202);
    expect(await storedIds(LATER)).toContain(event.i);
    // Pages of the earlier build keep their history and stay accepted.
    expect((await handle(post(batch(view(OTHER))))).status).toBe(202);
  });

  it('limits each visitor to the rate, with 429 and Retry-After, without slowing anyone else', async () => {
    const handle = collector({ rateLimit: 60 });
    const ip = { 'x-test-ip': '192.0.2.60' };
    for (let sent = 0; sent < 60; sent += 20) {
      const events = Array.from({ length: 20 }, () => view(POST));
      expect((await handle(post(batch(...events), ip))).status).toBe(202);
    }
    const over = view(POST);
    const refused = await handle(post(batch(over), ip));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await refused.json()).reason).toMatch(/more than 60 events in a minute; retry after \d+ s/);
    expect(await storedIds(POST)).not.toContain(over.i);
    expect((await handle(post(batch(view(POST)), { 'x-test-ip': '192.0.2.61' }))).status).toBe(202);
  });

  it('refuses an oversized body, with or without a Content-Length, with 413', async () => {
    const big = 'x'.repeat(MAX_BATCH_BYTES + 1);
    const declared = await collector()(post(big));
    expect(declared.status).toBe(413);
    const chunks = [new TextEncoder().encode(big.slice(0, 10_000)), new TextEncoder().encode(big.slice(10_000))];
    const streamed = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = chunks.shift();
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await collector()(post(streamed));
    expect(response.status).toBe(413);
    expect((await response.json()).reason).toContain(`at most ${MAX_BATCH_BYTES} bytes`);
  });

  it('explains a malformed batch with a 400 naming the field', async () => {
    const response = await collector()(post('{"v":1,"e":[{"i":"short","k":"v","p":"x"}]}'));
    expect(response.status).toBe(400);
    expect((await response.json()).reason).toMatch(/^e\.0\.i: an event id is 16 to 36 characters/);
  });

  it('refuses other origins (403) and methods (405), and answers a preflight (204)', async () => {
    const handle = collector();
    const foreign = await handle(post(batch(view(POST)), { origin: 'https://evil.example' }));
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).reason).toContain('https://evil.example');
    const get = await handle(new Request('http://collector.test/api/events', { headers: { origin: ORIGIN } }));
    expect(get.status).toBe(405);
    const preflight = await handle(
      new Request('http://collector.test/api/events', { method: 'OPTIONS', headers: { origin: ORIGIN } }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('takes `self` as the origin the browser addressed: the request URL’s, or its Host header’s', async () => {
    const handle = collector({ allowedOrigins: ['self'] });
    // Astro 7.4 on a server, without `security.allowedDomains`, hands the route a localhost URL.
    const mounted = (origin: string) =>
      new Request('http://localhost:4321/api/events', {
        method: 'POST',
        body: batch(view(POST)),
        headers: { origin, host: '127.0.0.1:4321', 'user-agent': READER_UA, 'x-test-ip': '198.51.100.7' },
      });
    expect((await handle(mounted('http://127.0.0.1:4321'))).status).toBe(202);
    expect((await handle(mounted('http://localhost:4321'))).status).toBe(202);
    expect((await handle(mounted('http://127.0.0.1:9999'))).status).toBe(403);
    expect((await handle(mounted('https://127.0.0.1:4321'))).status).toBe(403);
  });

  it('answers unknown paths with 404 and says where to post', async () => {
    const response = await collector()(new Request('http://collector.test/events'));
    expect(response.status).toBe(404);
    expect((await response.json()).reason).toContain('/api/events');
  });
});
