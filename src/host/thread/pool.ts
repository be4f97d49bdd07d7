import { GuestThread } from './guest-thread.ts';
import { ThreadStopped } from './stopped.ts';

/**
 * Guest threads started ahead of need (from the first one taken on): starting a thread costs milliseconds that a cold resume
 * should not pay. A spare thread holds no guest state (no instance, no worker), so handing it
 * to any worker is safe; it is replaced in the background when taken.
 */
export class ThreadPool {
  private readonly spare: GuestThread[] = [];
  private closed = false;

  constructor(private readonly size = 1) {}

  take(): GuestThread {
    const t = this.spare.shift() ?? new GuestThread();
    setImmediate(() => this.refill());
    return t;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.spare.splice(0).map((t) => t.terminate(new ThreadStopped('CLOSED', 'the host closed'))));
  }

  private refill(): void {
    while (!this.closed && this.spare.length < this.size) this.spare.push(new GuestThread());
  }
}
