import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a moderation session lasts after signing in. */
export const SESSION_HOURS = 12;

const SESSION_MS = SESSION_HOURS * 3_600_000;

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares two strings in constant time: both are hashed first, so their lengths do not show either. */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** A signed-in moderator, as the cookie proves it. */
export interface AdminSession {
  /** The random part of the cookie: what the CSRF token and a sign-out are bound to. */
  nonce: string;
  expiresMs: number;
  /** The token every form of this session carries. */
  csrf: string;
}

/**
 * Sessions of the moderation page, signed rather than stored: the cookie is
 * `<expiry>.<random nonce>.<HMAC>` with a key derived from the admin token, so every replica
 * sharing the token accepts it, and a new token signs everyone out. Signing out records the nonce
 * as revoked in this process until it would have expired anyway.
 */
export class AdminSessions {
  readonly #key: Buffer;
  readonly #revoked = new Map<string, number>();
  readonly #now: () => number;

  constructor(adminToken: string, now: () => number = Date.now) {
    this.#key = createHmac('sha256', adminToken).update('sharecraft admin session v1').digest();
    this.#now = now;
  }

  #mac(what: string): string {
    return createHmac('sha256', this.#key).update(what).digest('base64url');
  }

  /** A new session's cookie value. */
  create(): { value: string; session: AdminSession } {
    const expiresMs = this.#now() + SESSION_MS;
    const nonce = randomBytes(24).toString('base64url');
    const body = `${Math.floor(expiresMs / 1000)}.${nonce}`;
    const value = `${body}.${this.#mac(`session.${body}`)}`;
    return { value, session: { nonce, expiresMs, csrf: this.#mac(`csrf.${nonce}`) } };
  }

  /** The session a cookie value proves, or undefined when it is forged, expired or signed out. */
  verify(value: string | undefined): AdminSession | undefined {
    const match = /^(\d{1,12})\.([A-Za-z0-9_-]{32})\.([A-Za-z0-9_-]{43})$/.exec(value ?? '');
    if (!match) return undefined;
    const [, seconds, nonce, mac] = match as unknown as [string, string, string, string];
    if (!sameSecret(mac, this.#mac(`session.${seconds}.${nonce}`))) return undefined;
    const expiresMs = Number(seconds) * 1000;
    if (expiresMs <= this.#now() || this.#revoked.has(nonce)) return undefined;
    return { nonce, expiresMs, csrf: this.#mac(`csrf.${nonce}`) };
  }

  /** Whether a form's CSRF token belongs to this session. */
  checkCsrf(session: AdminSession, given: unknown): boolean {
    return typeof given === 'string' && sameSecret(given, session.csrf);
  }

  /** Ends a session in this process, and forgets sessions that have expired on their own. */
  revoke(session: AdminSession): void {
    const now = this.#now();
    for (const [nonce, expiresMs] of this.#revoked) if (expiresMs <= now) this.#revoked.delete(nonce);
    this.#revoked.set(session.nonce, session.expiresMs);
  }
}
