/**
 * A worker's durable promises as the host sees them, derived from its oplog (creation, the
 * invocation that created it, the suspension that awaits it) and the promise table (state), plus
 * the payload schema the guest published (see src/guest/promise-schema-key.ts), which the host
 * checks completions against before accepting them.
 */
import { PROMISE_SCHEMA_BUCKET, promiseSchemaKey } from '../guest/promise-schema-key.ts';
import { invalid } from './errors.ts';
import { isHostCall, isInvoked, lastInvocation, waitOf } from './oplog.ts';
import { isWaiting } from './worker-status.ts';
import { formatIssue, validateJsonSchema, type JsonSchema } from './json-schema.ts';
import type { Store } from './store.ts';
import type { OplogEntry, PromiseInfo, PromiseKey, WorkerStatus } from './types.ts';

const CREATE = 'golem:api/host/create-promise';

interface InvocationRef {
  oplogIdx: number;
  functionName: string;
}

export function listPromises(store: Store, templateId: string, workerName: string): PromiseInfo[] {
  const entries = store.oplog(templateId, workerName);
  const awaited = awaitedPromise(entries);
  const out: PromiseInfo[] = [];
  let invocation: InvocationRef | null = null;
  for (const e of entries) {
    if (isInvoked(e)) invocation = { oplogIdx: e.idx, functionName: e.functionName };
    if (!isHostCall(e, CREATE)) continue;
    const row = store.promise(templateId, workerName, e.idx);
    const state = row === undefined ? 'deleted' : row.state === 'pending' ? 'pending' : 'completed';
    out.push({
      oplogIdx: e.idx,
      promiseId: { workerId: { templateId, workerName }, oplogIdx: e.idx },
      state,
      createdAt: e.timestamp,
      createdBy: invocation,
      awaitedBy: state === 'pending' && awaited && isOwn(awaited.promise, templateId, workerName) && awaited.promise.oplogIdx === e.idx ? awaited.invocation : null,
      schema: promiseSchema(store, templateId, workerName, e.idx) ?? null,
    });
  }
  return out;
}

const isOwn = (p: PromiseKey, templateId: string, workerName: string) => p.templateId === templateId && p.workerName === workerName;

/** The promise a suspended worker waits for, if any (see oplog.ts), and the invocation suspended on it. */
export function awaitedPromise(entries: OplogEntry[]): { promise: PromiseKey; invocation: InvocationRef | null } | undefined {
  const wait = waitOf(entries);
  if (wait?.kind !== 'promise') return undefined;
  const invoked = lastInvocation(entries);
  return { promise: wait.promise, invocation: invoked ? { oplogIdx: invoked.idx, functionName: invoked.functionName } : null };
}

/** The awaited promise's oplog index when the worker is suspended on one. */
export function suspendedOn(store: Store, templateId: string, workerName: string, status: WorkerStatus): number | undefined {
  if (!isWaiting(status)) return undefined;
  const awaited = awaitedPromise(store.oplog(templateId, workerName))?.promise;
  if (!awaited || !isOwn(awaited, templateId, workerName)) return undefined;
  return store.promise(templateId, workerName, awaited.oplogIdx)?.state === 'pending' ? awaited.oplogIdx : undefined;
}

function promiseSchema(store: Store, templateId: string, workerName: string, oplogIdx: number): JsonSchema | undefined {
  const bytes = store.kvGet(PROMISE_SCHEMA_BUCKET, promiseSchemaKey(templateId, workerName, oplogIdx));
  if (!bytes) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as JsonSchema;
  } catch {
    return undefined; // not written by golem-ts: nothing to check against
  }
}

/**
 * Checks a completion of a pending promise against its published schema; throws INVALID_REQUEST
 * (400 `{"errors": [...]}`) with every issue, and the promise stays pending. Promises without a
 * schema, and ones no longer pending, are left to the caller.
 */
export function checkCompletion(store: Store, templateId: string, workerName: string, oplogIdx: number, data: Uint8Array): void {
  if (store.promise(templateId, workerName, oplogIdx)?.state !== 'pending') return;
  const schema = promiseSchema(store, templateId, workerName, oplogIdx);
  if (schema === undefined) return;
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch (e) {
    throw invalid(`payload: must be UTF-8 JSON matching the promise's schema (${(e as Error).message}); promise ${oplogIdx} is still pending`);
  }
  const issues = validateJsonSchema(schema, value);
  if (issues.length) throw invalid([...issues.map(formatIssue), `promise ${oplogIdx} is still pending: complete it again with a valid payload`]);
}
