import { STATUS_CODES } from 'node:http';

/** A non-2xx answer from a Golem REST API (this host or Golem itself). */
export class GolemApiError extends Error {
  readonly code = 'GOLEM_API';
  readonly status: number;
  /** The problems reported: a 400's `errors`, or the single `error` of other statuses. */
  readonly errors: string[];
  /** The parsed response body (or its text when it wasn't JSON). */
  readonly body: unknown;

  constructor(status: number, body: unknown) {
    const errors = errorsOf(body);
    const reason = STATUS_CODES[status] ?? 'Error';
    super(errors.length ? `${status} ${reason}: ${errors.join('; ')}` : `${status} ${reason}`);
    this.name = 'GolemApiError';
    this.status = status;
    this.errors = errors;
    this.body = body;
  }
}

/** The server could not be reached at all (refused, DNS, reset). */
export class GolemConnectionError extends Error {
  readonly code = 'GOLEM_CONNECTION';
  readonly url: string;

  constructor(url: string, cause: unknown) {
    super(`cannot reach the Golem API at ${url}: ${describeCause(cause)}`, { cause });
    this.name = 'GolemConnectionError';
    this.url = url;
  }
}

/** Pulls the messages out of `{"errors": [...]}`, `{"error": "..."}` or open-source Golem's `{"golemError": {...}}`. */
function errorsOf(body: unknown): string[] {
  if (typeof body === 'string') return body.trim() ? [body.trim().slice(0, 300)] : [];
  if (typeof body !== 'object' || body === null) return [];
  const b = body as { errors?: unknown; error?: unknown; golemError?: unknown };
  if (Array.isArray(b.errors)) return b.errors.map(String);
  if (typeof b.error === 'string') return [b.error];
  if (b.golemError && typeof b.golemError === 'object') {
    const { type, ...rest } = b.golemError as { type?: string };
    const details = (rest as { details?: unknown }).details;
    return [typeof details === 'string' ? `${type}: ${details}` : `${type ?? 'GolemError'} ${JSON.stringify(rest)}`];
  }
  return [];
}

function describeCause(e: unknown): string {
  // undici reports "fetch failed" and keeps the useful part (ECONNREFUSED …) in `cause`.
  const inner = (e as { cause?: unknown })?.cause ?? e;
  const errors = (inner as { errors?: { message?: string }[] })?.errors;
  if (Array.isArray(errors) && errors.length) return errors.map((x) => x.message).join('; ');
  return (inner as Error)?.message ?? String(inner);
}

/** The request cannot be made in the chosen REST shape (a route it lacks, a function it does not export). */
export class GolemClientError extends Error {
  readonly code = 'GOLEM_CLIENT';

  constructor(message: string) {
    super(message);
    this.name = 'GolemClientError';
  }
}

/** `waitForStatus` gave up: the worker did not reach the status in time. */
export class GolemTimeoutError extends Error {
  readonly code = 'GOLEM_TIMEOUT';

  constructor(message: string) {
    super(message);
    this.name = 'GolemTimeoutError';
  }
}
