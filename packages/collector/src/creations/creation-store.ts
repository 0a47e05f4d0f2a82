import type { CreationKind, CreationRecord, CreationStatus } from '@sharecraft/protocol';

/**
 * A submission as the collector stores it, once every check has passed and the image (if any) has
 * been re-encoded. The image bytes live in the same database, written in the same transaction as
 * the row: a replica needs no disk of its own, and a crash never leaves half a creation.
 */
export interface NewCreation {
  /** Random, URL-safe; also the public part of the receipt. */
  id: string;
  kind: CreationKind;
  /** `pending` for creations, `unread` for letters. */
  status: CreationStatus;
  formId: string;
  pageId: string;
  postUrl: string;
  title: string;
  text: string;
  links: string[];
  credit: string;
  email: string | null;
  consent: boolean;
  licence: string | null;
  quote: string | null;
  token: string | null;
  /** Sent with a valid proof of work (JavaScript); false for a plain form POST. */
  verified: boolean;
  /** SHA-256 (hex) of the receipt secret: the secret itself is only ever in the reader's link. */
  receiptHash: string;
  /** Hash of the normalised title and text, for the one-day duplicate check. */
  textHash: string;
  image: NewCreationImage | null;
  /** Milliseconds since the epoch. */
  createdAt: number;
}

export interface NewCreationImage {
  type: 'image/jpeg' | 'image/png' | 'image/webp';
  width: number;
  height: number;
  alt: string;
  /** The re-encoded bytes (metadata stripped). */
  bytes: Uint8Array;
}

/** What `list` filters on; every field optional. */
export interface CreationQuery {
  status?: CreationStatus | readonly CreationStatus[];
  kind?: CreationKind;
  pageId?: string;
  /** Newest first; at most this many (default 100). */
  limit?: number;
}

/** Counts per page, for the stats: creations (any status but spam) and letters. */
export interface CreationCounts {
  pageId: string;
  creations: number;
  approved: number;
  letters: number;
}

/** Submissions (spam left out) grouped by page, kind, UTC day and the share token they arrived with. */
export interface CreationTally {
  pageId: string;
  kind: CreationKind;
  /** UTC day of `createdAt`, in days since the epoch. */
  day: number;
  /** The share token the reader arrived with; null for a direct visitor. */
  token: string | null;
  count: number;
}

/**
 * Where creations are kept: implemented for SQLite and PostgreSQL over the same SQL and checked by
 * one contract test on both. Every write resolves once it is durably committed.
 */
export interface CreationStore {
  /** Stores a submission and its image in one transaction. */
  insert(creation: NewCreation): Promise<void>;
  /** Whether a submission with this text hash was stored since `sinceMs`. */
  hasTextSince(textHash: string, sinceMs: number): Promise<boolean>;
  /** One creation, as the owner sees it (email included); undefined when there is none. */
  get(id: string): Promise<CreationRecord | undefined>;
  list(query?: CreationQuery): Promise<CreationRecord[]>;
  /** The stored image bytes and type; undefined when the creation has none (or does not exist). */
  image(id: string): Promise<{ type: string; bytes: Uint8Array } | undefined>;
  /** Sets the status (and the moderation time); false when there is no such creation. */
  setStatus(id: string, status: CreationStatus, atMs: number): Promise<boolean>;
  /** Deletes a creation, its image and its email for good; false when there was none. */
  delete(id: string): Promise<boolean>;
  /** The creation whose receipt secret hashes to `receiptHash`, for the reader's own link. */
  byReceipt(receiptHash: string): Promise<CreationRecord | undefined>;
  /** Deletes spam and rejected entries moderated before `beforeMs`; resolves with how many. */
  purge(beforeMs: number): Promise<number>;
  /** Proof-of-work replay guard: records a solved challenge; false when it was already used. */
  useChallenge(signature: string, expiresMs: number): Promise<boolean>;
  counts(pageId?: string): Promise<CreationCounts[]>;
  /** Submissions created in [fromMs, toMs), for the stats' per-day, per-kind and per-generation counts. */
  tally(fromMs: number, toMs: number, pageId?: string): Promise<CreationTally[]>;
}
