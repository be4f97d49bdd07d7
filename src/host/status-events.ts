/**
 * Worker events: what the rest of golem-ts watches instead of polling — the test kit's
 * `waitFor`, the REST event stream (src/server/event-routes.ts), the CLI and the dashboard.
 *
 * An event announces only what the store committed. A status change is emitted once the write
 * that carries it commits (Store.afterCommit; a deferred status with the write that takes it to
 * the database), never when a storage failure rolls it back or the worker forgets it. So a
 * subscriber never sees a status the host could still take back, and a subscriber that reads a
 * snapshot in the same turn as it subscribes misses nothing in between.
 */
import { ExecutorError } from './errors.ts';
import type { WorkerEvent, WorkerEventFilter, WorkerStatus } from './types.ts';

/** Most subscriptions a host holds at once (every open event stream and waiting `waitFor` is one). */
export const MAX_SUBSCRIBERS = 1024;

interface Subscriber {
  filter: WorkerEventFilter;
  listener: (event: WorkerEvent) => void;
  end?: () => void;
}

export class WorkerEvents {
  private readonly subscribers = new Set<Subscriber>();
  private closed = false;

  constructor(private readonly max = MAX_SUBSCRIBERS) {}

  /** Subscriptions open now. */
  get size(): number {
    return this.subscribers.size;
  }

  /**
   * Calls `listener` for every event that matches `filter` until the returned function is called.
   * `end` runs once if the subscription ends first: the host closed, or the listener threw.
   */
  subscribe(filter: WorkerEventFilter, listener: (event: WorkerEvent) => void, end?: () => void): () => void {
    if (this.closed) {
      end?.();
      return () => {};
    }
    if (this.subscribers.size >= this.max) throw new ExecutorError('LIMIT_EXCEEDED', `too many event subscriptions (at most ${this.max} at once)`);
    const sub: Subscriber = { filter, listener, end };
    this.subscribers.add(sub);
    return () => void this.subscribers.delete(sub);
  }

  emit(event: WorkerEvent): void {
    if (this.subscribers.size === 0) return;
    const { rawTemplateId, workerName } = event.workerId;
    for (const sub of [...this.subscribers]) {
      const { filter } = sub;
      if ((filter.templateId !== undefined && filter.templateId !== rawTemplateId) || (filter.workerName !== undefined && filter.workerName !== workerName)) continue;
      try {
        sub.listener(event);
      } catch {
        // A listener that throws is a broken consumer: it is dropped, never the host's work.
        this.subscribers.delete(sub);
        sub.end?.();
      }
    }
  }

  /** What Store.updateWorker runs once a status change commits. */
  statusChange(templateId: string, workerName: string, previous: WorkerStatus, status: WorkerStatus): () => void {
    return () => this.emit({ type: 'status', workerId: { rawTemplateId: templateId, workerName }, status, previous, at: new Date().toISOString() });
  }

  /** Ends every subscription (the host is closing). */
  close(): void {
    this.closed = true;
    const ending = [...this.subscribers];
    this.subscribers.clear();
    for (const sub of ending) sub.end?.();
  }
}
