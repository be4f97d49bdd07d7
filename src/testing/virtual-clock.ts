import type { Clock } from '../host/clock.ts';

interface Timer {
  at: number;
  fn: () => unknown;
}

/**
 * A test host's own time. It moves only when the test advances it (`advance`), or when a guest
 * waits briefly (a short sleep skips ahead instead of blocking). Durable timers fire in order of
 * their due time, each at its own instant, and `advance` waits for the workers they wake.
 */
export class VirtualClock implements Clock {
  private current: number;
  private timers: Timer[] = [];

  constructor(start = Date.now()) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  at(atMs: number, fn: () => unknown): () => void {
    const timer = { at: atMs, fn };
    this.timers.push(timer);
    if (atMs <= this.current) setImmediate(() => void this.fireDue());
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  blockUntil(atMs: number): void {
    if (atMs <= this.current) return;
    this.current = atMs;
    if (this.timers.some((t) => t.at <= atMs)) setImmediate(() => void this.fireDue());
  }

  /** Moves time forward by `ms`, firing every timer that falls due and waiting for what it wakes. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = Math.max(this.current, next.at);
      await next.fn();
    }
    this.current = Math.max(this.current, target);
  }

  /** Forgets every timer (the host that set them is gone). */
  cancelAll(): void {
    this.timers = [];
  }

  /** Due times of the timers still set, earliest first. */
  pending(): number[] {
    return this.timers.map((t) => t.at).sort((a, b) => a - b);
  }

  private async fireDue(): Promise<void> {
    await this.advance(0);
  }
}
