import { z } from 'zod';
import { CTA_ID_PATTERN, PAGE_ID_LENGTH } from './page-id.js';

/** Version of the event wire format; a collector rejects batches of a version it does not know. */
export const EVENT_WIRE_VERSION = 1;

/** Most events one request may carry. */
export const MAX_EVENTS_PER_BATCH = 50;

/** Most bytes one request body may have. */
export const MAX_BATCH_BYTES = 16 * 1024;

/**
 * Where a visit came from, as a class rather than a URL: the referrer itself is never sent.
 * `d` direct · `i` internal (same site) · `s` search engine · `o` any other site.
 */
export const REFERRER_CLASSES = ['d', 'i', 's', 'o'] as const;
export type ReferrerClass = (typeof REFERRER_CLASSES)[number];

/** A client-generated event id: 16 to 32 URL-safe characters, so a retried event is stored once. */
export const eventIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,36}$/, 'an event id is 16 to 36 characters of A-Z, a-z, 0-9, _ or - (a UUID fits)');

const pageIdSchema = z
  .string()
  .regex(new RegExp(`^[0-9a-z]{${PAGE_ID_LENGTH}}$`), `a page id is ${PAGE_ID_LENGTH} base32 characters`);

/** A share token as it travels: lenient on arrival (readers retype links), exact when minted. */
const tokenSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{6,24}$/, 'a share token is 6 to 24 characters of A-Z, a-z, 0-9, _ or -');

const ctaIdSchema = z
  .string()
  .regex(CTA_ID_PATTERN, "a CTA id is `<placement>.<action>`, e.g. `end.x`, as the page's manifest lists it");

/** Fields every event has. Names are one letter: the beacon writes them by hand, byte by byte. */
const base = {
  /** Event id, minted in the browser: a retry of the same event is stored once. */
  i: eventIdSchema,
  /** Page id, from the page's manifest slice. */
  p: pageIdSchema,
};

/** A page view (`v`): where the visit came from, as a class, and the share token it arrived with. */
export const pageViewEventSchema = z.strictObject({
  ...base,
  k: z.literal('v'),
  /** Referrer class. */
  r: z.enum(REFERRER_CLASSES).optional(),
  /** The share token the visit arrived with, if any: the parent in the share tree. */
  s: tokenSchema.optional(),
});

/**
 * Longest engagement one event records: a day, in milliseconds. A longer report (a kiosk left open)
 * is stored as a day rather than refused, so the beacon needs no clamp of its own.
 */
export const MAX_ENGAGED_MS = 86_400_000;

/**
 * Engagement (`g`) with a page view: time the page was visible and focused, and the deepest the
 * reader scrolled. Sent when the page is hidden, only when either grew; later reports for the same
 * view carry the running totals, so the collector keeps the largest.
 */
export const engagementEventSchema = z.strictObject({
  ...base,
  k: z.literal('g'),
  /** Id of the page view this engagement belongs to. */
  l: eventIdSchema,
  /** Milliseconds visible and focused; more than a day counts as a day. */
  t: z
    .int()
    .min(0)
    .max(Number.MAX_SAFE_INTEGER)
    .transform((ms) => Math.min(ms, MAX_ENGAGED_MS)),
  /** Deepest scroll, as a percentage of the page. */
  d: z.int().min(0).max(100),
});

/**
 * Kinds of share a reader can make: `s` a network link, `c` copy link, `n` the device's share
 * sheet, `q` a quote (an author-marked passage or the reader's selection).
 */
export const SHARE_EVENT_KINDS = ['s', 'c', 'n', 'q'] as const;

/** A share: which control, the token minted for it and the token this visit arrived with. */
export const shareEventSchema = z.strictObject({
  ...base,
  k: z.enum(SHARE_EVENT_KINDS),
  /** CTA id of the control used; its network is in the manifest. */
  c: ctaIdSchema,
  /** The token minted for this share: it rides in the shared URL. */
  t: tokenSchema,
  /** The token this visit arrived with: the share's parent. */
  s: tokenSchema.optional(),
});

/** A click on a remix invitation (`x`). */
export const remixEventSchema = z.strictObject({
  ...base,
  k: z.literal('x'),
  c: ctaIdSchema,
  /** The token this visit arrived with, so a creation can be credited to the share that led to it. */
  s: tokenSchema.optional(),
});

/** A reader submitted a creation (`f`) through one of the page's forms. */
export const creationEventSchema = z.strictObject({
  ...base,
  k: z.literal('f'),
  /** Id of the form, as the page's manifest lists it. */
  f: z.string().regex(/^[a-z0-9-]{1,64}$/, 'a form id is 1 to 64 of a-z, 0-9 and -'),
  s: tokenSchema.optional(),
});

/**
 * Every kind of event, one letter each, in the order of the ladder: `v` page view, `g` engagement,
 * the share kinds, `x` a click on a remix invitation, `f` a creation. Anything that names or
 * counts kinds (a report, a log line) can check it covers them all.
 */
export const EVENT_KINDS = ['v', 'g', ...SHARE_EVENT_KINDS, 'x', 'f'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const eventSchema = z.discriminatedUnion('k', [
  pageViewEventSchema,
  engagementEventSchema,
  shareEventSchema,
  remixEventSchema,
  creationEventSchema,
]);
export type SharecraftEvent = z.infer<typeof eventSchema>;
export type PageViewEvent = z.infer<typeof pageViewEventSchema>;
export type EngagementEvent = z.infer<typeof engagementEventSchema>;
export type ShareEvent = z.infer<typeof shareEventSchema>;
export type RemixEvent = z.infer<typeof remixEventSchema>;
export type CreationEvent = z.infer<typeof creationEventSchema>;

/** What the beacon sends: `{"v":1,"e":[…]}`. */
export const eventBatchSchema = z.strictObject({
  v: z.literal(EVENT_WIRE_VERSION),
  e: z.array(eventSchema).min(1).max(MAX_EVENTS_PER_BATCH),
});
export type EventBatch = z.infer<typeof eventBatchSchema>;

export type DecodeResult = { ok: true; batch: EventBatch } | { ok: false; reason: string };

/** Parses and validates a request body. Never throws: a bad body comes back with a reason a person can act on. */
export function decodeEventBatch(body: string): DecodeResult {
  if (body.length > MAX_BATCH_BYTES) {
    return { ok: false, reason: `body is ${body.length} bytes; the most a batch may have is ${MAX_BATCH_BYTES}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'body is not JSON; send {"v":1,"e":[…]} as text/plain or application/json' };
  }
  const parsed = eventBatchSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
    return { ok: false, reason: `${where}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, batch: parsed.data };
}
