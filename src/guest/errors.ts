/**
 * Error classes of the golem-ts guest SDK.
 *
 * Every SDK error extends {@link GolemTsError}, which carries a stable machine-readable `code` and
 * an optional `cause` (the underlying error, e.g. the host's `ComponentError`).
 *
 * Never let one of these escape an exported function as-is: in StarlingMonkey a thrown `Error`
 * object traps the instance. Wrap exports returning `result<T, string>` with `resultFn` /
 * `handleResult` (see `result.ts`), which turn them into `err(<message>)`.
 */
import type { StandardSchemaV1 } from '@standard-schema/spec';

/** Codes used by the SDK's own errors. */
export type GolemTsErrorCode =
  | 'INVALID_PAYLOAD'
  | 'UNENCODABLE_PAYLOAD'
  | 'KEY_VALUE'
  | 'INVALID_PROMISE_ID'
  | 'INVALID_UUID'
  | 'COMPENSATION_FAILED'
  | 'TRANSACTION_CLOSED';

export interface GolemTsErrorOptions {
  /** A machine-readable code. Defaults to `'GOLEM_TS'`. */
  code?: string;
  /** The underlying error. */
  cause?: unknown;
}

/** Base class of every error thrown by the guest SDK. */
export class GolemTsError extends Error {
  /** A stable machine-readable code, e.g. `'INVALID_PAYLOAD'` or `'KEY_VALUE'`. */
  readonly code: string;

  constructor(message: string, options: GolemTsErrorOptions = {}) {
    super(message);
    this.name = 'GolemTsError';
    this.code = options.code ?? 'GOLEM_TS';
    if ('cause' in options) {
      // Set explicitly (not via the `{ cause }` option) so it works on every engine and is
      // present even when the cause is `undefined`-ish but was passed on purpose.
      this.cause = options.cause;
    }
  }
}

/** One problem found in a payload: a Standard Schema issue (`message` and optional `path`). */
export type PayloadIssue = StandardSchemaV1.Issue;

export interface PayloadValidationErrorOptions {
  /** What was being decoded, for the message, e.g. `promise 0f…/worker-1/12`. */
  source?: string;
  cause?: unknown;
}

/**
 * A payload (a promise's completion data or a key-value value) is not valid UTF-8, not valid JSON,
 * or was rejected by the schema.
 */
export class PayloadValidationError extends GolemTsError {
  declare readonly code: 'INVALID_PAYLOAD';
  /** The schema's issues, or a single issue describing the UTF-8 / JSON problem. */
  readonly issues: ReadonlyArray<PayloadIssue>;
  /** The raw payload bytes. */
  readonly bytes: Uint8Array;
  /** What was being decoded (e.g. `promise <id>` or `key "k" in bucket "b"`), if known. */
  readonly source: string | undefined;

  constructor(
    issues: ReadonlyArray<PayloadIssue>,
    bytes: Uint8Array,
    options: PayloadValidationErrorOptions = {},
  ) {
    super(formatPayloadMessage(issues, options.source), {
      code: 'INVALID_PAYLOAD',
      ...('cause' in options ? { cause: options.cause } : {}),
    });
    this.name = 'PayloadValidationError';
    this.issues = issues;
    this.bytes = bytes;
    this.source = options.source;
  }
}

/** A value could not be encoded as JSON (e.g. `undefined`, a `bigint`, a cycle). */
export class PayloadEncodingError extends GolemTsError {
  declare readonly code: 'UNENCODABLE_PAYLOAD';
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'UNENCODABLE_PAYLOAD', ...(cause === undefined ? {} : { cause }) });
    this.name = 'PayloadEncodingError';
  }
}

/** The `wasi:keyvalue` operations, named as in the WIT. */
export type KeyValueOperation =
  | 'open-bucket'
  | 'get'
  | 'set'
  | 'delete'
  | 'exists'
  | 'keys'
  | 'get-many'
  | 'set-many'
  | 'delete-many'
  | 'increment'
  | 'compare-and-swap'
  | 'outgoing-value-write-body-sync'
  | 'incoming-value-consume-sync';

export interface KeyValueErrorOptions {
  operation: KeyValueOperation;
  bucket: string;
  key?: string | undefined;
  keys?: ReadonlyArray<string> | undefined;
  /** The host error's `trace()` text. */
  trace: string;
  /** The thrown host error (a `ComponentError` whose `payload` is the `error` resource). */
  cause: unknown;
}

/** A `wasi:keyvalue` call returned `err(error)`. */
export class KeyValueError extends GolemTsError {
  declare readonly code: 'KEY_VALUE';
  readonly operation: KeyValueOperation;
  readonly bucket: string;
  /** The key involved, for single-key operations. */
  readonly key: string | undefined;
  /** The keys involved, for batch operations. */
  readonly keys: ReadonlyArray<string> | undefined;
  /** The host's description of the error (`error.trace()`). */
  readonly trace: string;

  constructor(options: KeyValueErrorOptions) {
    const target =
      options.key !== undefined
        ? ` key ${JSON.stringify(options.key)} in`
        : options.keys !== undefined
          ? ` ${options.keys.length} key(s) in`
          : '';
    super(
      `key-value ${options.operation} failed for${target} bucket ${JSON.stringify(options.bucket)}: ${options.trace}`,
      { code: 'KEY_VALUE', cause: options.cause },
    );
    this.name = 'KeyValueError';
    this.operation = options.operation;
    this.bucket = options.bucket;
    this.key = options.key;
    this.keys = options.keys;
    this.trace = options.trace;
  }
}

/** A string or object could not be read as a promise id. */
export class InvalidPromiseIdError extends GolemTsError {
  declare readonly code: 'INVALID_PROMISE_ID';
  /** The rejected input. */
  readonly input: unknown;
  constructor(message: string, input: unknown, cause?: unknown) {
    super(message, { code: 'INVALID_PROMISE_ID', ...(cause === undefined ? {} : { cause }) });
    this.name = 'InvalidPromiseIdError';
    this.input = input;
  }
}

/** A string is not a UUID in the standard 8-4-4-4-12 hex form. */
export class InvalidUuidError extends GolemTsError {
  declare readonly code: 'INVALID_UUID';
  readonly input: string;
  constructor(input: string) {
    super(`invalid UUID ${JSON.stringify(input)}: expected 8-4-4-4-12 hexadecimal digits`, {
      code: 'INVALID_UUID',
    });
    this.name = 'InvalidUuidError';
    this.input = input;
  }
}

/**
 * A transaction could not go on: an infallible transaction's compensation returned `err`
 * (`COMPENSATION_FAILED`, `.error` holds it), or an operation was executed on a transaction that
 * has already finished (`TRANSACTION_CLOSED`).
 */
export class TransactionError extends GolemTsError {
  declare readonly code: 'COMPENSATION_FAILED' | 'TRANSACTION_CLOSED';
  /** The compensation's error value, for `COMPENSATION_FAILED`. */
  readonly error: unknown;
  constructor(code: 'COMPENSATION_FAILED' | 'TRANSACTION_CLOSED', message: string, error?: unknown) {
    super(message, { code, ...(error === undefined ? {} : { cause: error }) });
    this.name = 'TransactionError';
    this.error = error;
  }
}

/** `a.b[0].c`-style rendering of a Standard Schema issue path. */
export function formatIssuePath(path: PayloadIssue['path']): string {
  if (path === undefined || path.length === 0) return '';
  let out = '';
  for (const segment of path) {
    const key: PropertyKey =
      typeof segment === 'object' && segment !== null ? segment.key : segment;
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'symbol') out += `[${key.toString()}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

function formatPayloadMessage(issues: ReadonlyArray<PayloadIssue>, source: string | undefined): string {
  const head = `invalid payload${source ? ` for ${source}` : ''}`;
  if (issues.length === 0) return head;
  const lines = issues.map((issue) => {
    const path = formatIssuePath(issue.path);
    return `  - ${path ? `${path}: ` : ''}${issue.message}`;
  });
  return `${head}: ${issues.length} issue${issues.length === 1 ? '' : 's'}\n${lines.join('\n')}`;
}
