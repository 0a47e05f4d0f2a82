import { isIPv6 } from 'node:net';

/** Submissions one address may send per hour with proof of work (JavaScript). */
export const DEFAULT_CREATIONS_PER_HOUR = 10;
/** Submissions one address may send per hour without proof of work (a plain form POST). */
export const DEFAULT_UNVERIFIED_PER_HOUR = 3;
/** Submissions the whole collector takes per hour, from everyone together. */
export const DEFAULT_CREATIONS_CAP = 200;

const HOUR_MS = 3_600_000;

/**
 * The key an address is limited by: an IPv4 address as is, an IPv6 address by its /64 (one
 * household or phone gets a whole /64, and hops through it freely). Unknown: one shared key.
 */
export function addressKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const address = ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::')
    ? [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups]
    : headGroups;
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * At most `max` hits per key within any hour (a sliding window of the hits' times), in memory:
 * each replica limits on its own, and a restart forgets. Enough against one address flooding the
 * form; the proof of work and the global cap do the rest.
 */
export class HourlyLimit {
  readonly #max: number;
  readonly #hits = new Map<string, number[]>();

  constructor(max: number) {
    this.#max = max;
  }

  /**
   * Takes one hit for `key` at `now` if the budget allows: 0 when taken, else the seconds until
   * it may send again. Taken at once, so requests racing each other cannot all slip through; a
   * request refused later for another reason gives it back (`release`). A limit of 0 never refuses.
   */
  take(key: string, now: number): number {
    if (this.#max <= 0) return 0;
    const hits = this.#recent(key, now);
    if (hits.length >= this.#max) return Math.max(1, Math.ceil(((hits[0] as number) + HOUR_MS - now) / 1000));
    hits.push(now);
    this.#hits.set(key, hits);
    return 0;
  }

  /** Gives back a hit `take` counted at `at`. */
  release(key: string, at: number): void {
    const hits = this.#hits.get(key);
    const index = hits?.lastIndexOf(at) ?? -1;
    if (!hits || index < 0) return;
    hits.splice(index, 1);
    if (hits.length === 0) this.#hits.delete(key);
  }

  #recent(key: string, now: number): number[] {
    const hits = (this.#hits.get(key) ?? []).filter((at) => at > now - HOUR_MS);
    if (hits.length === 0) this.#hits.delete(key);
    else this.#hits.set(key, hits);
    if (this.#hits.size > 10_000) {
      for (const [other, times] of this.#hits) if (times.every((at) => at <= now - HOUR_MS)) this.#hits.delete(other);
    }
    return hits;
  }
}
