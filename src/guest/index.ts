/**
 * golem-ts guest SDK: what a workflow imports as `golem-ts` inside a WebAssembly component.
 *
 * - durable promises: {@link createPromise}, {@link DurablePromise}, {@link completePromise}, …
 * - typed key-value: {@link openBucket}, {@link Bucket}
 * - safe `result<T, string>` exports: {@link resultFn}, {@link handleResult}, {@link toErr}
 * - transactions with compensations: {@link fallibleTransaction}, {@link infallibleTransaction},
 *   {@link operation}, {@link Result}
 * - host helpers: {@link atomically}, {@link idempotencyKey}, … and the raw `golem:api/host`
 *   bindings as the {@link host} namespace
 *
 * `fetch` (the global) is durable on the golem-ts host, as on Golem: the request is recorded
 * before it is sent and the whole response when it arrives, so replay returns the recorded
 * response and never sends again. A request in flight when the host died is sent once more
 * (the default idempotence mode): give such calls an `idempotency-key` header from
 * {@link idempotencyKey} (recorded, so the repeat carries the same key), or wrap them in
 * {@link withIdempotenceMode}`(false, …)` to have the worker fail instead of repeating. Responses
 * are bounded (4 MiB by default). A component built with `"http": false` has a `fetch` that
 * rejects with an `HttpLeftOutError` that says so.
 */
/// <reference path="./wit-modules.d.ts" preserve="true" />

export {
  createPromise,
  completePromise,
  completePromiseBytes,
  deletePromise,
  toPromiseId,
  DurablePromise,
  type PromiseIdJson,
  type PromiseRef,
  type CompletionBody,
} from './promise.ts';

export { openBucket, Bucket, type Entries } from './keyvalue.ts';

export {
  GolemTsError,
  PayloadValidationError,
  PayloadEncodingError,
  KeyValueError,
  InvalidPromiseIdError,
  InvalidUuidError,
  TransactionError,
  formatIssuePath,
  type GolemTsErrorCode,
  type GolemTsErrorOptions,
  type PayloadIssue,
  type KeyValueOperation,
} from './errors.ts';

export { resultFn, handleResult, toErr } from './result.ts';

export {
  Result,
  operation,
  fallibleTransaction,
  infallibleTransaction,
  FallibleTransaction,
  InfallibleTransaction,
  type Ok,
  type Err,
  type Operation,
  type OperationErrors,
  type TransactionFailure,
  type TransactionResult,
} from './transaction.ts';

export {
  oplogIndex,
  selfUri,
  selfWorkerId,
  idempotencyKey,
  atomically,
  withPersistenceLevel,
  withIdempotenceMode,
  withRetryPolicy,
  uuidToString,
  uuidFromString,
  isHostUnwind,
  type PersistenceLevelLike,
  type PromiseId,
  type WorkerId,
  type TemplateId,
  type Uuid,
  type OplogIndex,
  type RetryPolicy,
  type PersistenceLevel,
} from './host.ts';

export { RemoteWorker, remoteFunction, RpcError, type RemoteFunction, type RpcErrorKind } from './rpc.ts';
export { wit, toWitValue, fromWitValue, WitValueError, type WitCodec, type Infer, type Result as WitResult, type WitNode, type WitValue } from './wit-value.ts';

export type { AnySchema, InferInput, InferOutput } from './payload.ts';
export type { StandardSchemaV1 } from '@standard-schema/spec';

/** The raw `golem:api/host@0.2.0` bindings (camelCased WIT names) and helpers. */
export * as host from './host.ts';
