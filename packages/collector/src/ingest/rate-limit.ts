/** The outcome of asking the limiter for room. */
export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

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
    const bucket = this.#buckets.get(key) ?? { tokens: this.#capacity, at: now };
    const tokens = Math.min(this.#capacity, bucket.tokens + Math.max(0, now - bucket.at) * this.#perMs);
    const needed = Math.min(cost, this.#capacity);
    if (tokens < needed) {
      this.#buckets.set(key, { tokens, at: now });
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((needed - tokens) / this.#perMs / 1000)) };
    }
    this.#buckets.set(key, { tokens: tokens - needed, at: now });
    return { ok: true };
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
