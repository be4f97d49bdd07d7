import type { Clock } from '../clock.ts';
import type { Durability } from '../durability.ts';
import type { RetryPolicy } from '../types.ts';
import type { HttpSettings } from './http/transport.ts';
import type { Ports, RpcContext } from './ports.ts';

export type PersistenceLevel = { tag: 'persist-nothing' } | { tag: 'persist-remote-side-effects' } | { tag: 'smart' };

/**
 * What host imports of one worker instance may see and do: the durability cursor and narrow
 * ports onto the host's state (promises, key-value, workers), never the store itself.
 */
export interface WorkerContext extends Ports {
  readonly templateId: string;
  readonly workerName: string;
  readonly args: string[];
  readonly env: [string, string][];
  readonly durability: Durability;
  /** Wall and monotonic time as the guest sees it (recorded, so replay sees the same values). */
  readonly clock: Clock;
  /** Where the last monotonic-clock reading is kept: a guest thread's channel shares it with the guest (see MonotonicTime). */
  readonly monotonicCell?: BigInt64Array;
  /** Worker settings changed through golem:api/host, rebuilt by replay. */
  readonly settings: { retryPolicy: RetryPolicy; persistenceLevel: PersistenceLevel; idempotenceMode: boolean };
  /** Guest stdout/stderr (live execution only: replay does not repeat output). */
  output(stream: 'stdout' | 'stderr', bytes: Uint8Array): void;
  /** The guest completed a promise: the worker that owns it may be waiting. */
  promiseCompleted(templateId: string, workerName: string): void;
  /** Worker-to-worker calls (golem:rpc); absent, a wasm-rpc call traps. */
  readonly rpc?: RpcContext;
  /** Outgoing wasi:http: where requests go (default Node's HTTP stack; the test kit routes them), timeouts, limits. */
  readonly http?: HttpSettings;
  /**
   * Whether a host call may answer with a promise (the guest's thread waits for it while the host's
   * event loop runs): true for guests in threads. Inline guests cannot wait for an HTTP response.
   */
  readonly asyncHostCalls?: boolean;
}
