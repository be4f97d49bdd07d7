/**
 * Typed bindings of `golem:api/host@0.2.0` plus small helpers.
 *
 * Every WIT function is exported under its camelCased WIT name with the generated signature. The
 * functions are thin pass-throughs: the only thing they add is that whatever the host throws
 * (none of these functions return a `result`, so a throw is always the host unwinding the guest,
 * e.g. an `await-promise` suspension) is recorded as a host unwind, so `resultFn`, `atomically` &
 * co. let it propagate untouched. See {@link isHostUnwind}.
 */
import {
  createPromise as hostCreatePromise,
  awaitPromise as hostAwaitPromise,
  completePromise as hostCompletePromise,
  deletePromise as hostDeletePromise,
  getSelfUri as hostGetSelfUri,
  getOplogIndex as hostGetOplogIndex,
  setOplogIndex as hostSetOplogIndex,
  oplogCommit as hostOplogCommit,
  markBeginOperation as hostMarkBeginOperation,
  markEndOperation as hostMarkEndOperation,
  getRetryPolicy as hostGetRetryPolicy,
  setRetryPolicy as hostSetRetryPolicy,
  getOplogPersistenceLevel as hostGetOplogPersistenceLevel,
  setOplogPersistenceLevel as hostSetOplogPersistenceLevel,
  getIdempotenceMode as hostGetIdempotenceMode,
  setIdempotenceMode as hostSetIdempotenceMode,
  generateIdempotencyKey as hostGenerateIdempotencyKey,
} from 'golem:api/host@0.2.0';
import type {
  OplogIndex,
  PersistenceLevel,
  PromiseId,
  RetryPolicy,
  Uri,
  Uuid,
} from 'golem:api/host@0.2.0';
import { isUuid, uuidFromString as parseUuid, uuidToString as formatUuid } from './uuid.ts';
import { GolemTsError, InvalidUuidError } from './errors.ts';
import { isPromiseLike } from './payload.ts';
import { callHost, isHostUnwind } from './unwind.ts';

export { GetWorkers } from 'golem:api/host@0.2.0';
export type {
  Uri,
  Duration,
  OplogIndex,
  Uuid,
  TemplateId,
  WorkerId,
  PromiseId,
  RetryPolicy,
  PersistenceLevel,
  PersistenceLevelPersistNothing,
  PersistenceLevelPersistRemoteSideEffects,
  PersistenceLevelSmart,
  FilterComparator,
  StringFilterComparator,
  WorkerStatus,
  WorkerNameFilter,
  WorkerStatusFilter,
  WorkerVersionFilter,
  WorkerCreatedAtFilter,
  WorkerEnvFilter,
  WorkerPropertyFilter,
  WorkerPropertyFilterName,
  WorkerPropertyFilterStatus,
  WorkerPropertyFilterVersion,
  WorkerPropertyFilterCreatedAt,
  WorkerPropertyFilterEnv,
  WorkerAllFilter,
  WorkerAnyFilter,
  WorkerMetadata,
} from 'golem:api/host@0.2.0';
export { isHostUnwind } from './unwind.ts';

// ---------------------------------------------------------------------------------------------
// Raw bindings (WIT names, camelCased)
// ---------------------------------------------------------------------------------------------

/** `create-promise`: creates a new promise owned by this worker. */
export function createPromise(): PromiseId {
  return callHost(() => hostCreatePromise());
}

/**
 * `await-promise`: returns the completion payload. On an incomplete promise the host suspends the
 * worker (the call does not return; the worker is resumed by replay once the promise completes).
 */
export function awaitPromise(promiseId: PromiseId): Uint8Array {
  return callHost(() => hostAwaitPromise(promiseId));
}

/** `complete-promise`: true if this call completed it, false if it was already completed. */
export function completePromise(promiseId: PromiseId, data: Uint8Array): boolean {
  return callHost(() => hostCompletePromise(promiseId, data));
}

/** `delete-promise`. */
export function deletePromise(promiseId: PromiseId): void {
  callHost(() => hostDeletePromise(promiseId));
}

/** `get-self-uri`: a worker URI that invokes `functionName` on this worker. */
export function getSelfUri(functionName: string): Uri {
  return callHost(() => hostGetSelfUri(functionName));
}

/** `get-oplog-index`: the current position in the oplog. */
export function getOplogIndex(): OplogIndex {
  return callHost(() => hostGetOplogIndex());
}

/** `set-oplog-index`: travels back to `oplogIdx` (the host unwinds the guest). */
export function setOplogIndex(oplogIdx: OplogIndex): void {
  callHost(() => hostSetOplogIndex(oplogIdx));
}

/** `oplog-commit`: waits until the oplog is written to at least `replicas` replicas (u8). */
export function oplogCommit(replicas: number): void {
  callHost(() => hostOplogCommit(replicas));
}

/** `mark-begin-operation`: starts an atomic region; pass the result to {@link markEndOperation}. */
export function markBeginOperation(): OplogIndex {
  return callHost(() => hostMarkBeginOperation());
}

/** `mark-end-operation`: commits the atomic region started at `begin`. */
export function markEndOperation(begin: OplogIndex): void {
  callHost(() => hostMarkEndOperation(begin));
}

/** `get-retry-policy`. */
export function getRetryPolicy(): RetryPolicy {
  return callHost(() => hostGetRetryPolicy());
}

/** `set-retry-policy`. */
export function setRetryPolicy(newRetryPolicy: RetryPolicy): void {
  callHost(() => hostSetRetryPolicy(newRetryPolicy));
}

/** `get-oplog-persistence-level`. */
export function getOplogPersistenceLevel(): PersistenceLevel {
  return callHost(() => hostGetOplogPersistenceLevel());
}

/** `set-oplog-persistence-level`. */
export function setOplogPersistenceLevel(newPersistenceLevel: PersistenceLevel): void {
  callHost(() => hostSetOplogPersistenceLevel(newPersistenceLevel));
}

/** `get-idempotence-mode`. */
export function getIdempotenceMode(): boolean {
  return callHost(() => hostGetIdempotenceMode());
}

/** `set-idempotence-mode`. */
export function setIdempotenceMode(idempotent: boolean): void {
  callHost(() => hostSetIdempotenceMode(idempotent));
}

/** `generate-idempotency-key`: a key that is never regenerated on replay. */
export function generateIdempotencyKey(): Uuid {
  return callHost(() => hostGenerateIdempotencyKey());
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** The current oplog index (`get-oplog-index`). */
export function oplogIndex(): OplogIndex {
  return getOplogIndex();
}

/** The worker URI (a string) that invokes `functionName` on this worker (`get-self-uri`). */
export function selfUri(functionName: string): string {
  return getSelfUri(functionName).value;
}

/**
 * This worker's identity, read from its self URI (`worker://<template-id>/<worker-name>/…`).
 * Key-value buckets are shared by all workers, so per-worker state needs the name in its keys.
 */
export function selfWorkerId(): { templateId: string; workerName: string } {
  const m = /^worker:\/\/([^/]+)\/([^/]+)\//.exec(selfUri('self'));
  if (!m) throw new GolemTsError(`unexpected self URI ${selfUri('self')}`, { code: 'INVALID_SELF_URI' });
  return { templateId: m[1], workerName: decodeURIComponent(m[2]) };
}

/** A durable idempotency key as a UUID string (`generate-idempotency-key`). */
export function idempotencyKey(): string {
  return uuidToString(generateIdempotencyKey());
}

/**
 * Runs `fn` inside an atomic region (`mark-begin-operation` … `mark-end-operation`): if the worker
 * fails inside it, the whole region is re-executed on retry.
 *
 * The region is ended when `fn` returns, or — if it returns a promise — when that settles. It is
 * also ended when `fn` throws an ordinary error (the invocation continues, e.g. into `err(...)`),
 * but not when the host unwinds the guest ({@link isHostUnwind}): that exception is rethrown as is.
 */
export function atomically<T>(fn: () => T): T {
  let begin: OplogIndex = 0n;
  return bracket(
    () => {
      begin = markBeginOperation();
    },
    () => markEndOperation(begin),
    fn,
  );
}

/** Accepts the WIT variant (`{ tag: 'smart' }`) or just its tag (`'smart'`). */
export type PersistenceLevelLike = PersistenceLevel | PersistenceLevel['tag'];

/**
 * Runs `fn` with the oplog persistence level set to `level`, then restores the previous level
 * (after the returned promise settles, if `fn` is async). Not restored on a host unwind.
 */
export function withPersistenceLevel<T>(level: PersistenceLevelLike, fn: () => T): T {
  const next: PersistenceLevel = typeof level === 'string' ? ({ tag: level } as PersistenceLevel) : level;
  let previous: PersistenceLevel | undefined;
  return bracket(
    () => {
      previous = getOplogPersistenceLevel();
      setOplogPersistenceLevel(next);
    },
    () => setOplogPersistenceLevel(previous as PersistenceLevel),
    fn,
  );
}

/**
 * Runs `fn` with the idempotence mode set to `idempotent`, then restores the previous mode
 * (after the returned promise settles, if `fn` is async). Not restored on a host unwind.
 */
export function withIdempotenceMode<T>(idempotent: boolean, fn: () => T): T {
  let previous = true;
  return bracket(
    () => {
      previous = getIdempotenceMode();
      setIdempotenceMode(idempotent);
    },
    () => setIdempotenceMode(previous),
    fn,
  );
}

/**
 * Runs `fn` with `policy` as the worker's retry policy, then restores the previous policy
 * (after the returned promise settles, if `fn` is async). Not restored on a host unwind.
 */
export function withRetryPolicy<T>(policy: RetryPolicy, fn: () => T): T {
  let previous: RetryPolicy | undefined;
  return bracket(
    () => {
      previous = getRetryPolicy();
      setRetryPolicy(policy);
    },
    () => setRetryPolicy(previous as RetryPolicy),
    fn,
  );
}

function bracket<T>(enter: () => void, exit: () => void, fn: () => T): T {
  enter();
  let result: T;
  try {
    result = fn();
  } catch (e) {
    if (!isHostUnwind(e)) exit();
    throw e;
  }
  if (isPromiseLike<unknown>(result)) {
    return Promise.resolve(result).then(
      (value) => {
        exit();
        return value;
      },
      (e: unknown) => {
        if (!isHostUnwind(e)) exit();
        throw e;
      },
    ) as T;
  }
  exit();
  return result;
}

// ---------------------------------------------------------------------------------------------
// UUIDs
// ---------------------------------------------------------------------------------------------

/** `{ highBits, lowBits }` → `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (lowercase). */
export function uuidToString(uuid: Uuid): string {
  return formatUuid(uuid);
}

/** `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` → `{ highBits, lowBits }` (unsigned u64 bigints). */
export function uuidFromString(text: string): Uuid {
  if (!isUuid(text)) throw new InvalidUuidError(text);
  return parseUuid(text);
}
