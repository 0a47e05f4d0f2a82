import { describe, expect, it } from 'vitest';
import {
  decodeEventBatch,
  EVENT_KINDS,
  type EventKind,
  eventSchema,
  MAX_BATCH_BYTES,
  MAX_EVENTS_PER_BATCH,
  type SharecraftEvent,
} from '../src/events.js';
import { derivePageId } from '../src/page-id.js';

const page = derivePageId('/blog/post');
const view = { i: 'abcdefghijklmnop', k: 'v', p: page };

describe('EVENT_KINDS', () => {
  it('lists exactly the kinds the wire format accepts, each once', () => {
    // A type error here means the list and the schema disagree.
    const sameKinds: [EventKind] extends [SharecraftEvent['k']]
      ? [SharecraftEvent['k']] extends [EventKind]
        ? true
        : false
      : false = true;
    expect(sameKinds).toBe(true);
    const accepted = eventSchema.options.flatMap((option) => {
      const kind = option.shape.k;
      return 'options' in kind ? kind.options : [...kind.values];
    });
    expect([...EVENT_KINDS].sort()).toEqual(accepted.sort());
    expect(new Set(EVENT_KINDS).size).toBe(EVENT_KINDS.length);
  });
});

describe('decodeEventBatch', () => {
  it('accepts a page view', () => {
    const result = decodeEventBatch(JSON.stringify({ v: 1, e: [{ ...view, r: 's', s: 'tok123' }] }));
    expect(result).toEqual({ ok: true, batch: { v: 1, e: [{ ...view, r: 's', s: 'tok123' }] } });
  });

  it('accepts every rung of the ladder', () => {
    const events = [
      { i: 'engagement-event-1', k: 'g', p: page, l: view.i, t: 41_250, d: 87 },
      { i: 'share-event-00001', k: 's', p: page, c: 'end.x', t: '7m2kq9d0xa', s: 'parent0001' },
      { i: 'copy-event-000001', k: 'c', p: page, c: 'end.copy', t: '8n3kq9d0xb' },
      { i: 'native-event-0001', k: 'n', p: page, c: 'end.native', t: '9p4kq9d0xc' },
      { i: 'quote-event-00001', k: 'q', p: page, c: 'quote-1.bluesky', t: 'aq5kq9d0xd' },
      { i: 'remix-event-00001', k: 'x', p: page, c: 'end.remix' },
      { i: 'creation-event-01', k: 'f', p: page, f: 'remix-form', s: 'parent0001' },
    ];
    const result = decodeEventBatch(JSON.stringify({ v: 1, e: events }));
    expect(result).toEqual({ ok: true, batch: { v: 1, e: events } });
  });

  it("accepts the beacon's UUID event ids", () => {
    const id = '0b6e2f9c-3d1a-4e8b-9f2a-7c5d1e0a4b3f';
    expect(decodeEventBatch(JSON.stringify({ v: 1, e: [{ ...view, i: id }] })).ok).toBe(true);
  });

  it('counts an engagement longer than a day as a day, rather than refusing the batch', () => {
    const long = { i: 'engagement-event-2', k: 'g', p: page, l: view.i, t: 90_000_000, d: 10 };
    const result = decodeEventBatch(JSON.stringify({ v: 1, e: [long] }));
    expect(result).toEqual({ ok: true, batch: { v: 1, e: [{ ...long, t: 86_400_000 }] } });
  });

  it.each([
    ['not JSON', 'hello', /not JSON/],
    ['a wrong version', JSON.stringify({ v: 2, e: [view] }), /^v:/],
    ['no events', JSON.stringify({ v: 1, e: [] }), /^e:/],
    ['a short event id', JSON.stringify({ v: 1, e: [{ ...view, i: 'short' }] }), /^e\.0\.i: an event id is 16 to 36/],
    ['a malformed page id', JSON.stringify({ v: 1, e: [{ ...view, p: 'NOPE' }] }), /^e\.0\.p: a page id/],
    ['an unknown field', JSON.stringify({ v: 1, e: [{ ...view, ip: '1.2.3.4' }] }), /^e\.0/],
    ['an unknown kind', JSON.stringify({ v: 1, e: [{ ...view, k: 'zz' }] }), /^e\.0\.k/],
    [
      'a share without its token',
      JSON.stringify({ v: 1, e: [{ i: view.i, k: 's', p: page, c: 'end.x' }] }),
      /^e\.0\.t/,
    ],
    [
      'an opaque CTA id',
      JSON.stringify({ v: 1, e: [{ i: view.i, k: 's', p: page, c: 'abcdefghjk', t: '7m2kq9d0xa' }] }),
      /^e\.0\.c: a CTA id is `<placement>\.<action>`/,
    ],
    [
      'a negative engagement',
      JSON.stringify({ v: 1, e: [{ i: view.i, k: 'g', p: page, l: view.i, t: -1, d: 10 }] }),
      /^e\.0\.t/,
    ],
    [
      'a scroll depth over 100%',
      JSON.stringify({ v: 1, e: [{ i: view.i, k: 'g', p: page, l: view.i, t: 5, d: 101 }] }),
      /^e\.0\.d/,
    ],
  ])('rejects %s with a reason', (_name, body, reason) => {
    const result = decodeEventBatch(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('rejects more events than a batch may carry', () => {
    const events = Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, (_, n) => ({
      ...view,
      i: `event-id-${String(n).padStart(8, '0')}`,
    }));
    const result = decodeEventBatch(JSON.stringify({ v: 1, e: events }));
    expect(result.ok).toBe(false);
  });

  it('rejects an oversized body before parsing it', () => {
    const result = decodeEventBatch(' '.repeat(MAX_BATCH_BYTES + 1));
    expect(result).toEqual({ ok: false, reason: expect.stringContaining(`${MAX_BATCH_BYTES}`) });
  });
});
