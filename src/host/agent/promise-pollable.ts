import type { WorkerContext } from '../imports/context.ts';
import type { WasiPollable } from '../imports/wasi/io.ts';
import type { HostWait } from '../thread/host-wait.ts';
import { Entry } from '../oplog.ts';
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
 * durable host call. Nothing ready: a timer due within a blocking wait is waited for; otherwise
 * the agent suspends on the first pending promise, until it is completed or (a timer polled
 * with it, such as a deadline) until the earliest timer is due. Lists of timers only are the
 * host's poll, unchanged (which may wait for an HTTP response: a HostWait).
 */
export function promiseAwarePoll(ctx: WorkerContext, timersPoll: (list: WasiPollable[]) => Uint32Array | HostWait<Uint32Array>) {
  const d = ctx.durability;
  // Timers are due by the millisecond (the host clock's unit): a deadline a few ns into the
  // next millisecond (monotonic readings never repeat) is due when that millisecond starts.
  const dueMs = (deadline: bigint) => Number(deadline / 1_000_000n);
  return (list: WasiPollable[]): Uint32Array | HostWait<Uint32Array> => {
    const promises = list.map((p) => promiseOf.get(p));
    if (!promises.some(Boolean)) return timersPoll(list);
    return d.call('wasi:io/poll/poll', 'ReadRemote', () => {
      const ready = () => list.flatMap((p, i) => ((promises[i] ? ctx.promises.get(promises[i]!)?.state === 'complete' : dueMs(p.deadline) <= ctx.clock.now()) ? [i] : []));
      let indices = ready();
      if (indices.length) return new Uint32Array(indices);
      const timers = list.filter((_, i) => !promises[i]).map((p) => p.deadline);
      const earliest = timers.length ? timers.reduce((a, b) => (b < a ? b : a)) : undefined;
      const untilMs = earliest === undefined ? undefined : dueMs(earliest);
      if (untilMs !== undefined && untilMs - ctx.clock.now() <= LONGEST_BLOCKING_WAIT_MS) {
        ctx.clock.blockUntil(untilMs);
        indices = ready();
        if (indices.length) return new Uint32Array(indices);
      }
      suspend(ctx, promises.find(Boolean)!, untilMs);
    }, { request: promises.map((p) => (p ? promiseName(p) : null)), result: { toRecord: (v) => [...v], fromRecord: (r) => new Uint32Array(r as number[]) } });
  };
}

/** As the host's wasi:io poll: a timer this close blocks the guest instead of suspending it. */
const LONGEST_BLOCKING_WAIT_MS = 100;

function suspend(ctx: WorkerContext, promise: PromiseKey, untilMs?: number): never {
  ctx.durability.append(Entry.suspendOnPromise(promise, untilMs));
  throw new SuspendSignal(promise.oplogIdx, untilMs);
}

const promiseName = (k: PromiseKey) => `${k.templateId}/${k.workerName}/${k.oplogIdx}`;
