import { describe, expect, it } from 'vitest';
import { decodeEventBatch, MAX_BATCH_BYTES, MAX_EVENTS_PER_BATCH } from '../src/events.js';
import { derivePageId } from '../src/page-id.js';

const page = derivePageId('/blog/post');
const view = { i: 'abcdefghijklmnop', k: 'v', p: page };

describe('decodeEventBatch', () => {
  it('accepts a page view', () => {
    const result = decodeEventBatch(JSON.stringify({ v: 1, e: [{ ...view, r: 's', s: 'tok123' }] }));
    expect(result).toEqual({ ok: true, batch: { v: 1, e: [{ ...view, r: 's', s: 'tok123' }] } });
  });

  it.each([
    ['not JSON', 'hello', /not JSON/],
    ['a wrong version', JSON.stringify({ v: 2, e: [view] }), /^v:/],
    ['no events', JSON.stringify({ v: 1, e: [] }), /^e:/],
    ['a short event id', JSON.stringify({ v: 1, e: [{ ...view, i: 'short' }] }), /^e\.0\.i: an event id is 16 to 32/],
    ['a malformed page id', JSON.stringify({ v: 1, e: [{ ...view, p: 'NOPE' }] }), /^e\.0\.p: a page id/],
    ['an unknown field', JSON.stringify({ v: 1, e: [{ ...view, ip: '1.2.3.4' }] }), /^e\.0/],
    ['an unknown kind', JSON.stringify({ v: 1, e: [{ ...view, k: 'zz' }] }), /^e\.0\.k/],
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
