import type { Clock } from '../host/clock.ts';

interface Timer {
  at: number;
  fn: () => unknown;
  real?: NodeJS.Timeout;
}

/** Longest delay setTimeout takes. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * A test host's own time. `flowing` (the default) runs with real time, so a guest that busy-waits
 * on the clock still gets there; `frozen` moves only when told, for exact assertions. Either way
 * `advance` skips ahead, firing due durable timers in order, each at its own instant, and waits
 * for the workers they wake; a short guest wait skips ahead instead of blocking.
 */
export class VirtualClock implements Clock {
  private timers: Timer[] = [];
  /** Frozen mode: the current time. Flowing mode: undefined, and now = Date.now() + skew. */
  private frozenAt: number | undefined;
  private skew = 0;

  constructor(start = Date.now(), mode: 'flowing' | 'frozen' = 'flowing') {
    if (mode === 'frozen') this.frozenAt = start;
    else this.skew = start - Date.now();
  }

  now(): number {
    return this.frozenAt ?? Date.now() + this.skew;
  }

  at(atMs: number, fn: () => unknown): () => void {
    const timer: Timer = { at: atMs, fn };
    this.timers.push(timer);
    this.arm(timer);
    return () => this.remove(timer);
  }

  /**
   * setTimeout runs on the monotonic clock, `now()` on the wall clock: under load a real timer
   * fires a millisecond or so before the virtual instant (measured). Such a timer is armed again
   * for what remains instead of being dropped (that lost a durable wake-up).
   */
  private arm(timer: Timer): void {
    const delay = timer.at - this.now();
    if (delay <= 0) setImmediate(() => void this.fireDue());
    else if (this.frozenAt === undefined && delay <= MAX_TIMEOUT_MS) {
      timer.real = setTimeout(() => (timer.at <= this.now() ? void this.fireDue() : this.timers.includes(timer) && this.arm(timer)), delay);
    }
  }

  blockUntil(atMs: number): void {
    if (atMs <= this.now()) return;
    this.moveTo(atMs);
    if (this.timers.some((t) => t.at <= atMs)) setImmediate(() => void this.fireDue());
  }

  /** Moves time forward by `ms`, firing every timer that falls due and waiting for what it wakes. */
  async advance(ms: number): Promise<void> {
    const target = this.now() + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.remove(next);
      if (next.at > this.now()) this.moveTo(next.at);
      await next.fn();
    }
    if (target > this.now()) this.moveTo(target);
  }

  /** Forgets every timer (the host that set them is gone). */
  cancelAll(): void {
    for (const t of [...this.timers]) this.remove(t);
  }

  private moveTo(t: number): void {
    if (this.frozenAt !== undefined) this.frozenAt = t;
    else this.skew = t - Date.now();
  }

  private remove(timer: Timer): void {
    clearTimeout(timer.real);
    this.timers = this.timers.filter((t) => t !== timer);
  }

  private fireDue(): Promise<void> {
    return this.advance(0);
  }
}
