/**
 * Realistic beacon traffic for the benchmark: the site's pages and CTAs, readers spread over many
 * addresses and browsers, and batches shaped like the beacon's (a page view on load, engagement on
 * pagehide, shares as readers click).
 */
import { derivePageId, MANIFEST_VERSION, type Manifest } from '@sharecraft/protocol';

/** Pages of the benchmark site. */
export const PAGE_COUNT = 20;

const NETWORKS = ['x', 'bluesky', 'threads', 'mastodon', 'linkedin', 'reddit'] as const;

/** The benchmark site's manifest: PAGE_COUNT posts, each with a share block and a remix link. */
export function benchManifest(): Manifest {
  return {
    version: MANIFEST_VERSION,
    site: 'https://bench.example',
    buildId: 'bench-build',
    generatedAt: '2025-03-01T00:00:00.000Z',
    pages: Array.from({ length: PAGE_COUNT }, (_, i) => ({
      id: derivePageId(`/blog/post-${i}`),
      path: `/blog/post-${i}`,
      url: `https://bench.example/blog/post-${i}/`,
      title: `Post ${i}`,
      contentHash: 'contenthash00000',
      cards: [],
      forms: [],
      ctas: [
        ...NETWORKS.map((network) => ({ id: `end.${network}`, kind: 'share' as const, network, placement: 'end' })),
        { id: 'end.copy', kind: 'copy' as const, placement: 'end' },
        { id: 'end.remix', kind: 'remix' as const, placement: 'end' },
      ],
    })),
  };
}

const PAGE_IDS = Array.from({ length: PAGE_COUNT }, (_, i) => derivePageId(`/blog/post-${i}`));

/** Browsers readers use. */
export const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Linux x86_64; rv:143.0) Gecko/20100101 Firefox/143.0',
  'Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36',
];

/** Distinct reader addresses (from 10.0.0.0/8, forwarded by a proxy on loopback). */
export const READERS = 20_000;

type Event = Record<string, string | number>;

/** Marks where a fresh event id goes in a batch template. */
const ID_SLOT = '\u0000';

/** A batch shape with the places of its event ids left open. */
export interface BatchTemplate {
  /** The JSON text around the ids: `parts.length - 1` ids go between the parts. */
  parts: string[];
  events: number;
}

/**
 * Realistic batches and readers. Templates are built ahead (a few thousand shapes); each request
 * fills in fresh event ids, so every event is new work for the collector while the load generator
 * spends its share of the two cores on HTTP rather than on building JSON.
 */
export class TrafficSource {
  readonly #prefix: string;
  #next = 0;
  #seed = 1;

  constructor(prefix: string) {
    this.#prefix = prefix;
  }

  #random(n: number): number {
    // xorshift: cheap and reproducible.
    let x = this.#seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#seed = x >>> 0;
    return this.#seed % n;
  }

  #token(): string {
    return `t${this.#random(2 ** 30)
      .toString(32)
      .padStart(9, '0')}`.replace(/[ilou]/g, 'z');
  }

  /**
   * One batch shape as a beacon sends it: half are a page view alone, a quarter engagement alone,
   * the rest engagement with one or two shares, and a few a queued flush of five events (1.43
   * events on average).
   */
  template(): BatchTemplate {
    const page = PAGE_IDS[this.#random(PAGE_COUNT)] as string;
    const view = (): Event => ({ i: ID_SLOT, k: 'v', p: page, r: 'dso'[this.#random(3)] as string });
    const engagement = (): Event => ({
      i: ID_SLOT,
      k: 'g',
      p: page,
      l: `view-${this.#random(2 ** 30)
        .toString(36)
        .padStart(12, '0')}`,
      t: this.#random(120_000),
      d: this.#random(101),
    });
    const share = (): Event => ({
      i: ID_SLOT,
      k: 's',
      p: page,
      c: `end.${NETWORKS[this.#random(NETWORKS.length)]}`,
      t: this.#token(),
    });
    const roll = this.#random(100);
    let events: Event[];
    if (roll < 50) events = [view()];
    else if (roll < 75) events = [engagement()];
    else if (roll < 90) events = [engagement(), share()];
    else if (roll < 96) events = [engagement(), share(), { i: ID_SLOT, k: 'x', p: page, c: 'end.remix' }];
    else events = [view(), engagement(), share(), share(), { i: ID_SLOT, k: 'f', p: page, f: 'reply' }];
    return {
      parts: JSON.stringify({ v: 1, e: events }).split(JSON.stringify(ID_SLOT).slice(1, -1)),
      events: events.length,
    };
  }

  /** A template's JSON with fresh event ids. */
  fill(template: BatchTemplate): string {
    let body = template.parts[0] as string;
    for (let i = 1; i < template.parts.length; i++) {
      this.#next += 1;
      body += `${this.#prefix}${this.#next.toString(36).padStart(10, '0')}${template.parts[i]}`;
    }
    return body;
  }

  /** Headers of one reader: an address and a browser. */
  headers(): Record<string, string> {
    const reader = this.#random(READERS);
    return {
      'content-type': 'text/plain;charset=UTF-8',
      origin: 'https://bench.example',
      'user-agent': USER_AGENTS[reader % USER_AGENTS.length] as string,
      'x-forwarded-for': `10.${(reader >> 16) & 255}.${(reader >> 8) & 255}.${reader & 255}`,
    };
  }
}
