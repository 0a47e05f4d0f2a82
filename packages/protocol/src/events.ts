import { z } from 'zod';
import { PAGE_ID_LENGTH } from './page-id.js';

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
  .regex(/^[A-Za-z0-9_-]{16,32}$/, 'an event id is 16 to 32 characters of A-Z, a-z, 0-9, _ or -');

const pageIdSchema = z
  .string()
  .regex(new RegExp(`^[0-9a-z]{${PAGE_ID_LENGTH}}$`), `a page id is ${PAGE_ID_LENGTH} base32 characters`);

/** A page view. Field names are one letter: the beacon writes them by hand, byte by byte. */
export const pageViewEventSchema = z.strictObject({
  /** Event id. */
  i: eventIdSchema,
  /** Kind: page view. */
  k: z.literal('v'),
  /** Page id, from the page's manifest slice. */
  p: pageIdSchema,
  /** Referrer class. */
  r: z.enum(REFERRER_CLASSES).optional(),
  /** The share token the visit arrived with, if any: the parent in the share tree. */
  s: z
    .string()
    .regex(/^[A-Za-z0-9_-]{6,24}$/)
    .optional(),
});

export const eventSchema = z.discriminatedUnion('k', [pageViewEventSchema]);
export type SharecraftEvent = z.infer<typeof eventSchema>;

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
