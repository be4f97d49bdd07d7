import type { RpcCall } from '../rpc/calls.ts';
import type { PromiseKey, WorkerInfo } from '../types.ts';

/**
 * The narrow views of the host's durable state that host imports use, one per domain. They are
 * implemented over the store where a worker's context is built (src/host/store-ports.ts); an
 * effect made through a port inside a durable host call commits with that call's oplog entry.
 */

/** Durable promises (golem:api/host create/await/complete/delete-promise). */
export interface PromisesPort {
  /** Creates the promise pending; creating one that exists (replay) changes nothing. */
  create(key: PromiseKey): void;
  get(key: PromiseKey): { state: 'pending' | 'complete'; data: Uint8Array | null } | undefined;
  /** undefined: no such promise; false: already complete; true: completed now. */
  complete(key: PromiseKey, data: Uint8Array): boolean | undefined;
  delete(key: PromiseKey): void;
}

/** wasi:keyvalue buckets, shared by all workers. */
export interface KvPort {
  get(bucket: string, key: string): Uint8Array | undefined;
  set(bucket: string, key: string, value: Uint8Array): void;
  delete(bucket: string, key: string): void;
  /** The bucket's keys, in order. */
  keys(bucket: string): string[];
  /** Runs `fn` atomically: the writes of a multi-key operation commit together or not at all. */
  transaction<T>(fn: () => T): T;
}

/** The host's workers, read-only. */
export interface WorkersPort {
  /** Every worker of the template, oldest first. */
  list(templateId: string): WorkerInfo[];
  get(templateId: string, name: string): WorkerInfo | undefined;
  /** The index of the last entry of the worker's oplog (0 when empty). */
  lastOplogIndex(templateId: string, name: string): number;
}

/** The executor side of worker-to-worker calls, as a worker's imports see it. */
export interface RpcContext {
  get(call: { templateId: string; worker: string; idx: number }): RpcCall | undefined;
  insert(call: Omit<RpcCall, 'outcome' | 'invocationKey'>): void;
  dispatch(call: RpcCall): void;
  remove(call: { templateId: string; worker: string; idx: number }): void;
}

export interface Ports {
  readonly promises: PromisesPort;
  readonly kv: KvPort;
  readonly workers: WorkersPort;
}
