import type { WorkerInstance } from './instance.ts';
import type { Resolved } from './resolve-export.ts';

/** Someone awaiting an invocation's result. */
export interface Waiter {
  resolve(result: unknown): void;
  reject(e: unknown): void;
}

export interface QueuedInvocation {
  target: Resolved;
  params: unknown;
  /** `params` decoded to jco values when the request was validated. */
  args: unknown[];
  key: string | null;
  waiter: Waiter;
  /** Row in queued_invocations for an accepted fire-and-forget invocation. */
  queuedId?: number;
}

/**
 * In-memory state of one worker, its scheduler: the queue of invocations not started yet, the
 * callers waiting for started ones, the run chain that serialises everything touching the
 * worker, and its timers. Only `instance` costs memory, and suspended workers have none.
 */
export class WorkerRuntime {
  instance: WorkerInstance | undefined;
  /** Serialises everything that touches this worker: one step at a time, in order. */
  private chain: Promise<void> = Promise.resolve();
  readonly queue: QueuedInvocation[] = [];
  /** Callers waiting for a started invocation, by the oplog index of its invoked entry. */
  readonly waiters = new Map<number, Waiter[]>();
  /** In-flight invocations by invocation key, so a retried request joins the running one (see invocation-keys.ts). */
  readonly byKey = new Map<string, Promise<unknown>>();
  /** Oplog index of the invocation started but not completed (known once the instance was built). */
  openInvocation: number | undefined;
  retryTimer: NodeJS.Timeout | undefined;
  /** Recoveries tried since the store last refused this worker's writes (their backoff); 0 once an invocation commits. */
  storageRetries = 0;
  /** The store refused this worker's writes and its recovery is scheduled (on retryTimer). */
  awaitingStorage = false;
  /** Cancels the timer that wakes a worker suspended in a long sleep. */
  wakeTimer: (() => void) | undefined;
  deleted = false;

  constructor(
    readonly templateId: string,
    readonly name: string,
  ) {}

  /** `templateId/name`, the key the executor's maps use. */
  get id(): string {
    return `${this.templateId}/${this.name}`;
  }

  run(step: () => Promise<void>): Promise<void> {
    const next = this.chain.then(step);
    this.chain = next.catch(() => {});
    return next;
  }

  /** Nothing started and nothing queued: the instance may go without losing work. */
  get idle(): boolean {
    return this.openInvocation === undefined && this.queue.length === 0;
  }

  /** Stops the retry timer and the wake-up timer. */
  stopTimers(): void {
    this.cancelRetry();
    this.wakeTimer?.();
  }

  /** Stops a scheduled retry (after a trap, or after the store refused a write). */
  cancelRetry(): void {
    clearTimeout(this.retryTimer);
    this.awaitingStorage = false;
  }

  /** Adds a caller waiting for the invocation whose invoked entry is at `idx`. */
  addWaiter(idx: number, waiter: Waiter): void {
    const waiters = this.waiters.get(idx) ?? [];
    waiters.push(waiter);
    this.waiters.set(idx, waiters);
  }

  /** Answers (and forgets) everyone waiting for the invocation at `idx`. */
  resolveWaiters(idx: number, result: unknown): void {
    for (const w of this.waiters.get(idx) ?? []) w.resolve(result);
    this.waiters.delete(idx);
  }

  /** Fails (and forgets) everyone waiting for the invocation at `idx`. */
  rejectWaiters(idx: number, error: unknown): void {
    for (const w of this.waiters.get(idx) ?? []) w.reject(error);
    this.waiters.delete(idx);
  }

  /** Fails every queued invocation (each with its own `error()`), emptying the queue. */
  rejectQueued(error: () => unknown): void {
    for (const q of this.queue.splice(0)) q.waiter.reject(error());
  }
}
