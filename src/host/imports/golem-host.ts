import { Entry } from '../oplog.ts';
import { HostTrap, JumpSignal, SuspendSignal } from '../signals.ts';
import { uuidFromString, uuidToString, type UuidBits } from '../../guest/uuid.ts';
import type { PromiseKey, RetryPolicy, WorkerInfo } from '../types.ts';
import type { PersistenceLevel, WorkerContext } from './context.ts';
import { randomUUID } from 'node:crypto';

/**
 * `worker-id` as the guest's bindings shape it: `template-id` in the template era and the seed,
 * `component-id` from golem-wit v0.2.6 on (v1.0.0 included). Read with `idOf`.
 */
interface WitWorkerId {
  templateId?: { uuid: UuidBits };
  componentId?: { uuid: UuidBits };
  workerName: string;
}
interface WitPromiseId {
  workerId: WitWorkerId;
  oplogIdx: bigint;
}
interface WitRetryPolicy {
  maxAttempts: number;
  minDelay: bigint;
  maxDelay: bigint;
  multiplier: number;
}

const fn = (name: string) => `golem:api/host/${name}`;

/**
 * Which of the 2024 spellings of `golem:api/host@0.2.0` a component imports (see
 * src/host/golem-api-dialect.ts): decides the record field names the host hands to the guest.
 */
export type GolemApiIdField = 'templateId' | 'componentId';

/** golem:api/host@0.2.0, implemented over the worker's oplog and the host's promise and worker ports. */
export function golemHost(ctx: WorkerContext, idField: GolemApiIdField = 'templateId'): Record<string, unknown> {
  const { promises, workers, durability: d } = ctx;
  const workerId = (uuid: UuidBits, workerName: string): WitWorkerId => ({ [idField]: { uuid }, workerName });
  const selfId = workerId(uuidFromString(ctx.templateId), ctx.workerName);
  const versionField = idField === 'templateId' ? 'templateVersion' : 'componentVersion';
  const promiseKey = (id: WitPromiseId): PromiseKey => ({ templateId: uuidToString(idOf(id.workerId)), workerName: id.workerId.workerName, oplogIdx: Number(id.oplogIdx) });
  const promiseName = (id: WitPromiseId) => `${uuidToString(idOf(id.workerId))}/${id.workerId.workerName}/${id.oplogIdx}`;

  class GetWorkers {
    private done = false;
    constructor(
      private readonly templateId: { uuid: UuidBits },
      _filter: unknown,
      _precise: boolean,
    ) {}

    /** One page with every worker of the template (the local host has no shards to page over). */
    getNext() {
      return d.call(fn('get-workers/get-next'), 'ReadRemote', () => {
        if (this.done) return undefined;
        this.done = true;
        return workers.list(uuidToString(this.templateId.uuid)).map((w) => metadata(w));
      }, { request: [uuidToString(this.templateId.uuid)] });
    }
  }

  const metadata = (w: WorkerInfo) => ({
    workerId: workerId(uuidFromString(w.templateId), w.name),
    args: w.args,
    env: w.env,
    status: w.status.toLowerCase(),
    [versionField]: BigInt(w.templateVersion),
    retryCount: BigInt(w.retryCount),
  });

  const api = {
    GetWorkers,

    createPromise(): WitPromiseId {
      const idx = d.indexed(fn('create-promise'), 'WriteLocal', (i) => promises.create({ templateId: ctx.templateId, workerName: ctx.workerName, oplogIdx: i }));
      return { workerId: selfId, oplogIdx: BigInt(idx) };
    },

    awaitPromise(id: WitPromiseId): Uint8Array {
      // Recorded once the data arrived, so replay never depends on the promise still existing.
      return d.call(fn('await-promise'), 'ReadRemote', () => {
        const key = promiseKey(id);
        const row = promises.get(key);
        if (!row) throw new HostTrap(`promise ${promiseName(id)} not found`);
        if (row.state === 'pending') {
          d.append(Entry.suspendOnPromise(key));
          throw new SuspendSignal(key.oplogIdx);
        }
        return row.data ?? new Uint8Array();
      }, { request: [promiseName(id)] });
    },

    completePromise(id: WitPromiseId, data: Uint8Array): boolean {
      const key = promiseKey(id);
      const completed = d.call(fn('complete-promise'), 'WriteRemote', () => {
        const res = promises.complete(key, data);
        if (res === undefined) throw new HostTrap(`promise ${promiseName(id)} not found`);
        return res;
      }, { request: [promiseName(id), data] });
      if (completed && !d.replaying) ctx.promiseCompleted(key.templateId, key.workerName);
      return completed;
    },

    deletePromise(id: WitPromiseId): void {
      const key = promiseKey(id);
      d.call(fn('delete-promise'), 'WriteRemote', () => promises.delete(key), { request: [promiseName(id)] });
    },

    getSelfUri(functionName: string) {
      return { value: `worker://${ctx.templateId}/${ctx.workerName}/${functionName}` };
    },

    getOplogIndex(): bigint {
      return BigInt(d.indexed(fn('get-oplog-index'), 'ReadLocal'));
    },

    setOplogIndex(oplogIdx: bigint): void {
      const target = Number(oplogIdx);
      if (d.replaying) return; // the jump already happened; its entry defines the skipped region
      const current = workers.lastOplogIndex(ctx.templateId, ctx.workerName);
      if (target < 1 || target > current) throw new HostTrap(`set-oplog-index: ${target} is outside the oplog (1..${current})`);
      const end = current + 1;
      d.append(Entry.jump(target + 1, end));
      throw new JumpSignal(target);
    },

    oplogCommit(_replicas: number): void {
      // Every oplog entry is committed to SQLite before the host call returns.
    },

    markBeginOperation(): bigint {
      const idx = d.indexed(fn('mark-begin-operation'), 'WriteLocal');
      d.enterRegion();
      return BigInt(idx);
    },

    markEndOperation(begin: bigint): void {
      d.leaveRegion();
      d.call(fn('mark-end-operation'), 'WriteLocal', () => Number(begin), { request: [begin] });
    },

    getRetryPolicy(): WitRetryPolicy {
      return toWitPolicy(ctx.settings.retryPolicy);
    },

    setRetryPolicy(policy: WitRetryPolicy): void {
      const next: RetryPolicy = { maxAttempts: policy.maxAttempts, minDelay: Number(policy.minDelay), maxDelay: Number(policy.maxDelay), multiplier: policy.multiplier };
      d.call(fn('set-retry-policy'), 'WriteLocal', () => next, { request: [policy] });
      ctx.settings.retryPolicy = next;
    },

    getOplogPersistenceLevel(): PersistenceLevel {
      return ctx.settings.persistenceLevel;
    },

    setOplogPersistenceLevel(level: PersistenceLevel): void {
      d.call(fn('set-oplog-persistence-level'), 'WriteLocal', () => level.tag, { request: [level.tag] });
      ctx.settings.persistenceLevel = level;
    },

    getIdempotenceMode(): boolean {
      return ctx.settings.idempotenceMode;
    },

    setIdempotenceMode(idempotent: boolean): void {
      d.call(fn('set-idempotence-mode'), 'WriteLocal', () => idempotent, { request: [idempotent] });
      ctx.settings.idempotenceMode = idempotent;
    },

    generateIdempotencyKey(): UuidBits {
      return d.call(fn('generate-idempotency-key'), 'WriteRemote', () => uuidFromString(randomUUID()));
    },

    // golem-wit v1.0.0 additions.
    getSelfMetadata() {
      return d.call(fn('get-self-metadata'), 'ReadRemote', () => metadata(workers.get(ctx.templateId, ctx.workerName)!));
    },

    getWorkerMetadata(id: WitWorkerId) {
      return d.call(fn('get-worker-metadata'), 'ReadRemote', () => {
        const row = workers.get(uuidToString(idOf(id)), id.workerName);
        return row ? metadata(row) : undefined;
      });
    },

    updateWorker(id: WitWorkerId): void {
      throw new HostTrap(`update-worker (${uuidToString(idOf(id))}/${id.workerName}): the golem-ts host has no worker updates`);
    },
  };
  // The template era's names for the promise functions (golem-wit up to v0.2.x).
  return {
    ...api,
    golemCreatePromise: api.createPromise,
    golemAwaitPromise: api.awaitPromise,
    golemCompletePromise: api.completePromise,
    golemDeletePromise: api.deletePromise,
  };
}

function idOf(id: WitWorkerId): UuidBits {
  const inner = id.templateId ?? id.componentId;
  if (!inner) throw new HostTrap('worker-id without template-id or component-id');
  return inner.uuid;
}

function toWitPolicy(p: RetryPolicy): WitRetryPolicy {
  return { maxAttempts: p.maxAttempts, minDelay: BigInt(p.minDelay), maxDelay: BigInt(p.maxDelay), multiplier: p.multiplier };
}
