import { randomUUID } from 'node:crypto';
import { JsonBigInt, parseJson, stringifyJson } from '../wit/index.ts';
import { ExecutorError, invalid } from './errors.ts';
import { isInvoked } from './oplog.ts';
import type { Store } from './store.ts';
import type { WorkerRuntime } from './worker-runtime.ts';

/**
 * Invocation keys (Golem's idempotency keys): a call retried with the key of one that completed
 * gets the stored outcome; one retried while its invocation runs (or, after a restart, is
 * recorded as started) joins that invocation instead of running again.
 */
export class InvocationKeys {
  constructor(private readonly store: Store) {}

  /** A new key for the worker, stored as pending. */
  create(templateId: string, workerName: string): string {
    const key = randomUUID();
    this.store.insertInvocationKey(templateId, workerName, key);
    return key;
  }

  /**
   * What a call carrying `key` gets without running again: the stored outcome of a completed
   * invocation, or the one in flight under the key. Undefined: nothing ran under it, run the call.
   */
  join(rt: WorkerRuntime, key: string): Promise<unknown> | undefined {
    const row = this.store.invocationKey(rt.templateId, rt.name, key);
    if (!row) throw invalid(`Invalid invocation key ${key} for worker ${rt.name}`);
    if (row.state === 'complete') return (async () => storedOutcome(row.result as string))();
    return rt.byKey.get(key) ?? this.joinStarted(rt, key);
  }

  /** Remembers the in-flight invocation of `key` until it settles. */
  track(rt: WorkerRuntime, key: string, result: Promise<unknown>): Promise<unknown> {
    rt.byKey.set(key, result);
    const forget = () => rt.byKey.delete(key);
    result.then(forget, forget);
    return result;
  }

  /** Stores the response of the invocation that ran under `key`. */
  completed(rt: WorkerRuntime, key: string, response: unknown): void {
    this.store.completeInvocationKey(rt.templateId, rt.name, key, stringifyJson({ ok: response }) as string);
  }

  /** Stores the failure of the invocation that ran under `key`: a retry gets the same error. */
  failed(rt: WorkerRuntime, key: string, message: string): void {
    this.store.completeInvocationKey(rt.templateId, rt.name, key, JSON.stringify({ error: message }));
  }

  /**
   * After a restart nothing is in flight in memory, yet the oplog may hold a started invocation
   * under this key (e.g. suspended): the retried request waits for that one instead of running again.
   */
  private joinStarted(rt: WorkerRuntime, key: string): Promise<unknown> | undefined {
    const started = this.store.oplog(rt.templateId, rt.name).find((e) => isInvoked(e) && e.invocationKey === key);
    if (!started) return undefined;
    const result = new Promise<unknown>((resolve, reject) => rt.addWaiter(started.idx, { resolve, reject }));
    return this.track(rt, key, result);
  }
}

function storedOutcome(text: string): unknown {
  const stored = parseJson(text) as { ok?: unknown; error?: string };
  if ('error' in stored) throw new ExecutorError('INVOCATION_FAILED', stored.error as string);
  return asLiveResult(stored.ok);
}

/** Stored results come back with bigints; live ones carry JsonBigInt (what encodeReturn produces). */
function asLiveResult(value: unknown): unknown {
  if (typeof value === 'bigint') return new JsonBigInt(value);
  if (Array.isArray(value)) return value.map(asLiveResult);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asLiveResult(v)]));
  return value;
}
