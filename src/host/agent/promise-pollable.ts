import type { WorkerContext } from '../imports/context.ts';
import type { WasiPollable } from '../imports/wasi/io.ts';
import { SuspendSignal } from '../signals.ts';
import type { PromiseKey } from '../types.ts';

export type PollableClass = new (deadline?: bigint) => WasiPollable;

/** Pollables of promises (get-promise-result.subscribe), host side only. */
const promiseOf = new WeakMap<object, PromiseKey>();

/**
 * A wasi:io pollable that is ready once a durable promise is complete. It is an instance of the
 * host's own Pollable class (a guest may mix it with timers in one `poll`), its readiness
 * answered from the promise: `ready` is a durable host call; `block` on a pending promise
 * suspends the agent (the guest waits inside that call, parked, and a completion resumes it).
 */
export function promisePollable(Pollable: PollableClass, ctx: WorkerContext, promise: PromiseKey): WasiPollable {
  const d = ctx.durability;
  const p = new Pollable(0n);
  promiseOf.set(p, promise);
  const pending = () => ctx.promises.get(promise)?.state !== 'complete';
  Object.defineProperties(p, {
    ready: { value: () => d.call('wasi:io/poll/ready', 'ReadLocal', () => !pending(), { request: [promiseName(promise)] }) },
    block: {
      value: () =>
        d.call('wasi:io/poll/block', 'ReadRemote', () => {
          if (pending()) suspend(ctx, promise);
          return null;
        }, { request: [promiseName(promise)] }),
    },
  });
  return p;
}

/**
 * wasi:io/poll.poll over pollables some of which are promises: the ready ones' indices, as a
 * durable host call. Nothing ready and a promise among them: the agent suspends on the first
 * pending promise (a timer in the same list is not a wake-up here: the wait is the promise's).
 * Lists of timers only are the host's poll, unchanged.
 */
export function promiseAwarePoll(ctx: WorkerContext, timersPoll: (list: WasiPollable[]) => Uint32Array) {
  const d = ctx.durability;
  return (list: WasiPollable[]): Uint32Array => {
    const promises = list.map((p) => promiseOf.get(p));
    if (!promises.some(Boolean)) return timersPoll(list);
    return d.call('wasi:io/poll/poll', 'ReadRemote', () => {
      const ready = (i: number) => (promises[i] ? ctx.promises.get(promises[i]!)?.state === 'complete' : list[i].deadline <= 0n);
      const indices = list.flatMap((_, i) => (ready(i) ? [i] : []));
      if (indices.length) return new Uint32Array(indices);
      suspend(ctx, promises.find(Boolean)!);
    }, { request: promises.map((p) => (p ? promiseName(p) : null)), result: { toRecord: (v) => [...v], fromRecord: (r) => new Uint32Array(r as number[]) } });
  };
}

function suspend(ctx: WorkerContext, promise: PromiseKey): never {
  ctx.durability.append({ kind: 'suspend', promise });
  throw new SuspendSignal(promise.oplogIdx);
}

const promiseName = (k: PromiseKey) => `${k.templateId}/${k.workerName}/${k.oplogIdx}`;
