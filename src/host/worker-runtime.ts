import { decodeParams, encodeReturn, errorOutcome } from '../wit/index.ts';
import type { Clock } from './clock.ts';
import { crashPoint } from './crash-points.ts';
import type { Durability } from './durability.ts';
import { ExecutorError, storageFailed } from './errors.ts';
import type { WorkerInstance } from './instance.ts';
import type { InvocationKeys } from './invocation-keys.ts';
import { Entry, isInvoked, waitIsOver, waitOf, type InvokedEntry, type Wait } from './oplog.ts';
import { replay, replayCursor } from './replay.ts';
import type { Resolved } from './resolve-export.ts';
import { DEFAULT_RETRY_POLICY, recordTrap, rollBackOpenRegion } from './retries.ts';
import { nextOf } from './signals.ts';
import { isStorageFailure, type Store, type WorkerRow } from './store.ts';
import type { LoadedTemplate } from './templates.ts';
import { ThreadStopped } from './thread/stopped.ts';
import type { RetryPolicy, WorkerStatus } from './types.ts';
import { canRecoverImmediately, checkInvocable, isTerminal, isWaiting, mayResume, transition } from './worker-status.ts';

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
 * Why a worker is woken (see WorkerRuntime.wake):
 * - `invoked`: an invocation was queued, or the last one completed with more queued;
 * - `wait-over`: its wait may be over (a promise completed, an rpc call answered, its timer due);
 * - `retry`: the retry timer after a trap fired;
 * - `recover`: the host started: it goes on from what its oplog committed;
 * - `storage`: the store refused its writes and the backoff is over: recovered, and accepted
 *   invocations queued again.
 */
export type WakeReason = 'invoked' | 'wait-over' | 'retry' | 'recover' | 'storage';

/** What a worker needs from the host (the executor): shared machinery, never another worker's state. */
export interface WorkerHost {
  readonly store: Store;
  readonly clock: Clock;
  readonly keys: InvocationKeys;
  readonly counters: { instantiations: number; hotResumes: number; instantiatedAhead: number; storageFailures: number };
  /** The host is closing: nothing new starts. */
  readonly closed: boolean;
  /** The worker's template version, loaded. */
  template(worker: WorkerRow): Promise<LoadedTemplate>;
  /** An export by any of its names, resolved once per template version. */
  lookup(template: LoadedTemplate, functionName: string): Resolved | undefined;
  /** A fresh instance of `template` for this worker, its host calls going through `durability`. */
  instantiate(rt: WorkerRuntime, worker: WorkerRow, template: LoadedTemplate, durability: Durability): Promise<WorkerInstance>;
  /** The worker's instance was just used (the live-instance cache). */
  touch(rt: WorkerRuntime): void;
  /** Fire-and-forget invocations accepted for this worker and not started: queued again. */
  requeueAccepted(rt: WorkerRuntime): Promise<void>;
  /** Whether this worker's rpc call whose request entry is at `call` has an outcome. */
  rpcAnswered(rt: WorkerRuntime, call: number): boolean;
  /** What to run once a status change commits: it announces the change to subscribers (status-events.ts). */
  statusCommitted(rt: WorkerRuntime, previous: WorkerStatus, status: WorkerStatus): () => void;
}

/**
 * One worker, the unit of the host: its status, its current wait, its timers and its inputs —
 * invoke, wait over (promise completed, rpc answered, timer due), retry, interrupt, recover,
 * evict, delete. Everything that touches it runs one step at a time on its chain, and `wake`
 * is the one place that decides what runs next. Only `instance` costs memory, and suspended
 * workers have none unless parked.
 *
 * The path of a completion: Executor.completePromise commits it, then wakes the worker
 * (`wait-over`) → `resume` → `activate`: a parked guest resumes hot (`resumeParked`), any other
 * is rebuilt by `replay` (replay.ts) → `execute` runs the export → `settle` records how it ended
 * (completed, or an error whose `next` says: park, retry, fail, …) → `pump` starts what is queued.
 */
export class WorkerRuntime {
  instance: WorkerInstance | undefined;
  /** Serialises everything that touches this worker: one step at a time, in order. */
  private chain: Promise<void> = Promise.resolve();
  readonly queue: QueuedInvocation[] = [];
  /** Callers waiting for a started invocation, by the oplog index of its invoked entry. */
  private readonly waiters = new Map<number, Waiter[]>();
  /** In-flight invocations by invocation key, so a retried request joins the running one (see invocation-keys.ts). */
  readonly byKey = new Map<string, Promise<unknown>>();
  /** Oplog index of the invocation started but not completed (known once the instance was built). */
  openInvocation: number | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Recoveries tried since the store last refused this worker's writes (their backoff); 0 once an invocation commits. */
  private storageRetries = 0;
  /** The store refused this worker's writes and its recovery is scheduled (on retryTimer). */
  private awaitingStorage = false;
  /** Cancels the timer that wakes a worker suspended in a long sleep. */
  private wakeTimer: (() => void) | undefined;
  deleted = false;

  constructor(
    readonly templateId: string,
    readonly name: string,
    private readonly host: WorkerHost,
  ) {}

  /** `templateId/name`, the key the executor's maps use. */
  get id(): string {
    return `${this.templateId}/${this.name}`;
  }

  private get store(): Store {
    return this.host.store;
  }

  private row(): WorkerRow | undefined {
    return this.store.worker(this.templateId, this.name);
  }

  private run(step: () => Promise<void>): Promise<void> {
    const next = this.chain.then(step);
    this.chain = next.catch(() => {});
    return next;
  }

  /** Nothing started and nothing queued: the instance may go without losing work. */
  get idle(): boolean {
    return this.openInvocation === undefined && this.queue.length === 0;
  }

  // ---------------------------------------------------------------- inputs

  /** Queues an invocation (validated by the executor) and starts it when the worker is free. */
  invoke(q: QueuedInvocation): Promise<void> {
    this.queue.push(q);
    return this.wake('invoked');
  }

  /**
   * The one place that decides what runs next. Resolves once the worker has run as far as it
   * can (a virtual clock waits for the timers it fires).
   */
  wake(reason: WakeReason): Promise<void> {
    if (this.host.closed) return Promise.resolve();
    switch (reason) {
      case 'invoked':
        return this.pump();
      case 'wait-over': {
        const w = this.row();
        if (!w || !mayResume(w.status)) return Promise.resolve();
        if (this.awaitingStorage) return Promise.resolve(); // its recovery is scheduled
        return this.run(() => {
          crashPoint('complete-answered');
          return this.activate();
        })
          .then(() => this.pump())
          .catch(this.onStorageFailureOf());
      }
      case 'retry':
        return this.run(() => this.activate())
          .then(() => this.pump())
          .catch(this.onStorageFailureOf());
      case 'recover': {
        const w = this.row();
        return w ? this.recover(w) : Promise.resolve();
      }
      case 'storage': {
        if (this.deleted) return Promise.resolve();
        const w = this.row();
        if (!w) return Promise.resolve();
        return this.recover(w)
          .then(() => this.host.requeueAccepted(this))
          .then(() => this.pump())
          .catch(this.onStorageFailureOf());
      }
    }
  }

  /**
   * After a restart, or after the store refused its writes: the worker goes on from what its
   * oplog committed. Running (or retrying) ones continue by replay, and so do suspended or
   * interrupted ones whose wait is over (see the wake-up invariant in executor.ts).
   */
  private recover(w: WorkerRow): Promise<void> {
    if (w.status === 'Running') {
      // Died inside an atomic region: the region runs again as a whole.
      rollBackOpenRegion(this.store, this.templateId, this.name);
    } else if (isWaiting(w.status)) {
      const wait = this.waitOf();
      const until = wait.kind === 'timer' || wait.kind === 'promise' ? wait.until : undefined;
      if (until !== undefined && w.status === 'Suspended') this.wakeAt(until);
      if (wait.kind === 'timer' || !this.waitIsOver(wait, w.status)) return Promise.resolve();
    } else if (w.status !== 'Retrying') {
      return Promise.resolve();
    }
    return this.run(() => this.activate()).catch(this.onStorageFailureOf());
  }

  /** Interrupt: a guest running (or parked) in its thread is stopped where it is, without waiting for its turn. */
  async interrupt(recoverImmediately: boolean): Promise<void> {
    const interrupted = () => new ThreadStopped('INTERRUPTED', `worker ${this.name} was interrupted`);
    if (this.instance && !recoverImmediately) this.dropInstance(interrupted());
    await this.run(async () => {
      const worker = this.row();
      if (!worker || this.deleted) return;
      this.dropInstance(interrupted());
      this.cancelRetry();
      if (recoverImmediately) {
        // A simulated host restart: the worker comes back by replay and keeps its status.
        if (canRecoverImmediately(worker.status)) await this.activate();
        return;
      }
      if (isTerminal(worker.status)) return;
      this.wakeTimer?.(); // an interrupted sleeper resumes on next use, not on its timer
      if (worker.status === 'Interrupted' && this.waitOf().kind === 'nothing') return; // stopped while running: already recorded
      this.store.transaction(() => {
        this.store.appendOplog(this.templateId, this.name, Entry.interrupted());
        this.setStatus('Interrupted');
      });
    });
  }

  /** The live-instance cache drops this worker's instance: still idle (or parked: its suspend entry is committed) once its turn comes, it goes; the next use, or the completion, replays. */
  evict(): Promise<void> {
    return this.run(async () => {
      if (this.idle || this.instance?.parked) this.dropInstance(new ThreadStopped('EVICTED', 'evicted: more live instances than --max-live'));
    });
  }

  /** Deleted: timers stop, the instance goes, everyone waiting gets `gone`; `remove` deletes the row. */
  delete(gone: ExecutorError, remove: () => void): Promise<void> {
    return this.run(async () => {
      this.deleted = true;
      this.stopTimers();
      this.dropInstance(gone);
      this.rejectQueued(() => gone);
      for (const idx of [...this.waiters.keys()]) this.rejectWaiters(idx, gone);
      remove();
    });
  }

  /** The host closes: timers stop, a parked or running guest is stopped; it comes back by replay in the next host. */
  async close(): Promise<void> {
    this.stopTimers();
    this.dropInstance(new ThreadStopped('CLOSED', 'the host closed'));
    await this.run(async () => {});
  }

  // ---------------------------------------------------------------- status and wait

  /**
   * The one place a worker's status changes: checked against the transition table. `deferred`
   * as in Store.updateWorker.
   */
  private setStatus(status: WorkerStatus, patch: { retryCount?: number; lastError?: string | null } = {}, deferred = false): void {
    const worker = this.row();
    if (!worker) return; // deleted: there is no row to change
    const committed = this.host.statusCommitted(this, worker.status, status);
    this.store.updateWorker(this.templateId, this.name, { status: transition(worker.status, status), ...patch }, deferred, committed);
  }

  /** What the worker waits for while it is not running, from the tail of its oplog. */
  private waitOf(): Wait {
    const last = this.store.lastOplogIndex(this.templateId, this.name);
    return waitOf(this.store.oplog(this.templateId, this.name, Math.max(1, last - 7))) ?? waitOf(this.store.oplog(this.templateId, this.name)) ?? { kind: 'nothing' };
  }

  /** Whether a Suspended or Interrupted worker should be resumed now (see waitIsOver in oplog.ts). */
  private waitIsOver(wait: Wait, status: WorkerStatus): boolean {
    return waitIsOver(wait, status, {
      now: () => this.host.clock.now(),
      pending: (p) => this.store.promise(p.templateId, p.workerName, p.oplogIdx)?.state === 'pending',
      answered: (call) => this.host.rpcAnswered(this, call),
    });
  }

  private wakeAt(untilMs: number): void {
    this.wakeTimer?.();
    this.wakeTimer = this.host.clock.at(untilMs, () => this.wake('wait-over'));
  }

  /** Stops the retry timer and the wake-up timer. */
  private stopTimers(): void {
    this.cancelRetry();
    this.wakeTimer?.();
  }

  /** Stops a scheduled retry (after a trap, or after the store refused a write). */
  private cancelRetry(): void {
    clearTimeout(this.retryTimer);
    this.awaitingStorage = false;
  }

  /** Frees the instance (stopping its thread); whatever waits on the guest fails with `reason`. */
  private dropInstance(reason: Error): void {
    const instance = this.instance;
    this.instance = undefined;
    instance?.dispose(reason);
  }

  // ---------------------------------------------------------------- running

  /** Starts queued invocations one after another while the worker is free. */
  private pump(): Promise<void> {
    return this.run(async () => {
      while (!this.host.closed && !this.deleted && !this.awaitingStorage && this.queue.length) {
        const worker = this.row();
        // A suspended or retrying invocation must finish first; completion or the retry timer pumps
        // again. A suspension whose wait is already over (say, completed before a crash) ends now.
        if (!worker || worker.status === 'Retrying') return;
        if (worker.status === 'Suspended') {
          if (!this.waitIsOver(this.waitOf(), worker.status)) return;
          try {
            await this.activate();
          } catch (e) {
            this.onStorageFailureOf()(e);
            return; // the worker keeps its status; the next completion or use tries again
          }
          // Suspended again (say, on a new promise): its next wake-up pumps.
          if (this.row()?.status === 'Suspended') return;
          continue;
        }
        const next = this.queue.shift() as QueuedInvocation;
        try {
          checkInvocable(worker);
          // Rebuilds the instance if needed; an interrupted invocation continues here first.
          await this.activate();
          // The replay before it failed the worker for good: so does this invocation.
          const after = this.row();
          if (after) checkInvocable(after);
          if (!this.instance || this.openInvocation !== undefined) {
            this.queue.unshift(next);
            return;
          }
          const invoked = Entry.exportedFunctionInvoked(next.target.name, next.params, next.key);
          // Both deferred: they are committed with the invocation's first effect or its completion,
          // so a call that dies before either leaves nothing behind and is simply run again.
          const entry = { ...this.instance.durability.append(invoked, true), ...invoked };
          this.setStatus('Running', {}, true);
          if (next.queuedId !== undefined) this.store.queuedInvocationStarted(this.templateId, this.name, next.queuedId);
          this.waiters.set(entry.idx, [next.waiter]);
          this.openInvocation = entry.idx;
          await this.execute(entry, next.target, next.args);
        } catch (e) {
          if (isStorageFailure(e)) {
            // Not started as far as the store knows: a fire-and-forget one stays queued for the recovery.
            this.onStorageFailure(e);
            next.waiter.reject(storageFailed(e));
            return;
          }
          next.waiter.reject(e);
          if (next.queuedId !== undefined) this.store.queuedInvocationStarted(this.templateId, this.name, next.queuedId);
        }
      }
    });
  }

  /** Makes sure the worker has a live instance, rebuilding it by replaying the oplog. */
  private async activate(): Promise<void> {
    if (this.instance?.parked) return this.resumeParked();
    if (this.instance || this.deleted || this.host.closed) return; // a closing host starts no guest
    const worker = this.row();
    if (!worker) return;
    const template = await this.host.template(worker);
    const durability = replayCursor(this.store, worker);
    this.instance = await this.host.instantiate(this, worker, template, durability);
    this.host.touch(this);
    this.openInvocation = undefined;
    const policy = this.instance.ctx.settings;
    const stopped = await replay(durability, {
      resolve: (name) => this.host.lookup(template, name),
      missing: async (inv) => {
        this.openInvocation = inv.idx;
        await this.fail(new Error(`replay: the template has no function ${inv.functionName}`), inv.idx, policy.retryPolicy);
        return true;
      },
      run: async (inv, target) => {
        this.openInvocation = inv.idx;
        await this.execute(inv, target);
        return !this.instance || this.instance.parked ? true : undefined; // suspended or failed again after replay
      },
    });
    if (stopped) return;
    if (this.row()?.status !== 'Idle') this.setStatus('Idle');
  }

  /**
   * Hot resume: the guest still waits inside the call that suspended it, on its own thread; the
   * wait being over, the call runs again and the invocation goes on — no instantiation, no
   * replay, and the same oplog as a cold resume writes.
   */
  private async resumeParked(): Promise<void> {
    const instance = this.instance as WorkerInstance;
    const worker = this.row();
    if (!worker || worker.status !== 'Suspended' || !this.waitIsOver(this.waitOf(), worker.status)) return;
    const invoked = this.openInvocation === undefined ? undefined : this.store.oplogEntry(this.templateId, this.name, this.openInvocation);
    const template = await this.host.template(worker);
    const target = invoked && isInvoked(invoked) ? this.host.lookup(template, invoked.functionName) : undefined;
    if (!invoked || !isInvoked(invoked) || !target) {
      // Not an invocation this host can finish hot: the cold path decides.
      this.dropInstance(new ThreadStopped('EVICTED', 'parked outside a known invocation'));
      return this.activate();
    }
    this.wakeTimer?.();
    // Deferred, like an invocation's start: committed with the first entry the resumed call
    // writes. A crash before that leaves it Suspended with its wait over, which recovery resumes.
    this.setStatus('Running', {}, true);
    this.host.touch(this);
    this.host.counters.hotResumes++;
    await this.settle(invoked, target, instance.resumeParked());
  }

  /**
   * Runs one invocation's export on the instance. Used both live and while replaying: the
   * durability cursor decides whether host calls are recorded or answered from the oplog.
   */
  private async execute(entry: InvokedEntry, target: Resolved, decoded?: unknown[]): Promise<void> {
    const instance = this.instance as WorkerInstance;
    let call: Promise<unknown>;
    try {
      call = instance.call(target.path, decoded ?? decodeParams(target.fn, entry.request));
    } catch (e) {
      call = Promise.reject(e);
    }
    return this.settle(entry, target, call);
  }

  /** Records how an invocation ended: its completion, or a suspension, a trap, a retry. */
  private async settle(entry: InvokedEntry, target: Resolved, call: Promise<unknown>): Promise<void> {
    const instance = this.instance as WorkerInstance;
    let outcome: { ok: true; value: unknown } | { ok: false; payload: unknown };
    try {
      outcome = { ok: true, value: await call };
    } catch (e) {
      const err = errorOutcome(target.fn, e);
      if (!err || instance.durability.storageFailure !== undefined) return this.onStop(entry, e);
      outcome = err;
    }
    // The guest went on after the store refused one of its host calls: none of it is recorded.
    if (instance.durability.storageFailure !== undefined) return this.onStorageFailure(instance.durability.storageFailure);
    const response = encodeReturn(target.fn, outcome);
    this.openInvocation = undefined;
    let finished: 'replayed' | 'live';
    try {
      finished = instance.durability.finishInvocation();
    } catch (e) {
      return this.onStop(entry, e);
    }
    if (finished === 'replayed') return;
    crashPoint('before-completion');
    try {
      this.store.transaction(() => {
        instance.durability.append(Entry.exportedFunctionCompleted(response));
        this.setStatus('Idle', { retryCount: 0, lastError: null });
        if (entry.invocationKey) this.host.keys.completed(this, entry.invocationKey, response);
      });
    } catch (e) {
      if (!isStorageFailure(e)) throw e;
      return this.onStorageFailure(e, entry.idx); // still open as far as the store knows
    }
    this.storageRetries = 0;
    this.resolveWaiters(entry.idx, response);
    this.host.touch(this);
    if (this.queue.length) queueMicrotask(() => void this.wake('invoked'));
  }

  /** The invocation stopped with an error: a storage failure crashes the worker; any other error says what happens next. */
  private async onStop(entry: InvokedEntry, e: unknown): Promise<void> {
    // A host call the store refused unwound the guest: a crash of the store's making, not a trap.
    const storage = this.instance?.durability.storageFailure ?? (isStorageFailure(e) ? e : undefined);
    if (storage !== undefined) return this.onStorageFailure(storage, this.openInvocation ?? entry.idx);
    try {
      await this.follow(entry, e);
    } catch (failure) {
      if (!isStorageFailure(failure)) throw failure;
      this.onStorageFailure(failure, this.openInvocation ?? entry.idx);
    }
  }

  /** Does what the error says comes next (see Next in signals.ts). */
  private async follow(entry: InvokedEntry, e: unknown): Promise<void> {
    const next = nextOf(e);
    // The policy as the guest last set it (replay rebuilt it), read before the instance goes.
    const policy = this.instance?.ctx.settings.retryPolicy ?? DEFAULT_RETRY_POLICY;
    // A parked guest keeps its instance (hot resume); any other that threw through a host import is unusable.
    if (!(next.kind === 'park' && this.instance?.parked === true)) this.dropInstance(e instanceof Error ? e : new Error(String(e)));
    switch (next.kind) {
      case 'interrupted':
        // Stopped where it ran; the invocation continues by replay on the worker's next use.
        this.store.transaction(() => {
          this.store.appendOplog(this.templateId, this.name, Entry.interrupted());
          this.setStatus('Interrupted');
        });
        return;
      case 'forget':
        return; // recorded nowhere, like a crash
      case 'park':
        this.setStatus('Suspended');
        if (next.untilMs !== undefined) this.wakeAt(next.untilMs);
        return;
      case 'replay':
        return this.activate();
      case 'exit': {
        const message = (e as Error).message;
        this.store.transaction(() => {
          this.store.appendOplog(this.templateId, this.name, Entry.error(message));
          this.setStatus('Exited');
        });
        this.settleFailed(entry.idx, new ExecutorError('INVOCATION_FAILED', message));
        return;
      }
      case 'fail':
        return this.fail(e, entry.idx, { ...policy, maxAttempts: 1 });
      case 'retry':
        return this.fail(e, entry.idx, policy);
    }
  }

  /** A trap: retried by replay with backoff while the retry policy allows, then Failed. */
  private async fail(e: unknown, invokedIdx: number, policy: RetryPolicy): Promise<void> {
    this.dropInstance(e instanceof Error ? e : new Error(String(e)));
    const decision = this.store.transaction(() => {
      const d = recordTrap(this.store, this.templateId, this.name, e, invokedIdx, policy);
      this.setStatus(d.retry ? 'Retrying' : 'Failed', { retryCount: d.attempts, lastError: d.message });
      return d;
    });
    const { message } = decision;
    if (decision.retry) {
      this.retryTimer = setTimeout(() => void this.wake('retry'), decision.delayMs);
      return;
    }
    this.settleFailed(invokedIdx, new ExecutorError('INVOCATION_FAILED', `invocation failed: ${message}`, { cause: e }));
    this.rejectQueued(() => new ExecutorError('INVOCATION_FAILED', `previous invocation failed: ${message}`));
  }

  private settleFailed(invokedIdx: number, error: ExecutorError): void {
    const invoked = this.store.oplogEntry(this.templateId, this.name, invokedIdx);
    if (invoked && isInvoked(invoked) && invoked.invocationKey) this.host.keys.failed(this, invoked.invocationKey, error.message);
    this.rejectWaiters(invokedIdx, error);
  }

  // ---------------------------------------------------------------- storage failures

  /**
   * The store refused a write of this worker (disk full, I/O error): for the worker that is a
   * crash. Its instance goes, what was not committed is forgotten, callers of an invocation that
   * was never recorded get STORAGE_FAILED (503), and the worker is recovered from its committed
   * oplog once the store takes writes again — tried with backoff, without counting against the
   * guest's retry policy, for the failure is not the guest's.
   */
  private onStorageFailure(cause: unknown, open = this.openInvocation): void {
    this.host.counters.storageFailures++;
    this.dropInstance(cause instanceof Error ? cause : new Error(String(cause)));
    this.store.forgetUncommitted(this.templateId, this.name);
    this.openInvocation = undefined;
    if (open !== undefined && open > this.store.lastOplogIndex(this.templateId, this.name)) this.rejectWaiters(open, storageFailed(cause));
    clearTimeout(this.retryTimer);
    const delayMs = Math.min(5_000, 50 * 2 ** Math.min(this.storageRetries++, 7));
    this.awaitingStorage = true; // nothing else starts the worker meanwhile: the timer does
    this.retryTimer = setTimeout(() => {
      this.awaitingStorage = false;
      void this.wake('storage');
    }, delayMs);
  }

  /** A catch handler: storage failures crash the worker as above; anything else was handled where it arose. */
  private onStorageFailureOf(): (e: unknown) => void {
    return (e) => {
      if (isStorageFailure(e)) this.onStorageFailure(e);
    };
  }

  // ---------------------------------------------------------------- callers

  /** Adds a caller waiting for the invocation whose invoked entry is at `idx`. */
  addWaiter(idx: number, waiter: Waiter): void {
    const waiters = this.waiters.get(idx) ?? [];
    waiters.push(waiter);
    this.waiters.set(idx, waiters);
  }

  /** Answers (and forgets) everyone waiting for the invocation at `idx`. */
  private resolveWaiters(idx: number, result: unknown): void {
    for (const w of this.waiters.get(idx) ?? []) w.resolve(result);
    this.waiters.delete(idx);
  }

  /** Fails (and forgets) everyone waiting for the invocation at `idx`. */
  private rejectWaiters(idx: number, error: unknown): void {
    for (const w of this.waiters.get(idx) ?? []) w.reject(error);
    this.waiters.delete(idx);
  }

  /** Fails every queued invocation (each with its own `error()`), emptying the queue. */
  private rejectQueued(error: () => unknown): void {
    for (const q of this.queue.splice(0)) q.waiter.reject(error());
  }
}
