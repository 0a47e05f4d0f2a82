import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../dist/index.js';

describe('RateLimiter', () => {
  it('lets a key spend its minute at once, then refills it steadily', () => {
    const limiter = new RateLimiter(60);
    expect(limiter.take('a', 50, 0)).toEqual({ ok: true });
    expect(limiter.take('a', 10, 0)).toEqual({ ok: true });
    expect(limiter.take('a', 1, 0)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(limiter.take('a', 5, 0)).toEqual({ ok: false, retryAfterSeconds: 5 });
    expect(limiter.take('a', 5, 5_000)).toEqual({ ok: true });
    expect(limiter.take('b', 60, 0)).toEqual({ ok: true });
  });

  it('never asks for more than a full bucket', () => {
    const limiter = new RateLimiter(60);
    expect(limiter.take('a', 500, 0)).toEqual({ ok: true });
    expect(limiter.take('a', 500, 0)).toEqual({ ok: false, retryAfterSeconds: 60 });
  });

  it('forgets keys whose buckets have refilled', () => {
    const limiter = new RateLimiter(60);
    for (let i = 0; i <= 10_000; i++) limiter.take(`visitor-${i}`, 1, 0);
    expect(limiter.size).toBe(10_001);
    limiter.take('late', 1, 120_000);
    expect(limiter.size).toBe(1);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new RateLimiter(0)).toThrow('perMinute must be above 0; got 0');
  });
});
