/**
 * Shared state of the in-test fake host. The files next to this one implement the WIT import
 * modules (`golem:api/host@0.2.0`, `wasi:keyvalue/*@0.1.0`) on top of it; vitest.config.ts aliases
 * the module specifiers to them. Tests drive and inspect it through `fake`.
 */
import type { PromiseId, RetryPolicy, PersistenceLevel, Uuid } from 'golem:api/host@0.2.0';

/** Thrown by the fake `await-promise` on an incomplete promise (Golem suspends the worker). */
export class SuspendSignal {
  readonly kind = 'suspend';
  constructor(readonly promiseId: PromiseId) {}
}

/** Thrown by the fake `set-oplog-index` (Golem jumps back in the oplog). */
export class JumpSignal {
  readonly kind = 'jump';
  constructor(readonly oplogIdx: bigint) {}
}

/** A host trap, e.g. awaiting an unknown promise (Golem fails the invocation). */
export class HostTrap extends Error {
  override name = 'HostTrap';
}

/** Mirrors componentize-js's `ComponentError`: how an import's `err(e)` reaches the guest. */
export class ComponentError extends Error {
  declare readonly payload: unknown;
  constructor(value: unknown) {
    const enumerable = typeof value !== 'string';
    super(enumerable ? `${String(value)} (see error.payload)` : (value as string));
    Object.defineProperty(this, 'payload', { value, enumerable });
  }
}

export interface OplogEntry {
  idx: bigint;
  kind: string;
  detail?: unknown;
}

interface PromiseEntry {
  id: PromiseId;
  data?: Uint8Array;
}

interface Failure {
  op: string;
  trace: string;
  remaining: number;
  /** Thrown as is instead of a `ComponentError` (a trap, not an `err`). */
  raw?: { value: unknown };
}

const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 3,
  minDelay: 100_000_000n,
  maxDelay: 1_000_000_000n,
  multiplier: 3,
};

export function promiseKey(id: PromiseId): string {
  const u = id.workerId.templateId.uuid;
  return `${u.highBits}:${u.lowBits}/${id.workerId.workerName}/${id.oplogIdx}`;
}

function clonePromiseId(id: PromiseId): PromiseId {
  return {
    workerId: {
      templateId: { uuid: { highBits: id.workerId.templateId.uuid.highBits, lowBits: id.workerId.templateId.uuid.lowBits } },
      workerName: id.workerId.workerName,
    },
    oplogIdx: id.oplogIdx,
  };
}

class FakeHostState {
  /** 0f5a3c9e-1b2d-4e6f-8a7b-9c0d1e2f3a4b: the high bit of lowBits is set on purpose. */
  templateId: Uuid = { highBits: 0x0f5a3c9e1b2d4e6fn, lowBits: 0x8a7b9c0d1e2f3a4bn };
  workerName = 'worker-1';
  oplogIndex = 0n;
  oplog: OplogEntry[] = [];
  calls: string[] = [];
  promises = new Map<string, PromiseEntry>();
  buckets = new Map<string, Map<string, Uint8Array>>();
  failures: Failure[] = [];
  openRegions = new Set<bigint>();
  retryPolicy: RetryPolicy = { ...DEFAULT_RETRY };
  persistenceLevel: PersistenceLevel = { tag: 'smart' };
  idempotenceMode = true;
  idempotencyKeys: Uuid[] = [];
  committed: number[] = [];
  /** Live IncomingValue/OutgoingValue handles (created minus disposed). */
  liveValues = 0;
  suspensions = 0;

  reset(): void {
    Object.assign(this, new FakeHostState());
  }

  /** Appends an oplog entry and returns its index (indexes start at 1). */
  append(kind: string, detail?: unknown): bigint {
    this.oplogIndex += 1n;
    this.oplog.push({ idx: this.oplogIndex, kind, ...(detail === undefined ? {} : { detail }) });
    return this.oplogIndex;
  }

  newPromiseId(): PromiseId {
    const idx = this.append('create-promise');
    const id: PromiseId = {
      workerId: { templateId: { uuid: { ...this.templateId } }, workerName: this.workerName },
      oplogIdx: idx,
    };
    this.promises.set(promiseKey(id), { id: clonePromiseId(id) });
    return id;
  }

  /** Creates a promise owned by another worker (for worker-to-worker completion). */
  foreignPromise(workerName: string, templateId: Uuid = this.templateId, oplogIdx = 42n): PromiseId {
    const id: PromiseId = { workerId: { templateId: { uuid: { ...templateId } }, workerName }, oplogIdx };
    this.promises.set(promiseKey(id), { id: clonePromiseId(id) });
    return id;
  }

  promise(id: PromiseId): PromiseEntry | undefined {
    return this.promises.get(promiseKey(id));
  }

  /** The REST `complete` path: true if completed now, false if already complete. */
  completeExternally(id: PromiseId, data: Uint8Array | string): boolean {
    const entry = this.promise(id);
    if (entry === undefined) throw new HostTrap(`PromiseNotFound: ${promiseKey(id)}`);
    if (entry.data !== undefined) return false;
    entry.data = typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(data);
    return true;
  }

  bucket(name: string): Map<string, Uint8Array> {
    let b = this.buckets.get(name);
    if (b === undefined) {
      b = new Map();
      this.buckets.set(name, b);
    }
    return b;
  }

  /** Makes the next `times` calls of key-value operation `op` (WIT name) return `err(error)`. */
  failNext(op: string, trace: string, times = 1): void {
    this.failures.push({ op, trace, remaining: times });
  }

  /** Makes the next call of key-value operation `op` throw `value` itself (a trap, not an `err`). */
  throwNext(op: string, value: unknown): void {
    this.failures.push({ op, trace: '', remaining: 1, raw: { value } });
  }

  /** Called by the fake key-value functions; throws like the real binding when a failure is due. */
  maybeFail(op: string, makeError: (trace: string) => unknown): void {
    const failure = this.failures.find((f) => f.op === op && f.remaining > 0);
    if (failure === undefined) return;
    failure.remaining -= 1;
    if (failure.raw !== undefined) throw failure.raw.value;
    throw new ComponentError(makeError(failure.trace));
  }
}

export const fake = new FakeHostState();
