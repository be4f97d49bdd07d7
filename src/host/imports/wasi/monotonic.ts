import type { Clock } from '../../clock.ts';
import { nextMonotonic, observeMonotonic } from '../../pure-calls.js';

/**
 * The guest's monotonic clock in nanoseconds, shared by wasi:clocks and wasi:io/poll's timers.
 * Wall-clock based, so it keeps increasing across host restarts, where replay resumes; it never
 * goes back and never repeats a reading. The last reading lives in `cell`: for a guest in a
 * thread, the thread channel's, so the readings the guest thread gives itself (thread/journal.js)
 * and the host's stay in one order. A new instance starts it again.
 */
export class MonotonicTime {
  constructor(
    private readonly clock: Clock,
    private readonly cell: BigInt64Array<ArrayBufferLike> = new BigInt64Array(1),
  ) {
    Atomics.store(cell, 0, 0n);
  }

  now(): bigint {
    return nextMonotonic(this.cell, this.clock.now());
  }

  /** A reading the guest was given (replay returns recorded ones): later readings stay above it. */
  observe(reading: bigint): void {
    observeMonotonic(this.cell, reading);
  }
}
