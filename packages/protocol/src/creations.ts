import { z } from 'zod';

/**
 * The creation submission contract: what a reader's form sends to the collector, what the
 * collector answers, and what the owner's API and export return. The form (astro-sharecraft), the
 * collector and the moderation tools all read it from here, so a field renamed in one place is
 * renamed everywhere.
 */

/** Where the form posts (multipart/form-data) and the owner lists creations (GET, bearer token). */
export const CREATIONS_PATH = '/api/creations';

/** Where the anti-spam widget fetches a proof-of-work challenge (GET, JSON, ALTCHA format). */
export const CREATION_CHALLENGE_PATH = '/api/creations/challenge';

/** Where a reader's private receipt link points: `GET <path>/<receipt>` shows it, `POST` deletes it. */
export const CREATION_RECEIPT_PATH = '/creations/receipt';

/** Where the moderation page is served (standalone), or under the mount path (mounted). */
export const ADMIN_PATH = '/admin';

/** Kinds of submission: a creation to show on the post, or a private letter to the author (never published). */
export const CREATION_KINDS = ['creation', 'letter'] as const;
export type CreationKind = (typeof CREATION_KINDS)[number];

/** Where a creation is in moderation. Letters use `unread` and `read` instead. */
export const CREATION_STATUSES = ['pending', 'approved', 'rejected', 'spam'] as const;
export const LETTER_STATUSES = ['unread', 'read'] as const;
export type CreationStatus = (typeof CREATION_STATUSES)[number] | (typeof LETTER_STATUSES)[number];

/** Field names of the multipart form, as the form renders them and the collector reads them. */
export const CREATION_FIELDS = {
  /** The form's id as the manifest lists it (hidden). */
  form: 'sc-form',
  /** The post's page id (hidden). */
  page: 'sc-page',
  /** The post's URL, where a no-JavaScript submission is sent back to (hidden). */
  post: 'sc-post',
  /** A quote the reader shared or selected, carried from the remix call-to-action (hidden, optional). */
  quote: 'sc-quote',
  /** The share token the reader's visit arrived with (hidden, optional): joins the creation to the cascade. */
  token: 'sc-token',
  kind: 'kind',
  title: 'title',
  text: 'text',
  /** Up to `MAX_CREATION_LINKS` fields of this name. */
  link: 'link',
  image: 'image',
  /** Text alternative of the image, for the gallery. */
  imageAlt: 'image-alt',
  credit: 'credit',
  email: 'email',
  /** `yes` when the reader agrees to publication with the credit. */
  consent: 'consent',
  licence: 'licence',
  /** The honeypot: a field people never see or fill. Anything in it marks the submission as spam. */
  honeypot: 'website',
  /** The ALTCHA payload (base64 JSON), set by the widget; absent without JavaScript. */
  altcha: 'altcha',
} as const;

/** Limits every submission is checked against, on the client (attributes) and the collector alike. */
export const CREATION_LIMITS = {
  title: 120,
  text: 5000,
  credit: 80,
  email: 254,
  link: 2048,
  imageAlt: 300,
  quote: 1000,
} as const;

/** Most links a submission may carry. */
export const MAX_CREATION_LINKS = 3;

/** Largest image accepted, in bytes. */
export const MAX_CREATION_IMAGE_BYTES = 5 * 1024 * 1024;

/** Largest image accepted, in pixels (width × height). */
export const MAX_CREATION_IMAGE_PIXELS = 40_000_000;

/** Largest request body accepted: the image plus room for the text fields and multipart framing. */
export const MAX_CREATION_BODY_BYTES = MAX_CREATION_IMAGE_BYTES + 256 * 1024;

/** Image types a reader may upload, checked from the bytes. SVG is never accepted. */
export const CREATION_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

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
