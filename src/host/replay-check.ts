import { decodeParams, errorOutcome, type WitFunction } from '../wit/index.ts';
import type { Clock } from './clock.ts';
import { Durability } from './durability.ts';
import type { WorkerContext } from './imports/context.ts';
import { instantiate } from './instance.ts';
import { replayPlan } from './oplog.ts';
import { ReplayDivergence, ReplayExhausted } from './signals.ts';
import type { Store, WorkerRow } from './store.ts';
import { storePorts } from './store-ports.ts';
import type { LoadedTemplate } from './templates.ts';
import type { RetryPolicy } from './types.ts';

export interface ReplayCheckInput {
  store: Store;
  template: LoadedTemplate;
  worker: WorkerRow;
  clock: Clock;
  retryPolicy: RetryPolicy;
  /** The export an oplog entry names, as the executor resolves it. */
  resolve(functionName: string): { fn: WitFunction; path: string[] } | undefined;
}

/**
 * Rebuilds a worker from its oplog in a fresh instance, as a restart would, but writes nothing
 * and never goes live: every host call the guest makes must match the recorded entry (name and
 * request). Returns the first divergence, or undefined when the whole record replays.
 */
export async function checkReplay(input: ReplayCheckInput): Promise<ReplayDivergence | undefined> {
  const { store, worker } = input;
  const durability = new Durability(store, worker.templateId, worker.name, replayPlan(store.oplog(worker.templateId, worker.name)), true);
  const ctx: WorkerContext = {
    ...storePorts(store),
    templateId: worker.templateId,
    workerName: worker.name,
    args: worker.args,
    env: worker.env,
    durability,
    clock: input.clock,
    settings: { retryPolicy: { ...input.retryPolicy }, persistenceLevel: { tag: 'smart' }, idempotenceMode: true },
    output: () => {},
    promiseCompleted: () => {},
  };
  const instance = await instantiate(input.template, ctx);
  try {
    for (;;) {
      const invoked = durability.nextInvocation();
      if (!invoked) return undefined;
      const target = input.resolve(invoked.functionName);
      if (!target) {
        const details = { oplogIdx: invoked.idx, recorded: `${invoked.functionName}(…)`, actual: 'no such export in this template version' };
        return new ReplayDivergence(`entry ${invoked.idx} invoked ${invoked.functionName}, which the template does not export`, details);
      }
      try {
        await instance.call(target.path, decodeParams(target.fn, invoked.request));
      } catch (e) {
        if (e instanceof ReplayDivergence) return e;
        if (e instanceof ReplayExhausted) return undefined;
        // A trap ends what one instance can replay (the host retries in a fresh one); an err result is a normal return.
        if (!errorOutcome(target.fn, e)) return undefined;
      }
      if (durability.finishInvocation() === 'live') return undefined;
    }
  } catch (e) {
    if (e instanceof ReplayDivergence) return e;
    throw e;
  }
}
