import type { WorkerContext } from '../context.ts';
import { provide, type Interfaces } from '../provide.ts';
import { http } from '../http/index.ts';
import { cli } from './cli.ts';
import { clocks } from './clocks.ts';
import { filesystem } from './filesystem.ts';
import { io } from './io.ts';
import { MonotonicTime } from './monotonic.ts';
import { random } from './random.ts';

/**
 * The WASI 0.2 imports a componentize-js component needs, one module per WASI package. Anything
 * that differs between runs (clocks, randomness, readiness of timers) is a durable host call, so
 * replay sees the values the first run saw. Output is written live only. wasi:http's outgoing
 * requests are recorded with their responses (see ../http/exchange.ts).
 */
export function wasi(ctx: WorkerContext): Interfaces {
  const time = new MonotonicTime(ctx.clock, ctx.monotonicCell);
  const streamsAndPolls = io(ctx, time);
  return provide(streamsAndPolls, cli(ctx, streamsAndPolls), clocks(ctx, time, streamsAndPolls), filesystem(), random(ctx), http(ctx, streamsAndPolls));
}
