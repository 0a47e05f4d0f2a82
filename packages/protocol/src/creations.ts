import { z } from 'zod';

/**
 * The creation submission contract: what a reader's form sends to the collector, what the
 * collector answers, and what the owner's API and export return. The form (astro-sharecraft), the
 * collector and the moderation tools all read it from here, so a field renamed in one place is
 * renamed everywhere.
 */

export * from './creation-fields.js';

import {
  CREATION_IMAGE_TYPES,
  CREATION_KINDS,
  CREATION_STATUSES,
  type CreationKind,
  LETTER_STATUSES,
} from './creation-fields.js';

/** A licence the owner offers: its id (sent by the form), its label, and a URL that explains it. */
export const creationLicenceSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9.-]{1,40}$/),
  label: z.string().min(1),
  url: z.url().optional(),
});
export type CreationLicence = z.infer<typeof creationLicenceSchema>;

/** The licences offered when the owner names none. */
export const DEFAULT_CREATION_LICENCES: readonly CreationLicence[] = [
  { id: 'cc-by-4.0', label: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
  { id: 'site-only', label: 'Only on this site' },
];

/** A field's problem, keyed by its name in `CREATION_FIELDS`' values (e.g. `title`, `link`). */
export type CreationFieldErrors = Record<string, string>;

/** What the collector answers a JavaScript submission (`Accept: application/json`) that it stored: 201. */
export interface CreationAccepted {
  ok: true;
  id: string;
  kind: CreationKind;
  /** False when it came without proof of work (no JavaScript): it is held for stricter review. */
  verified: boolean;
  /** The reader's private link that shows and deletes the submission for good. */
  receiptUrl: string;
}

/** What the collector answers a submission it refused: 4xx, `error` a machine code, `reason` for people. */
export interface CreationRefused {
  error: string;
  reason: string;
  /** Per-field problems, when the refusal is about what was typed (422). */
  fields?: CreationFieldErrors;
}

/** A stored image, as the owner's API describes it (the bytes are served separately). */
export const creationImageSchema = z.strictObject({
  type: z.enum(CREATION_IMAGE_TYPES),
  width: z.int().positive(),
  height: z.int().positive(),
  bytes: z.int().positive(),
  alt: z.string(),
  /** Where the owner's API serves it (token required). */
  url: z.string(),
});

/** A creation as the owner's API (`GET /api/creations`) and `sharecraft creations export` give it. */
export const creationRecordSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(CREATION_KINDS),
  status: z.enum([...CREATION_STATUSES, ...LETTER_STATUSES]),
  formId: z.string(),
  pageId: z.string(),
  postUrl: z.string(),
  title: z.string(),
  text: z.string(),
  links: z.array(z.string()),
  credit: z.string(),
  /** Only in the owner's API and the CLI; never in an export meant for publication (`--approved`). */
  email: z.string().optional(),
  consent: z.boolean(),
  licence: z.string().nullable(),
  quote: z.string().nullable(),
  /** The share token the reader arrived with, if any. */
  token: z.string().nullable(),
  verified: z.boolean(),
  image: creationImageSchema.nullable(),
  createdAt: z.iso.datetime(),
  moderatedAt: z.iso.datetime().nullable(),
});
export type CreationRecord = z.infer<typeof creationRecordSchema>;
