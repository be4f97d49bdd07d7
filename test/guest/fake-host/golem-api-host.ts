/** Fake `golem:api/host@0.2.0` (aliased in vitest.config.ts). */
import type {
  OplogIndex,
  PersistenceLevel,
  PromiseId,
  RetryPolicy,
  TemplateId,
  Uri,
  Uuid,
  WorkerAnyFilter,
  WorkerMetadata,
} from 'golem:api/host@0.2.0';
import { HostTrap, JumpSignal, SuspendSignal, fake, promiseKey } from './state.ts';

export function createPromise(): PromiseId {
  fake.calls.push('create-promise');
  return fake.newPromiseId();
}

export function awaitPromise(promiseId: PromiseId): Uint8Array {
  fake.calls.push('await-promise');
  const entry = fake.promise(promiseId);
  if (entry === undefined) throw new HostTrap(`PromiseNotFound: ${promiseKey(promiseId)}`);
  if (entry.data === undefined) {
    fake.suspensions += 1;
    throw new SuspendSignal(promiseId);
  }
  return new Uint8Array(entry.data);
}

export function completePromise(promiseId: PromiseId, data: Uint8Array): boolean {
  fake.calls.push('complete-promise');
  if (!(data instanceof Uint8Array)) throw new TypeError('data must be a Uint8Array');
  fake.append('complete-promise');
  return fake.completeExternally(promiseId, data);
}

export function deletePromise(promiseId: PromiseId): void {
  fake.calls.push('delete-promise');
  fake.append('delete-promise');
  fake.promises.delete(promiseKey(promiseId));
}

export function getSelfUri(functionName: string): Uri {
  fake.calls.push('get-self-uri');
  const u = fake.templateId;
  return { value: `worker://${u.highBits.toString(16)}${u.lowBits.toString(16)}/${fake.workerName}/${functionName}` };
}

export function getOplogIndex(): OplogIndex {
  fake.calls.push('get-oplog-index');
  return fake.oplogIndex;
}

export function setOplogIndex(oplogIdx: OplogIndex): void {
  fake.calls.push('set-oplog-index');
  throw new JumpSignal(oplogIdx);
}

export function oplogCommit(replicas: number): void {
  fake.calls.push('oplog-commit');
  fake.committed.push(replicas);
}

export function markBeginOperation(): OplogIndex {
  fake.calls.push('mark-begin-operation');
  const idx = fake.append('begin-atomic-region');
  fake.openRegions.add(idx);
  return idx;
}

export function markEndOperation(begin: OplogIndex): void {
  fake.calls.push('mark-end-operation');
  if (typeof begin !== 'bigint') throw new TypeError('begin must be a bigint');
  fake.append('end-atomic-region', begin);
  fake.openRegions.delete(begin);
}

export function getRetryPolicy(): RetryPolicy {
  fake.calls.push('get-retry-policy');
  return { ...fake.retryPolicy };
}

export function setRetryPolicy(newRetryPolicy: RetryPolicy): void {
  fake.calls.push('set-retry-policy');
  fake.append('change-retry-policy', newRetryPolicy);
  fake.retryPolicy = { ...newRetryPolicy };
}

export function getOplogPersistenceLevel(): PersistenceLevel {
  fake.calls.push('get-oplog-persistence-level');
  return { ...fake.persistenceLevel };
}

export function setOplogPersistenceLevel(newPersistenceLevel: PersistenceLevel): void {
  fake.calls.push('set-oplog-persistence-level');
  fake.persistenceLevel = { ...newPersistenceLevel };
}

export function getIdempotenceMode(): boolean {
  fake.calls.push('get-idempotence-mode');
  return fake.idempotenceMode;
}

export function setIdempotenceMode(idempotent: boolean): void {
  fake.calls.push('set-idempotence-mode');
  fake.idempotenceMode = idempotent;
}

export function generateIdempotencyKey(): Uuid {
  fake.calls.push('generate-idempotency-key');
  const next = fake.idempotencyKeys.shift();
  if (next !== undefined) return next;
  const n = fake.append('idempotency-key');
  return { highBits: 0x1234_5678_9abc_4defn, lowBits: 0x8000_0000_0000_0000n | n };
}

export class GetWorkers implements Disposable {
  #done = false;
  constructor(
    readonly templateId: TemplateId,
    readonly filter: WorkerAnyFilter | undefined,
    readonly precise: boolean,
  ) {}

  getNext(): Array<WorkerMetadata> | undefined {
    if (this.#done) return undefined;
    this.#done = true;
    return [
      {
        workerId: { templateId: this.templateId, workerName: fake.workerName },
        args: [],
        env: [],
        status: 'running',
        templateVersion: 0n,
        retryCount: 0n,
      },
    ];
  }

  [Symbol.dispose](): void {}
}
