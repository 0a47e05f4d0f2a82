/**
 * Fills an SQLite store with a month of realistic history for the stats benchmark: page views
 * (some through share links, some generations deep), engagement, shares, remixes and creations
 * across PAGE_COUNT posts, written through the store itself.
 */
import type { EventRow, EventStore } from '../dist/index.js';
import { benchManifest, PAGE_COUNT } from './traffic.ts';

const DAY = 86_400_000;
const CHUNK = 4000;

/** Writes `total` events spread over the `days` UTC days ending with `lastDay`. */
export async function seedHistory(store: EventStore, total: number, lastDay: number, days = 30): Promise<void> {
  const manifest = benchManifest();
  await store.recordManifest(manifest);
  // mulberry32: small, fast and evenly spread, so the history is the same in every run.
  let seed = 7;
  const random = (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
  // Recent share tokens per page, so visits and re-shares can follow them.
  const tokens: string[][] = Array.from({ length: PAGE_COUNT }, () => []);
  const networks = ['x', 'bluesky', 'threads', 'mastodon', 'linkedin', 'reddit'];
  let chunk: EventRow[] = [];
  for (let n = 0; n < total; n++) {
    const page = random(PAGE_COUNT);
    const pageId = manifest.pages[page]?.id as string;
    const receivedAt = (lastDay - days + 1) * DAY + Math.floor((n / total) * days * DAY);
    const recent = tokens[page] as string[];
    const parent = recent.length > 0 && random(3) === 0 ? (recent[random(recent.length)] as string) : null;
    const row: EventRow = {
      id: `seed-${n.toString(36).padStart(12, '0')}`,
      kind: 'v',
      pageId,
      referrerClass: null,
      parentToken: null,
      token: null,
      ctaId: null,
      network: null,
      viewId: null,
      engagedMs: null,
      scrollPct: null,
      formId: null,
      visitor: `visitor-${Math.floor(receivedAt / DAY)}-${random(20_000)}`,
      receivedAt,
    };
    const roll = random(100);
    if (roll < 55) {
      row.referrerClass = parent ? 'o' : 'd';
      row.parentToken = parent;
    } else if (roll < 85) {
      row.kind = 'g';
      row.viewId = `seed-${Math.max(0, n - 1 - random(50))
        .toString(36)
        .padStart(12, '0')}`;
      row.engagedMs = random(60_000);
      row.scrollPct = random(101);
    } else if (roll < 95) {
      row.kind = 's';
      row.network = networks[random(networks.length)] as string;
      row.ctaId = `end.${row.network}`;
      row.token = `s${n.toString(32).padStart(9, '0')}`;
      row.parentToken = parent;
      recent.push(row.token);
      if (recent.length > 500) recent.shift();
    } else if (roll < 98) {
      row.kind = 'x';
      row.ctaId = 'end.remix';
      row.network = 'remix';
      row.parentToken = parent;
    } else {
      row.kind = 'f';
      row.formId = 'reply';
      row.parentToken = parent;
    }
    chunk.push(row);
    if (chunk.length === CHUNK) {
      await store.insertEvents(chunk);
      chunk = [];
    }
  }
  if (chunk.length > 0) await store.insertEvents(chunk);
}
