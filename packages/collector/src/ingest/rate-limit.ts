/** The outcome of asking the limiter for room. */
export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

const ALLOWED: RateDecision = Object.freeze({ ok: true });

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets kept before idle ones are swept out, at most once per `SWEEP_EVERY_MS`. */
const SWEEP_ABOVE = 10_000;
const SWEEP_EVERY_MS = 10_000;

/**
 * A token bucket per key (the salted visitor hash): each key may send `perMinute` events per
 * minute, in bursts of up to `perMinute`. Kept in memory, so each collector replica limits on its
 * own. Full buckets are forgotten, so memory follows the visitors active in the last minute.
 */
export class RateLimiter {
  readonly #capacity: number;
  readonly #perMs: number;
  readonly #buckets = new Map<string, Bucket>();
  #nextSweep = 0;

  constructor(perMinute: number) {
    if (!(perMinute > 0)) throw new RangeError(`perMinute must be above 0; got ${perMinute}`);
    this.#capacity = perMinute;
    this.#perMs = perMinute / 60_000;
  }

  /** Takes `cost` tokens from `key`'s bucket at time `now` (ms), or says how long to wait. */
  take(key: string, cost: number, now: number): RateDecision {
    if (this.#buckets.size > SWEEP_ABOVE && now >= this.#nextSweep) this.#sweep(now);
    // Buckets are updated in place: a new object per request would live in the map long enough
    // to be promoted, and the old generation would fill with them (major GC pauses under load).
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.#capacity, at: now };
      this.#buckets.set(key, bucket);
    }
    const tokens = Math.min(this.#capacity, bucket.tokens + Math.max(0, now - bucket.at) * this.#perMs);
    const needed = Math.min(cost, this.#capacity);
    bucket.at = now;
    if (tokens < needed) {
      bucket.tokens = tokens;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((needed - tokens) / this.#perMs / 1000)) };
    }
    bucket.tokens = tokens - needed;
    return ALLOWED;
  }

  /** Buckets currently remembered. */
  get size(): number {
    return this.#buckets.size;
  }

  #sweep(now: number): void {
    this.#nextSweep = now + SWEEP_EVERY_MS;
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.at) * this.#perMs >= this.#capacity) this.#buckets.delete(key);
    }
  }
}
