import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Checks an `Authorization` header against the configured bearer token. Both sides are hashed
 * first so the comparison takes the same time whatever the length or content of the guess.
 */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header?.trim() ?? '');
  if (!match) return false;
  return timingSafeEqual(digest(match[1]), digest(token));
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
