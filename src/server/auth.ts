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

/**
 * Why `token` cannot be the host's bearer token, or undefined: an empty one (`--token ''`, an
 * empty GOLEM_TS_TOKEN) or one with white space at either end could never be sent back, so every
 * request would be refused with 401 and no word as to why.
 */
export function tokenProblem(token: string): string | undefined {
  if (token === '') return 'the bearer token is empty: give a non-empty --token (or GOLEM_TS_TOKEN), or none at all to run without auth';
  if (token.trim() !== token) return 'the bearer token starts or ends with white space, which no Authorization header can carry: remove it';
  return undefined;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
