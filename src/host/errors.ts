/**
 * Executor failures, each mapped to the Worker API's error table by the REST server:
 * `errors` (400) carries the list of problems; everything else has one message.
 */
export type ExecutorErrorCode =
  | 'INVALID_REQUEST' // 400
  | 'UNAUTHORIZED' // 401
  | 'LIMIT_EXCEEDED' // 403
  | 'TEMPLATE_NOT_FOUND' // 404
  | 'WORKER_NOT_FOUND' // 404
  | 'PROMISE_NOT_FOUND' // 404
  | 'WORKER_ALREADY_EXISTS' // 409
  | 'INVOCATION_FAILED' // 500: the guest trapped or failed permanently
  | 'INTERNAL' // 500
  | 'STORAGE_FAILED' // 503: the store refused a write (disk full); nothing of the request was recorded
  | 'TIMEOUT'; // 504

export const HTTP_STATUS: Record<ExecutorErrorCode, number> = {
  INVALID_REQUEST: 400,
  UNAUTHORIZED: 401,
  LIMIT_EXCEEDED: 403,
  TEMPLATE_NOT_FOUND: 404,
  WORKER_NOT_FOUND: 404,
  PROMISE_NOT_FOUND: 404,
  WORKER_ALREADY_EXISTS: 409,
  INVOCATION_FAILED: 500,
  INTERNAL: 500,
  STORAGE_FAILED: 503,
  TIMEOUT: 504,
};

export class ExecutorError extends Error {
  readonly code: ExecutorErrorCode;
  /** For INVALID_REQUEST: every problem found, as the 400 body's `errors`. */
  readonly errors: string[];

  constructor(code: ExecutorErrorCode, message: string, options?: { errors?: string[]; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.name = 'ExecutorError';
    this.code = code;
    this.errors = options?.errors ?? [message];
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }
}

export const invalid = (errors: string[] | string) => {
  const list = Array.isArray(errors) ? errors : [errors];
  return new ExecutorError('INVALID_REQUEST', list.join('; '), { errors: list });
};

/** A write the store refused (see isStorageFailure in store.ts), as callers see it: retry later. */
export const storageFailed = (cause: unknown) =>
  new ExecutorError(
    'STORAGE_FAILED',
    `the host's storage refused a write (${cause instanceof Error ? cause.message : String(cause)}): nothing of this request was recorded after its last commit; retry once space is free`,
    { cause },
  );
