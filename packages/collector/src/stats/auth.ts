import { createHash, timingSafeEqual } from 'node:crypto';

/** Shortest stats token accepted: 16 characters of a random token are beyond guessing. */
export const MIN_TOKEN_LENGTH = 16;

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Checks `Authorization: Bearer <token>` against the configured token in constant time: both are
 * hashed first, so neither their contents nor their lengths show in how long the comparison takes.
 */
export function createBearerCheck(token: string): (request: Request) => boolean {
  const expected = digest(token);
  return (request) => {
    const header = request.headers.get('authorization') ?? '';
    const match = /^Bearer[ \t]+(.+)$/i.exec(header.trim());
    return timingSafeEqual(digest(match?.[1] ?? ''), expected) && match !== null;
  };
}
