import type { WorkerContext } from '../context.ts';
import type { Interfaces } from '../provide.ts';
import type { WasiIo } from './io.ts';
import type { MonotonicTime } from './monotonic.ts';

/** wasi:clocks: every reading is a durable host call, so replay sees the time the first run saw. */
export function clocks(ctx: WorkerContext, time: MonotonicTime, io: WasiIo): Interfaces {
  const d = ctx.durability;
  const { Pollable } = io['wasi:io/poll'];
  const wallNow = () => {
    const ms = ctx.clock.now();
    return { seconds: BigInt(Math.floor(ms / 1000)), nanoseconds: (ms % 1000) * 1_000_000 };
  };

  return {
    'wasi:clocks/wall-clock': {
      now: () => d.call('wasi:clocks/wall-clock/now', 'ReadLocal', wallNow),
      resolution: () => ({ seconds: 0n, nanoseconds: 1_000_000 }),
    },
    'wasi:clocks/monotonic-clock': {
      now: () => {
        const t = d.call('wasi:clocks/monotonic-clock/now', 'ReadLocal', () => time.now());
        time.observe(t);
        return t;
      },
      resolution: () => 1_000_000n,
      subscribeInstant: (when: bigint) => new Pollable(when),
      subscribeDuration: (ns: bigint) => new Pollable(d.call('wasi:clocks/monotonic-clock/subscribe-duration', 'ReadLocal', () => time.now() + ns, { request: [ns] })),
    },
  };
}
