import type { Clock } from './clock.ts';
import { Durability } from './durability.ts';
import type { WorkerContext } from './imports/context.ts';
import type { HttpSettings } from './imports/http/transport.ts';
import type { RpcContext } from './imports/ports.ts';
import { replayPlan, type InvokedEntry } from './oplog.ts';
import type { Resolved } from './resolve-export.ts';
import type { Store, WorkerRow } from './store.ts';
import { storePorts } from './store-ports.ts';
import type { RetryPolicy } from './types.ts';

/**
 * Replay: a worker comes back by running its recorded invocations again in a fresh instance,
 * every host call answered from the oplog (see Durability), until the record runs out and the
 * worker goes live. The executor (activate) and the determinism check (replay-check.ts) both
 * build the worker's context and cursor here and walk the record with `replay`.
 */

/** A worker's replay cursor over its whole oplog, minus the regions jumps deleted. `replayOnly`: never goes live (a determinism check). */
export function replayCursor(store: Store, worker: WorkerRow, replayOnly = false): Durability {
  return new Durability(store, worker.templateId, worker.name, replayPlan(store.oplog(worker.templateId, worker.name)), replayOnly);
}

export interface ContextOptions {
  clock: Clock;
  /** The policy the worker starts with (golem:api/host set-retry-policy changes it; replay rebuilds that). */
  retryPolicy: RetryPolicy;
  output?: WorkerContext['output'];
  promiseCompleted?: WorkerContext['promiseCompleted'];
  http?: HttpSettings;
  rpc?: RpcContext;
}

/** What the host imports of one instance of `worker` see (the one place a WorkerContext is built). */
export function workerContext(store: Store, worker: WorkerRow, durability: Durability, opts: ContextOptions): WorkerContext {
  return {
    ...storePorts(store),
    templateId: worker.templateId,
    workerName: worker.name,
    args: worker.args,
    env: worker.env,
    durability,
    clock: opts.clock,
    settings: { retryPolicy: { ...opts.retryPolicy }, persistenceLevel: { tag: 'smart' }, idempotenceMode: true },
    output: opts.output ?? (() => {}),
    promiseCompleted: opts.promiseCompleted ?? (() => {}),
    http: opts.http,
    rpc: opts.rpc,
  };
}

/** What `replay` does with each recorded invocation; a step returns a value to stop the replay with it, undefined to go on. */
export interface ReplaySteps<T> {
  /** The export an invocation names, as the caller resolves it. */
  resolve(functionName: string): Resolved | undefined;
  /** The template has no such export. */
  missing(invoked: InvokedEntry): Promise<T> | T;
  /** Runs the invocation on the instance (its host calls answered from the record). */
  run(invoked: InvokedEntry, target: Resolved): Promise<T | undefined>;
}

/**
 * Walks the recorded invocations in order, handing each to `steps`, until one stops it (its
 * value is returned) or none is left (undefined; the cursor is live from then on). A record
 * that is not a sequence of invocations throws ReplayDivergence (Durability.nextInvocation).
 */
export async function replay<T>(durability: Durability, steps: ReplaySteps<T>): Promise<T | undefined> {
  for (;;) {
    const invoked = durability.nextInvocation();
    if (!invoked) return undefined;
    const target = steps.resolve(invoked.functionName);
    const stop = target ? await steps.run(invoked, target) : await steps.missing(invoked);
    if (stop !== undefined) return stop;
  }
}
