/**
 * The creation contract's names and numbers, without the schema library, so the page middleware and
 * browser scripts can use them (`@sharecraft/protocol/ids`). `creations.ts` re-exports them all.
 */

/** Where the form posts (multipart/form-data) and the owner lists creations (GET, bearer token). */
export const CREATIONS_PATH = '/api/creations';

/** Where the anti-spam widget fetches a proof-of-work challenge (GET, JSON, ALTCHA format). */
export const CREATION_CHALLENGE_PATH = '/api/creations/challenge';

/** Where a reader's private receipt link points: `GET <path>/<receipt>` shows it, `POST` deletes it. */
export const CREATION_RECEIPT_PATH = '/creations/receipt';

/** Where the moderation page is served (standalone), or under the mount path (mounted). */
export const ADMIN_PATH = '/admin';

/**
 * Kinds of submission: a creation to show on the post, a private letter to the author (never
 * published), or a mention (a webmention: another site's page that links to the post).
 */
export const CREATION_KINDS = ['creation', 'letter', 'mention'] as const;
export type CreationKind = (typeof CREATION_KINDS)[number];

/** The kinds a reader may send through the form: mentions only arrive as webmentions. */
export const FORM_KINDS = ['creation', 'letter'] as const satisfies readonly CreationKind[];
export type FormKind = (typeof FORM_KINDS)[number];

/** Where other sites send webmentions (W3C Webmention): `POST` source and target; `GET <path>/<id>` is the status. */
export const WEBMENTION_PATH = '/webmention';

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
