import { type Challenge, createChallenge, randomInt, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import type { EventStore } from '../storage/event-store.js';

/** How long a challenge may be solved and sent for: time to write something, not to stockpile. */
export const CHALLENGE_TTL_MS = 30 * 60_000;

/** The least time between fetching a challenge and sending the form: people take longer, scripts do not. */
export const DEFAULT_MIN_FILL_MS = 3000;

/** Largest counter a challenge hides: about a second of hashing in a browser. */
export const DEFAULT_CHALLENGE_COUNTER = 50_000;

/**
 * A proof of work that holds (its signature and expiry, to record it as used once the submission
 * is stored), or why it was refused: a machine code and a reason for people.
 */
export type ProofCheck =
  | { ok: true; signature: string; expiresMs: number }
  | { ok: false; error: string; reason: string };

export interface ChallengeOptions {
  /** Least fill time in ms (default `DEFAULT_MIN_FILL_MS`). */
  minFillMs?: number;
  /** Counters are drawn below this (default `DEFAULT_CHALLENGE_COUNTER`). */
  maxCounter?: number;
  now?(): number;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/**
 * ALTCHA proof of work, with nothing from a third party: challenges are signed with keys the
 * collector generates once and keeps in its database (so every replica checks what any replica
 * issued), carry the time they were issued (the minimum fill time is checked against it), and
 * expire. The handler records a solved challenge when it is used (`CreationStore.useChallenge`),
 * so the same solution is refused the second time on any replica.
 */
export class CreationChallenges {
  readonly #store: Pick<EventStore, 'secret'>;
  readonly #minFillMs: number;
  readonly #maxCounter: number;
  readonly #now: () => number;
  #keys: Promise<{ signature: string; key: string }> | undefined;

  constructor(store: Pick<EventStore, 'secret'>, options: ChallengeOptions = {}) {
    this.#store = store;
    this.#minFillMs = options.minFillMs ?? DEFAULT_MIN_FILL_MS;
    this.#maxCounter = Math.max(2, options.maxCounter ?? DEFAULT_CHALLENGE_COUNTER);
    this.#now = options.now ?? Date.now;
  }

  /** The signing keys, read (or made) once; a failed read is tried again next time. */
  #secrets(): Promise<{ signature: string; key: string }> {
    if (!this.#keys) {
      const keys = Promise.all([this.#store.secret('altcha-signature'), this.#store.secret('altcha-key')]).then(
        ([signature, key]) => ({ signature: hex(signature), key: hex(key) }),
      );
      this.#keys = keys;
      keys.catch(() => {
        if (this.#keys === keys) this.#keys = undefined;
      });
    }
    return this.#keys;
  }

  /** A fresh signed challenge, in the format the `altcha` widget fetches. */
  async create(): Promise<Challenge> {
    const keys = await this.#secrets();
    const now = this.#now();
    return createChallenge({
      algorithm: 'SHA-256',
      cost: 1,
      counter: randomInt(1, this.#maxCounter),
      deriveKey,
      data: { issuedAt: now },
      expiresAt: Math.floor((now + CHALLENGE_TTL_MS) / 1000),
      hmacSignatureSecret: keys.signature,
      hmacKeySignatureSecret: keys.key,
    });
  }

  /**
   * Checks a payload (base64 JSON `{challenge, solution}`): signed here, not expired, solved, and
   * sent no sooner than the minimum fill time. Whether it was used before is `useChallenge`'s to
   * say, once the rest of the submission passed (so a typo does not cost a new proof).
   */
  async check(payload: string): Promise<ProofCheck> {
    const invalid = (reason: string): ProofCheck => ({ ok: false, error: 'proof_invalid', reason });
    let decoded: { challenge?: Challenge; solution?: unknown };
    try {
      decoded = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
    } catch {
      return invalid('the anti-spam proof is not readable; reload the post and send the form again');
    }
    const challenge = decoded?.challenge;
    if (
      typeof challenge !== 'object' ||
      challenge === null ||
      typeof challenge.parameters !== 'object' ||
      challenge.parameters === null ||
      typeof decoded.solution !== 'object' ||
      decoded.solution === null
    ) {
      return invalid('the anti-spam proof is incomplete; reload the post and send the form again');
    }
    const keys = await this.#secrets();
    let result: Awaited<ReturnType<typeof verifySolution>>;
    try {
      result = await verifySolution({
        challenge,
        solution: decoded.solution as never,
        deriveKey,
        hmacSignatureSecret: keys.signature,
        hmacKeySignatureSecret: keys.key,
      });
    } catch {
      return invalid('the anti-spam proof could not be checked; reload the post and send the form again');
    }
    if (result.expired) {
      return { ok: false, error: 'proof_expired', reason: 'the anti-spam proof expired; send the form again' };
    }
    if (result.invalidSignature) {
      return {
        ok: false,
        error: 'proof_forged',
        reason: 'the anti-spam challenge was not issued by this collector; reload the post and send the form again',
      };
    }
    if (!result.verified) return invalid('the anti-spam proof is wrong; reload the post and send the form again');
    const issuedAt = Number(challenge.parameters.data?.issuedAt);
    if (!Number.isFinite(issuedAt) || this.#now() - issuedAt < this.#minFillMs) {
      return {
        ok: false,
        error: 'too_fast',
        reason: `the form was sent within ${this.#minFillMs / 1000} s of opening it; take a moment and send it again`,
      };
    }
    const expiresMs = (challenge.parameters.expiresAt ?? 0) * 1000 || this.#now() + CHALLENGE_TTL_MS;
    return { ok: true, signature: String(challenge.signature), expiresMs };
  }
}
