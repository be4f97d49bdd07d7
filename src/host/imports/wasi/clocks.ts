import { PURE_CALLS, wallTime } from '../../pure-calls.js';
import type { WorkerContext } from '../context.ts';
import type { Interfaces } from '../provide.ts';
import type { WasiIo } from './io.ts';
import type { MonotonicTime } from './monotonic.ts';

/** wasi:clocks: every reading is a durable host call, so replay sees the time the first run saw (the readings are pure-calls.js's). */
export function clocks(ctx: WorkerContext, time: MonotonicTime, io: WasiIo): Interfaces {
  const d = ctx.durability;
  const { Pollable } = io['wasi:io/poll'];
  const name = (key: string) => PURE_CALLS.get(key)!.functionName;

  return {
    'wasi:clocks/wall-clock': {
      now: () => d.call(name('wasi:clocks/wall-clock#now'), 'ReadLocal', () => wallTime(ctx.clock.now())),
      resolution: () => ({ seconds: 0n, nanoseconds: 1_000_000 }),
    },
    'wasi:clocks/monotonic-clock': {
      now: () => {
        const t = d.call(name('wasi:clocks/monotonic-clock#now'), 'ReadLocal', () => time.now());
        time.observe(t);
        return t;
      },
      resolution: () => 1_000_000n,
      subscribeInstant: (when: bigint) => new Pollable(when),
      subscribeDuration: (ns: bigint) => new Pollable(d.call('wasi:clocks/monotonic-clock/subscribe-duration', 'ReadLocal', () => time.now() + ns, { request: [ns] })),
    },
  };
}
