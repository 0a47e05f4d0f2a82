/**
 * The words `npm run demo` prints for each event the collector stores: which rung of the
 * engagement ladder a reader reached (read → engaged read → share → re-share → create), said the
 * way a blogger says it, not in wire codes.
 *
 * The codes come from `@sharecraft/protocol`; the words for them live here, because saying them
 * is the demo's job. The words for event kinds and referrer classes are typed against the
 * protocol's lists, so a new code without words is a type error; the network names are checked
 * against astro-sharecraft's list by a test. Anything still unknown (data from a newer collector)
 * prints as it is, marked as such. Runs on Node's own type stripping: plain TypeScript.
 */
import { EVENT_KINDS, type EventKind, type ReferrerClass, SHARE_EVENT_KINDS } from '@sharecraft/protocol';

/** A stored event, as the demo reads it from the collector's database. */
export interface StoredEvent {
  kind: string;
  /** The page's path, or its id when the manifest does not name it. */
  page: string;
  referrerClass?: string | null;
  /** The share token the reader's visit arrived with. */
  parentToken?: string | null;
  ctaId?: string | null;
  network?: string | null;
  engagedMs?: number | null;
  scrollPct?: number | null;
  formId?: string | null;
  /**
   * For a share: its generation (1 when a direct visitor shared). For a page view that arrived
   * through a share: the generation of that share. Absent when not known.
   */
  generation?: number | null;
  /** An engagement report for a visit already reported: the reader came back to the tab. */
  update?: boolean;
}

/** One printed line, in two parts that read as one phrase: the rung reached, and what happened. */
export interface EventWords {
  rung: string;
  text: string;
}

/** Where a visit came from, by referrer class. */
export const REFERRER_WORDS = {
  d: 'came directly: typed, bookmarked, or from an app',
  i: 'came from another page of this blog',
  s: 'came from a search engine',
  o: 'came from another site',
} as const satisfies Record<ReferrerClass, string>;

/**
 * Display names of the networks a share block can offer (`SHARE_ACTIONS` in astro-sharecraft,
 * less copy and the share sheet, which have event kinds of their own). A test checks the list is whole.
 */
export const NETWORK_NAMES: Readonly<Record<string, string>> = {
  x: 'X',
  bluesky: 'Bluesky',
  threads: 'Threads',
  mastodon: 'Mastodon',
  linkedin: 'LinkedIn',
  facebook: 'Facebook',
  reddit: 'Reddit',
  hackernews: 'Hacker News',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  email: 'email',
};

/** Where on the page the control sat: the first part of a CTA id (`end.x`, `quote-2.bluesky`). */
export function placementWords(placement: string): string {
  if (placement === 'end') return 'end of post';
  if (placement === 'here') return 'share bar placed in the post';
  if (placement === 'remix') return 'remix prompt in the post';
  if (placement === 'selection') return 'text the reader selected';
  if (placement === 'page') return 'on the page';
  const quote = /^quote-(\d+)$/.exec(placement);
  if (quote) return `a passage the author marked, quote ${quote[1]}`;
  return `placed at "${placement}"`;
}

function networkWords(network: string | null | undefined): string {
  if (!network) return 'an unnamed network';
  return NETWORK_NAMES[network] ?? `"${network}"`;
}

function referrerWords(referrerClass: string | null | undefined): string | undefined {
  if (!referrerClass) return undefined;
  return (
    (REFERRER_WORDS as Record<string, string>)[referrerClass] ??
    `came from "${referrerClass}", a kind of referrer this demo has no words for`
  );
}

/** `42 s`, `3 min 5 s`, `1 h 2 min`. */
export function durationWords(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

function generationWords(generation: number | null | undefined): string {
  return generation ? `generation ${generation}` : 'a share the collector has no record of';
}

/** The placement part of a CTA id, in words, in brackets; empty without one. */
function where(ctaId: string | null | undefined): string {
  const placement = ctaId?.split('.')[0];
  return placement ? ` (${placementWords(placement)})` : '';
}

type Describe = (event: StoredEvent) => EventWords;

const share = (say: (event: StoredEvent) => string): Describe => {
  return (event) => {
    const text = `${say(event)}${where(event.ctaId)}`;
    if (!event.parentToken) return { rung: 'share', text };
    // The sharer arrived through someone else's share: the post travels on.
    return {
      rung: 're-share',
      text: `${text}, by a reader who came through a share: ${generationWords(event.generation)}`,
    };
  };
};

/**
 * What each event kind says, as words that read on from the rung: "share  on LinkedIn from …".
 * Typed against the protocol's list: a new kind without words is a type error here.
 */
const WORDS = {
  v: (event) => {
    const from = referrerWords(event.referrerClass);
    if (!event.parentToken) return { rung: 'read', text: `${event.page}${from ? ` (${from})` : ''}` };
    const through = `${generationWords(event.generation)}${from ? `; ${from}` : ''}`;
    return { rung: 'read', text: `${event.page}, a visit that arrived through a share (${through})` };
  },
  g: (event) => {
    const time = event.engagedMs == null ? 'time unknown' : durationWords(event.engagedMs);
    const depth = event.scrollPct == null ? 'depth unknown' : `${event.scrollPct} % scrolled`;
    return {
      rung: 'engaged read',
      text: `${event.page}: ${time}, ${depth}${event.update ? ' (same visit, updated)' : ''}`,
    };
  },
  s: share((event) =>
    event.network === 'email' ? `by email from ${event.page}` : `on ${networkWords(event.network)} from ${event.page}`,
  ),
  c: share((event) => `by copying the link to ${event.page}`),
  n: share((event) => `through the device's share sheet, from ${event.page}`),
  q: share((event) => `a quote from ${event.page} on ${networkWords(event.network)}`),
  x: (event) => ({
    rung: 'create',
    text: `invitation to make something opened, on ${event.page}${where(event.ctaId)}`,
  }),
  f: (event) => ({
    rung: 'create',
    text: `a creation sent in for ${event.page}${event.formId ? ` through the form "${event.formId}"` : ''}`,
  }),
} satisfies Record<EventKind, Describe>;

/** Whether a stored kind is one of the protocol's share kinds (share, copy, share sheet, quote). */
export function isShareKind(kind: string): boolean {
  return (SHARE_EVENT_KINDS as readonly string[]).includes(kind);
}

/** The words for one stored event; an unknown kind still gets a line that says what it is. */
export function describeEvent(event: StoredEvent): EventWords {
  if ((EVENT_KINDS as readonly string[]).includes(event.kind)) return WORDS[event.kind as EventKind](event);
  return { rung: '?', text: `event of kind "${event.kind}" on ${event.page}, which this demo has no words for` };
}

/** Width of the rung column: the longest rung. */
const RUNG_WIDTH = 'engaged read'.length;

/** The line the demo prints for a stored event. */
export function eventLine(event: StoredEvent): string {
  const { rung, text } = describeEvent(event);
  return `  ${rung.padEnd(RUNG_WIDTH)}  ${text}`;
}

/**
 * Generations of the shares seen so far, by token, under the protocol's rules (see
 * `rebuildShareTree`): a share by a direct visitor is generation 1, a share by a visitor who came
 * through a generation-g share is g + 1, and a parent token with no recorded share counts as an
 * unrecorded generation-1 share. Feed it every stored share in order.
 */
export class ShareGenerations {
  readonly #byToken = new Map<string, number>();

  /** Records a share; its generation. A token seen before keeps its first generation. */
  add(token: string | null, parentToken: string | null): number {
    const known = token ? this.#byToken.get(token) : undefined;
    if (known !== undefined) return known;
    const generation = parentToken ? (this.#byToken.get(parentToken) ?? 1) + 1 : 1;
    if (token) this.#byToken.set(token, generation);
    return generation;
  }

  /** The generation of the share with this token, if it was seen. */
  of(token: string | null | undefined): number | undefined {
    return token ? this.#byToken.get(token) : undefined;
  }
}
