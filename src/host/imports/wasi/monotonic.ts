import type { Clock } from '../../clock.ts';

/**
 * The guest's monotonic clock in nanoseconds, shared by wasi:clocks and wasi:io/poll's timers.
 * Wall-clock based, so it keeps increasing across host restarts, where replay resumes; it never
 * goes back and never repeats a reading.
 */
export class MonotonicTime {
  private last = 0n;

  constructor(private readonly clock: Clock) {}

  now(): bigint {
    const now = BigInt(this.clock.now()) * 1_000_000n;
    this.last = now > this.last ? now : this.last + 1n;
    return this.last;
  }

  /** A reading the guest was given (replay returns recorded ones): later readings stay above it. */
  observe(reading: bigint): void {
    if (reading > this.last) this.last = reading;
  }
}
