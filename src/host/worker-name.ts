/**
 * The one worker-name rule, enforced at creation: whatever is accepted here is reachable on every
 * route (the seed's `/workers/{workerName}` paths and the versioned id `{templateId}.{workerName}`).
 * Golem limits names to 1–100 characters; golem-ts also keeps them to URL-unreserved characters so
 * a name never needs percent-encoding in a path.
 */
export const MAX_WORKER_NAME_LENGTH = 100;

/** The problem with `name`, or undefined when it is a valid worker name. */
export function workerNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '') return 'Invalid worker name: it must be a non-empty string';
  if (name.length > MAX_WORKER_NAME_LENGTH) return `Invalid worker name: ${name.length} characters; at most ${MAX_WORKER_NAME_LENGTH} are allowed`;
  if (!/^[A-Za-z0-9][A-Za-z0-9._~-]*$/.test(name)) {
    return `Invalid worker name: ${JSON.stringify(name)} (letters, digits, '.', '_', '~', '-', starting with a letter or digit)`;
  }
  return undefined;
}
