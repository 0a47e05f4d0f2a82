import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { decodeEventBatch, derivePageId, type SharecraftEvent } from '@sharecraft/protocol';
import { describe, expect, it } from 'vitest';

/**
 * Unit tests of the shipped file (`dist/beacon.min.js`, the very bytes readers get) and of what it
 * puts on the wire: it runs in a bare V8 context with just enough of a browser around it, so every
 * payload can be decoded with the protocol's own decoder. Chromium runs it for real in
 * test/e2e/beacon.test.ts.
 */
const SOURCE = readFileSync(new URL('../dist/beacon.min.js', import.meta.url), 'utf8');
const PAGE = derivePageId('/blog/post/');
const ENDPOINT = 'https://stats.example/api/events';

type Listener = (event: { detail?: unknown }) => void;

interface Harness {
  /** Bodies sent, in order, decoded. */
  sent: SharecraftEvent[][];
  /** Answers the oldest pending request with `status` (or a network failure). */
  answer(status: number | 'fail'): Promise<void>;
  fire(type: string, detail?: unknown): void;
  tick(seconds: number): void;
  storage: Map<string, string>;
  beacons: string[];
  window: Record<string, unknown>;
}

function load(
  options: {
    search?: string;
    referrer?: string;
    navigator?: Record<string, unknown>;
    local?: Record<string, string>;
    session?: Record<string, string>;
    slice?: string | null;
    hidden?: boolean;
  } = {},
): Harness {
  const listeners = new Map<string, Listener[]>();
  const on = (type: string, listener: Listener) => listeners.set(type, [...(listeners.get(type) ?? []), listener]);
  const pending: { resolve: (answer: { status: number }) => void; reject: (error: Error) => void }[] = [];
  const sent: SharecraftEvent[][] = [];
  const beacons: string[] = [];
  const intervals: (() => void)[] = [];
  const storage = new Map(Object.entries(options.session ?? {}));
  // Session storage as the beacon uses it: plain properties that read back as strings.
  const session = new Proxy(
    {},
    {
      get: (_, key: string) => storage.get(key),
      set: (_, key: string, value) => {
        storage.set(key, String(value));
        return true;
      },
    },
  );
  const slice = options.slice === undefined ? JSON.stringify({ v: 1, p: PAGE, e: ENDPOINT }) : options.slice;
  let uuid = 0;
  const document = {
    referrer: options.referrer ?? '',
    hidden: options.hidden ?? false,
    prerendering: false,
    documentElement: { scrollHeight: 2000 },
    getElementById: (id: string) => (id === 'sharecraft-page' && slice !== null ? { text: slice } : null),
    hasFocus: () => !document.hidden,
    addEventListener: on,
  };
  const window: Record<string, unknown> = {
    document,
    location: { search: options.search ?? '', host: 'blog.example' },
    navigator: {
      sendBeacon: (_url: string, body: string) => {
        beacons.push(body);
        return true;
      },
      ...options.navigator,
    },
    localStorage: { ...options.local },
    sessionStorage: session,
    crypto: { randomUUID: () => `00000000-0000-4000-8000-${String(++uuid).padStart(12, '0')}` },
    addEventListener: on,
    setInterval: (callback: () => void) => intervals.push(callback),
    scrollY: 0,
    innerHeight: 500,
    URL,
    JSON,
    Math,
    fetch: (url: string, init: { method: string; body: string; keepalive: boolean }) => {
      expect(url).toBe(ENDPOINT);
      expect(init).toMatchObject({ method: 'POST', keepalive: true });
      const decoded = decodeEventBatch(init.body);
      if (!decoded.ok) throw new Error(`the beacon sent a batch the collector would refuse: ${decoded.reason}`);
      sent.push(decoded.batch.e);
      return new Promise((resolve, reject) => pending.push({ resolve, reject }));
    },
  };
  runInNewContext(SOURCE, window);
  return {
    sent,
    storage,
    beacons,
    window,
    async answer(status) {
      const request = pending.shift();
      if (!request) throw new Error('no request is waiting for an answer');
      if (status === 'fail') request.reject(new TypeError('Failed to fetch'));
      else request.resolve({ status });
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
    fire(type, detail) {
      for (const listener of listeners.get(type) ?? []) listener({ detail });
    },
    tick(seconds) {
      for (let n = 0; n < seconds; n++) for (const interval of intervals) interval();
    },
  };
}

describe('the beacon’s payloads', () => {
  it('sends a page view with the referrer’s class and the arriving share token', () => {
    const cases: [string, string][] = [
      ['', 'd'],
      ['https://blog.example/blog/', 'i'],
      ['https://www.google.com/', 's'],
      ['https://duckduckgo.com/', 's'],
      ['https://news.example.org/item?id=1', 'o'],
    ];
    for (const [referrer, expected] of cases) {
      const beacon = load({ referrer, search: '?utm_source=x&sc=parent0001' });
      expect(beacon.sent, referrer).toEqual([
        [{ i: expect.stringMatching(/^[\w-]{36}$/), k: 'v', p: PAGE, r: expected, s: 'parent0001' }],
      ]);
    }
  });

  it('never sends the referrer’s address, only its class', () => {
    const beacon = load({ referrer: 'https://news.example.org/secret-thread?id=42' });
    expect(JSON.stringify(beacon.sent)).not.toMatch(/news\.example|secret/);
  });

  it('reports engagement on hide, linked to its view, only when it grew', async () => {
    const beacon = load();
    const view = beacon.sent[0]?.[0];
    await beacon.answer(202);
    beacon.tick(3);
    (beacon.window as { scrollY: number }).scrollY = 1000;
    beacon.fire('scroll');
    (beacon.window.document as { hidden: boolean }).hidden = true;
    beacon.fire('visibilitychange');
    expect(beacon.sent[1]).toEqual([{ i: expect.any(String), k: 'g', p: PAGE, l: view?.i, t: 3000, d: 75 }]);
    await beacon.answer(202);
    // Hidden again (and the page left) with nothing new: nothing more.
    beacon.fire('visibilitychange');
    beacon.fire('pagehide');
    expect(beacon.sent).toHaveLength(2);
    // Deeper, later: the running totals.
    (beacon.window.document as { hidden: boolean }).hidden = false;
    beacon.tick(2);
    (beacon.window as { scrollY: number }).scrollY = 1500;
    beacon.fire('scroll');
    beacon.fire('pagehide');
    expect(beacon.sent[2]).toEqual([{ i: expect.any(String), k: 'g', p: PAGE, l: view?.i, t: 5000, d: 100 }]);
  });

  it('counts only seconds the page had focus', () => {
    const beacon = load();
    const document = beacon.window.document as { hidden: boolean };
    beacon.tick(2);
    document.hidden = true; // hasFocus() is false while hidden
    beacon.tick(10);
    beacon.fire('visibilitychange');
    expect(beacon.sent[1]?.at(-1)).toMatchObject({ k: 'g', t: 2000 });
  });

  it('forwards what the page announces: every kind of share, remix clicks and creations', () => {
    const beacon = load();
    const announced = [
      { k: 's', c: 'end.x', t: 'abcdefghjk', s: 'parent0001' },
      { k: 'c', c: 'end.copy', t: 'bcdefghjkm' },
      { k: 'n', c: 'end.native', t: 'cdefghjkmn' },
      { k: 'q', c: 'quote-1.bluesky', t: 'defghjkmnp' },
      { k: 'x', c: 'end.remix' },
      { k: 'f', f: 'remix-form' },
    ];
    for (const detail of announced) beacon.fire('sharecraft:share', detail);
    // Nothing was acknowledged yet, so each send carries the ones before it too.
    const last = beacon.sent.at(-1) ?? [];
    expect(last.map(({ i, p, ...rest }) => rest)).toEqual([{ k: 'v', r: 'd' }, ...announced]);
    expect(new Set(last.map((event) => event.i)).size).toBe(7);
    expect(last.every((event) => event.p === PAGE)).toBe(true);
  });

  it('keeps what was not acknowledged, resends it with the next send, and forgets it once answered', async () => {
    const beacon = load();
    await beacon.answer('fail');
    // The failed fetch falls back to sendBeacon, but the view stays queued until a fetch is answered.
    expect(beacon.beacons).toHaveLength(1);
    expect(JSON.parse(beacon.storage.get('sharecraft') ?? '[]').map((event: { k: string }) => event.k)).toEqual(['v']);
    beacon.fire('sharecraft:share', { k: 'x', c: 'end.remix' });
    expect(beacon.sent[1]?.map((event) => event.k)).toEqual(['v', 'x']);
    await beacon.answer(503);
    expect(JSON.parse(beacon.storage.get('sharecraft') ?? '[]')).toHaveLength(2);

    // The next page view (a new page load in the same tab) takes the waiting events along.
    const next = load({ session: Object.fromEntries(beacon.storage) });
    expect(next.sent[0]?.map((event) => event.k)).toEqual(['v', 'x', 'v']);
    expect(next.sent[0]?.slice(0, 2)).toEqual(beacon.sent[1]);
    await next.answer(202);
    expect(next.storage.get('sharecraft')).toBe('[]');
  });

  it('drops a batch the collector refuses (4xx): trying again cannot help', async () => {
    const beacon = load();
    await beacon.answer(422);
    expect(beacon.storage.get('sharecraft')).toBe('[]');
  });

  it('keeps at most 20 events waiting', () => {
    const beacon = load();
    for (let n = 0; n < 30; n++) beacon.fire('sharecraft:share', { k: 'x', c: 'end.remix' });
    expect(beacon.sent.at(-1)).toHaveLength(20);
    expect(JSON.parse(beacon.storage.get('sharecraft') ?? '[]')).toHaveLength(20);
  });

  it('sends nothing under Global Privacy Control, Do-Not-Track or the owner’s opt-out', () => {
    expect(load({ navigator: { globalPrivacyControl: true } }).sent).toEqual([]);
    expect(load({ navigator: { doNotTrack: '1' } }).sent).toEqual([]);
    expect(load({ local: { sharecraft_ignore: '1' } }).sent).toEqual([]);
    // The signals off, the same page reports.
    expect(load({ navigator: { globalPrivacyControl: false, doNotTrack: '0' } }).sent).toHaveLength(1);
  });

  it('stays silent, without throwing, on a page without a slice or where storage is refused', () => {
    expect(load({ slice: null }).sent).toEqual([]);
    const refused = () =>
      runInNewContext(SOURCE, {
        ...load({ slice: null }).window,
        get sessionStorage() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
    expect(refused).not.toThrow();
  });
});
