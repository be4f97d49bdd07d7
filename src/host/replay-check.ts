import { decodeParams, errorOutcome } from '../wit/index.ts';
import type { Clock } from './clock.ts';
import { instantiate } from './instance.ts';
import { replay, replayCursor, workerContext } from './replay.ts';
import type { Resolved } from './resolve-export.ts';
import { ReplayDivergence, ReplayExhausted } from './signals.ts';
import type { Store, WorkerRow } from './store.ts';
import type { LoadedTemplate } from './templates.ts';
import type { RetryPolicy } from './types.ts';

export interface ReplayCheckInput {
  store: Store;
  template: LoadedTemplate;
  worker: WorkerRow;
  clock: Clock;
  retryPolicy: RetryPolicy;
  /** The export an oplog entry names, as the executor resolves it. */
  resolve(functionName: string): Resolved | undefined;
}

/** How a replay check ends: the first divergence, or `matched` when everything recorded replayed. */
type Verdict = ReplayDivergence | 'matched';

/**
 * Rebuilds a worker from its oplog in a fresh instance, as a restart would, but writes nothing
 * and never goes live: every host call the guest makes must match the recorded entry (name and
 * request). Returns the first divergence, or undefined when the whole record replays.
 */
export async function checkReplay(input: ReplayCheckInput): Promise<ReplayDivergence | undefined> {
  const { store, worker } = input;
  const durability = replayCursor(store, worker, true);
  const instance = await instantiate(input.template, workerContext(store, worker, durability, { clock: input.clock, retryPolicy: input.retryPolicy }));
  try {
    const verdict = await replay<Verdict>(durability, {
      resolve: input.resolve,
      missing: (invoked) => {
        const details = { oplogIdx: invoked.idx, recorded: `${invoked.functionName}(…)`, actual: 'no such export in this template version' };
        return new ReplayDivergence(`entry ${invoked.idx} invoked ${invoked.functionName}, which the template does not export`, details);
      },
      run: async (invoked, target) => {
        try {
          await instance.call(target.path, decodeParams(target.fn, invoked.request));
        } catch (e) {
          if (e instanceof ReplayDivergence) return e;
          if (e instanceof ReplayExhausted) return 'matched';
          // A trap ends what one instance can replay (the host retries in a fresh one); an err result is a normal return.
          if (!errorOutcome(target.fn, e)) return 'matched';
        }
        return durability.finishInvocation() === 'live' ? 'matched' : undefined;
      },
    });
    return verdict === 'matched' ? undefined : verdict;
  } catch (e) {
    if (e instanceof ReplayDivergence) return e;
    throw e;
  }
}
