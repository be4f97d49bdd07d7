import { uuidFromString } from '../guest/uuid.ts';
import type { OplogEntry, WorkerMetadata, WorkerStatus } from '../host/types.ts';
import { parseJson, stringifyJson } from '../wit/index.ts';
import { TestKitError } from './errors.ts';
import type { Session } from './session.ts';
import { waitForStatus } from './wait.ts';

/** A promise reference as `worker.complete` takes it: an oplog index, a typed-JSON `promise-id`, or a pending promise. */
export type PromiseRef = number | bigint | { 'oplog-idx': number | bigint } | { oplogIdx: number | bigint };

/** WIT `promise-id` in Golem's typed JSON, as `invoke` results carry it (u64 beyond 2^53 as bigint). */
export interface TypedPromiseId {
  'worker-id': { 'template-id': { uuid: { 'high-bits': number | bigint; 'low-bits': number | bigint } }; 'worker-name': string };
  'oplog-idx': number;
}

export interface PendingPromise {
  /** Index of the create-promise entry in the worker's oplog (the promise's `oplog-idx`). */
  oplogIdx: number;
  /** The WIT `promise-id` as typed JSON, as a guest export returns it. */
  promiseId: TypedPromiseId;
  /** The invocation suspended on this promise, if any. */
  awaitedBy?: { oplogIdx: number; functionName: string };
  /** Completes it with a JSON value (or raw bytes); resolves with true if it was pending. */
  complete(value: unknown): Promise<boolean>;
}

/** A read/write view of a key-value bucket (buckets are shared by all workers, as in Golem). */
export interface TestBucket {
  /** The value as JSON, undefined if absent. */
  get(key: string): unknown;
  getBytes(key: string): Uint8Array | undefined;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  keys(): string[];
}

export interface TestWorker {
  readonly templateId: string;
  readonly name: string;
  /** invoke-and-await with typed-JSON params; resolves with the typed-JSON result (64-bit integers beyond 2^53 as bigint). */
  invoke(functionName: string, params?: unknown[], opts?: { invocationKey?: string }): Promise<unknown>;
  /** Fire and forget: resolves once the invocation is accepted (durably queued). */
  invokeNoWait(functionName: string, params?: unknown[]): Promise<void>;
  /** Completes one of the worker's promises with a JSON value (or raw bytes). */
  complete(promise: PromiseRef, value: unknown): Promise<boolean>;
  /** The worker's promises not completed yet, oldest first. */
  pendingPromises(): PendingPromise[];
  status(): WorkerStatus;
  metadata(): WorkerMetadata;
  oplog(): OplogEntry[];
  kv(bucket: string): TestBucket;
  /** Waits until the worker's committed status is `status` (from the host's events, no polling); with alwaysReplay, then checks it replays. */
  waitFor(status: WorkerStatus, opts?: { timeoutMs?: number }): Promise<void>;
  /** Rebuilds the worker from its oplog in a fresh instance (of `templateVersion`, default its own); DeterminismError at the first divergence. */
  replay(opts?: { templateVersion?: number }): Promise<void>;
  /**
   * Moves the worker to another version of its template, as Golem's automatic update does: the
   * new version must replay the oplog. With alwaysReplay that is checked first (DeterminismError,
   * the worker stays); without, the host finds out on replay and the worker is Failed.
   */
  update(templateVersion: number): Promise<void>;
}

const utf8 = (value: unknown) => (value instanceof Uint8Array ? value : new TextEncoder().encode(JSON.stringify(value)));

export function testWorker(session: Session, templateId: string, name: string): TestWorker {
  const ex = () => session.executor;
  const complete = async (ref: PromiseRef, value: unknown) => {
    session.ensureOpen('complete');
    await session.verify(templateId, name);
    const idx = promiseIndex(ref);
    if (BigInt(ex().awaitedPromise(templateId, name) ?? -1) !== idx) return ex().completePromise(templateId, name, idx, utf8(value));
    // The worker is suspended on it: once completed, wait until it has resumed and run as far as
    // it can — its next committed status other than Running (subscribed before completing).
    const unanswered = new AbortController();
    const resumed = waitForStatus(session, templateId, name, { what: `worker ${name} to resume`, holds: (s) => s !== 'Running', timeoutMs: 30_000, current: false, signal: unanswered.signal });
    resumed.catch(() => {}); // awaited below, or abandoned
    let completed: boolean;
    try {
      completed = await ex().completePromise(templateId, name, idx, utf8(value));
    } catch (e) {
      unanswered.abort(e);
      throw e;
    }
    if (completed) await resumed;
    else unanswered.abort(); // already completed: nothing resumes on it now
    return completed;
  };
  const worker: TestWorker = {
    templateId,
    name,
    async invoke(fn, params = [], o = {}) {
      session.ensureOpen(`invoke ${fn}`);
      // Always under an invocation key: after a restart the same invocation is joined, not repeated.
      const key = o.invocationKey ?? ex().createInvocationKey(templateId, name);
      const result = await session.track(name, `invoke ${fn}`, (executor) => executor.invokeAndAwait(templateId, name, fn, params, { invocationKey: key }));
      await session.verify(templateId, name);
      // Through JSON text, as over REST: results hold plain values and bigints, never codec markers.
      return parseJson(stringifyJson(result) ?? 'null');
    },
    async invokeNoWait(fn, params = []) {
      session.ensureOpen(`invoke ${fn}`);
      await ex().invoke(templateId, name, fn, params);
    },
    complete,
    pendingPromises() {
      // The host's own listing (src/host/promises.ts): state, and the invocation suspended on each.
      return ex()
        .listPromises(templateId, name)
        .filter((p) => p.state === 'pending')
        .map((p) => ({
          oplogIdx: p.oplogIdx,
          promiseId: typedPromiseId(templateId, name, p.oplogIdx),
          ...(p.awaitedBy ? { awaitedBy: p.awaitedBy } : {}),
          complete: (value: unknown) => complete(p.oplogIdx, value),
        }));
    },
    status: () => ex().getWorker(templateId, name).status,
    metadata: () => ex().getWorker(templateId, name),
    oplog: () => ex().getOplog(templateId, name),
    kv: (bucket) => ({
      get: (key) => {
        const bytes = ex().store.kvGet(bucket, key);
        return bytes && parseJson(new TextDecoder().decode(bytes));
      },
      getBytes: (key) => ex().store.kvGet(bucket, key),
      set: (key, value) => ex().store.kvSet(bucket, key, utf8(value)),
      delete: (key) => ex().store.kvDelete(bucket, key),
      keys: () => ex().store.kvKeys(bucket),
    }),
    async waitFor(status, { timeoutMs = 30_000 } = {}) {
      await waitForStatus(session, templateId, name, { what: `worker ${name} to become ${status}`, holds: (s) => s === status, timeoutMs });
      await session.verify(templateId, name);
    },
    replay: (opts = {}) => session.replay(templateId, name, opts.templateVersion),
    async update(templateVersion) {
      const versions = ex().getTemplate(templateId).map((t) => t.versionedTemplateId.version);
      if (!versions.includes(templateVersion)) throw new TestKitError('BAD_INPUT', `template ${templateId} has no version ${templateVersion} (it has ${versions.join(', ')})`);
      if (session.alwaysReplay) await session.replay(templateId, name, templateVersion);
      ex().store.updateWorker(templateId, name, { templateVersion });
      // Drop the instance: the worker comes back by replay on the new version.
      await ex().interrupt(templateId, name, true);
    },
  };
  return worker;
}

function typedPromiseId(templateId: string, workerName: string, oplogIdx: number): TypedPromiseId {
  const { highBits, lowBits } = uuidFromString(templateId);
  const u64 = (n: bigint) => (n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n);
  return { 'worker-id': { 'template-id': { uuid: { 'high-bits': u64(highBits), 'low-bits': u64(lowBits) } }, 'worker-name': workerName }, 'oplog-idx': oplogIdx };
}

function promiseIndex(ref: PromiseRef): bigint {
  if (typeof ref === 'number' || typeof ref === 'bigint') return BigInt(ref);
  if (ref && typeof ref === 'object') {
    const idx = 'oplog-idx' in ref ? ref['oplog-idx'] : 'oplogIdx' in ref ? ref.oplogIdx : undefined;
    if (typeof idx === 'number' || typeof idx === 'bigint') return BigInt(idx);
  }
  throw new TestKitError('BAD_INPUT', `not a promise reference: ${JSON.stringify(ref)} (an oplog index, a promise-id or a pending promise)`);
}
