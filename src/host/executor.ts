import { decodeParams, encodeReturn, errorOutcome, TypedJsonError } from '../wit/index.ts';
import { crashPoint } from './crash-points.ts';
import { DEFAULT_INVOCATION_TIMEOUT_MS } from './limits.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Durability } from './durability.ts';
import { ExecutorError, invalid, storageFailed } from './errors.ts';
import type { WorkerContext } from './imports/context.ts';
import type { HttpSettings } from './imports/http/transport.ts';
import { instantiate, preloadSource, type WorkerInstance } from './instance.ts';
import { InvocationKeys } from './invocation-keys.ts';
import { Entry, isInvoked, waitIsOver, waitOf, type InvokedEntry, type Wait } from './oplog.ts';
import { DEFAULT_RETRY_POLICY, recordTrap, rollBackOpenRegion } from './retries.ts';
import { availableParallelism } from 'node:os';
import { ThreadPool } from './thread/pool.ts';
import { Slots } from './thread/slots.ts';
import { ThreadStopped } from './thread/stopped.ts';
import { RpcDispatcher } from './rpc/dispatcher.ts';
import { resolveExport, type Resolved } from './resolve-export.ts';
import { checkReplay } from './replay-check.ts';
import { replay, replayCursor, workerContext } from './replay.ts';
import { ExitSignal, HostTrap, JumpSignal, ReplayDivergence, SleepSignal, SuspendSignal } from './signals.ts';
import { isStorageFailure, Store, type WorkerRow } from './store.ts';
import { Templates, type LoadedTemplate } from './templates.ts';
import type { ExecutorApi, InvokeOptions, OplogEntry, PromiseInfo, RetryPolicy, Template, VersionedWorkerId, WorkerMetadata, WorkerStatus } from './types.ts';
import { isUuid } from '../guest/uuid.ts';
import { workerNameProblem } from './worker-name.ts';
import { agentIdProblem } from './agent/agent-id.ts';
import { Agents } from './agent/agents.ts';
import { WorkerRuntime, type QueuedInvocation } from './worker-runtime.ts';
import { acceptsInvocations, canRecoverImmediately, INITIAL_STATUS, isTerminal, isWaiting, mayResume, transition } from './worker-status.ts';
import { checkCompletion, listPromises, suspendedOn } from './promises.ts';

export interface ExecutorOptions {
  dataDir: string;
  /** Most workers the host keeps; creating one more is LIMIT_EXCEEDED (the seed's 403). Default: no limit. */
  maxWorkers?: number;
  /**
   * Most workers that keep a live instance between invocations (≈ 11 MiB each for the example);
   * beyond it the least recently used idle one is dropped and comes back by replay. Default 32.
   */
  maxLiveInstances?: number;
  /** Time as guests see it and durable timers run on; default: the system clock (the test kit injects a virtual one). */
  clock?: Clock;
  /** Where guest stdout/stderr goes (live execution only); default: discarded. */
  onOutput?: (worker: string, stream: 'stdout' | 'stderr', text: string) => void;
  /**
   * 'thread' (default): each live instance runs in its own worker thread, so a busy guest never
   * blocks the host, an interrupt stops a running guest, and a suspended guest stays parked for a
   * hot resume. 'inline': guests run on the host's thread (no preemption, no parking).
   */
  isolation?: 'thread' | 'inline';
  /** Instances of the template used last kept instantiated ahead of need, for cold resumes (thread isolation); default 2, 0 turns it off. */
  instancesAhead?: number;
  /** Longest an invocation may run (thread isolation; parked time does not count) before it fails as a trap; default 5 min. */
  invocationTimeoutMs?: number;
  /** Bytes each guest's linear memory may grow to; beyond it the invocation fails as out of memory (a trap). Default 512 MiB. */
  maxGuestMemory?: number;
  /** Outgoing HTTP (wasi:http): transport, default timeouts, response size limit. */
  http?: HttpSettings;
}

export { DEFAULT_RETRY_POLICY };

const ACCOUNT_ID = '00000000-0000-0000-0000-000000000000';

/**
 * The durable local host: templates, workers, oplogs, suspend on pending promises, resume by
 * replay. Everything durable goes through the SQLite store before it is acknowledged.
 *
 * The wake-up invariant: a worker that is not running and whose wait is over is being resumed.
 * A wait is over when the promise its last suspend entry names is complete, when the rpc call it
 * names has an outcome, when its timer is due, or when entries follow that suspend (it was running
 * when the host died). It is checked
 * when a completion commits, when a timer fires, when the host starts (recover), and whenever
 * an invocation finds the worker suspended (pump) — so no crash between "completion
 * committed" and "worker resumed" can lose the wake-up. What each crash leaves, and what
 * comes back:
 * - completion committed, not answered: the promise is complete, the worker Suspended; on start
 *   the wait is over and it resumes; the client's retry answers false (already complete).
 * - completion answered, resume not started: the same.
 * - resume started, replay not finished: replay writes nothing, so the same again.
 * - resumed, entries written, completion not committed: entries follow the suspend (or the
 *   status is Running): recovery replays them and runs the rest live; every effect was committed
 *   with its oplog entry, so none runs twice; a retried invocation key joins the invocation.
 * - inside an atomic region: the region's recorded part is dropped with a jump and the region
 *   runs again as a whole, as Golem does.
 * - Interrupted while suspended, promise completed: resumed, as a live completion resumes it.
 * - deleted: the delete is one transaction; a resume queued behind it finds no worker.
 * - created, not answered: the worker exists; the retried create answers 409.
 */
export class Executor implements ExecutorApi {
  private readonly runtimes = new Map<string, WorkerRuntime>();
  /** Workers holding an instance, least recently used first. */
  private readonly live = new Map<string, WorkerRuntime>();
  private readonly templates: Templates;
  /** Function names as callers spell them, resolved once per template version. */
  private readonly resolvedNames = new WeakMap<LoadedTemplate, Map<string, Resolved | undefined>>();
  private closed = false;
  /** Worker-to-worker calls (golem:rpc/types wasm-rpc). */
  private readonly rpc: RpcDispatcher;
  private readonly clock: Clock;
  private readonly keys: InvocationKeys;
  /**
   * What resumes cost: instances built (each replays; `instantiatedAhead` of them came ready from
   * the pool) and hot resumes (neither); and how often the store refused a worker's writes.
   */
  readonly counters = { instantiations: 0, hotResumes: 0, instantiatedAhead: 0, storageFailures: 0 };
  /** Instantiations running at once: one per core. */
  private readonly instantiating = new Slots(Math.max(2, availableParallelism()));
  /** Spare guest threads (thread isolation only). */
  private readonly threads: ThreadPool | undefined;

  private constructor(
    readonly store: Store,
    private readonly opts: ExecutorOptions,
  ) {
    this.templates = new Templates(store, opts.maxGuestMemory);
    this.keys = new InvocationKeys(store);
    this.rpc = new RpcDispatcher(store, {
      functionOf: async (t, w, name) => {
        const worker = this.store.worker(t, w);
        return worker && this.lookupFunction(await this.loadTemplate(worker), name)?.fn;
      },
      workerExists: (t, w) => this.store.worker(t, w) !== undefined,
      createWorker: (t, w) => this.createWorker(t, w),
      invokeAndAwait: (t, w, name, params, o) => this.invokeAndAwait(t, w, name, params, o),
      invoke: (t, w, name, params) => this.invoke(t, w, name, params),
      resume: (t, w) => this.resumeIfWaiting(t, w),
    });
    this.clock = opts.clock ?? systemClock;
    this.threads = (opts.isolation ?? 'thread') === 'thread' ? new ThreadPool(opts.instancesAhead ?? 2) : undefined;
  }

  static async open(opts: ExecutorOptions): Promise<Executor> {
    return new Executor(new Store(opts.dataDir), opts);
  }

  // ---------------------------------------------------------------- templates

  /** Golem 1.5 agents of agent components (src/host/agent): workers named by agent id. */
  readonly agents: Agents = new Agents(this, (id) => this.loadLatest(id));

  /** A template's latest version, loaded. */
  loadLatest(templateId: string): Promise<LoadedTemplate> {
    return this.templates.load(templateId, this.templates.latest(templateId).versionedTemplateId.version);
  }

  addTemplate(name: string, wasm: Uint8Array): Promise<Template> {
    return this.templates.add(name, wasm);
  }

  updateTemplate(templateId: string, wasm: Uint8Array): Promise<Template> {
    return this.templates.update(templateId, wasm);
  }

  listTemplates(name?: string): Template[] {
    return this.templates.list(name);
  }

  getTemplate(templateId: string): Template[] {
    return this.templates.versions(templateId);
  }

  // ---------------------------------------------------------------- workers

  async createWorker(templateId: string, name: string, args: string[] = [], env: [string, string][] = [], opts: { agent?: boolean } = {}): Promise<VersionedWorkerId> {
    // An agent is named by its agent id (`CounterAgent("c1")`, see src/host/agent/agent-id.ts).
    const problem = opts.agent ? agentIdProblem(name) : workerNameProblem(name);
    if (problem) throw invalid(problem);
    const template = this.templates.latest(templateId);
    const version = template.versionedTemplateId.version;
    if (this.store.worker(templateId, name)) throw new ExecutorError('WORKER_ALREADY_EXISTS', `worker ${name} already exists for template ${templateId}`);
    if (this.opts.maxWorkers !== undefined && this.store.workerCount() >= this.opts.maxWorkers) {
      throw new ExecutorError('LIMIT_EXCEEDED', `Maximum number of workers exceeded (${this.opts.maxWorkers})`);
    }
    const createdAt = new Date().toISOString();
    this.store.transaction(() => {
      this.store.insertWorker({ templateId, name, templateVersion: version, args, env, status: INITIAL_STATUS, retryCount: 0, createdAt, lastError: null });
      this.store.appendOplog(templateId, name, Entry.create(version, args, env));
    });
    crashPoint('worker-created');
    return { workerId: { rawTemplateId: templateId, workerName: name }, templateVersionUsed: version };
  }

  getWorker(templateId: string, workerName: string): WorkerMetadata {
    return toMetadata(this.requireWorker(templateId, workerName));
  }

  listWorkers(templateId: string): WorkerMetadata[] {
    this.templates.versions(templateId);
    return this.store.workers(templateId).map(toMetadata);
  }

  async deleteWorker(templateId: string, workerName: string): Promise<void> {
    this.requireWorker(templateId, workerName);
    const rt = this.runtime(templateId, workerName);
    await rt.run(async () => {
      rt.deleted = true;
      rt.stopTimers();
      const gone = new ExecutorError('WORKER_NOT_FOUND', `worker ${workerName} was deleted`);
      this.dropInstance(rt, gone);
      rt.rejectQueued(() => gone);
      for (const idx of [...rt.waiters.keys()]) rt.rejectWaiters(idx, gone);
      this.store.deleteWorker(templateId, workerName);
      this.runtimes.delete(rt.id);
      this.live.delete(rt.id);
    });
  }

  createInvocationKey(templateId: string, workerName: string): string {
    this.requireWorker(templateId, workerName);
    return this.keys.create(templateId, workerName);
  }

  /** `templateId/workerName` of the workers holding a live instance, least recently used first. */
  /** A caller-chosen invocation key (Golem 1.5's `idempotencyKey`): known from now on, as if created here. */
  adoptInvocationKey(templateId: string, workerName: string, key: string): void {
    this.requireWorker(templateId, workerName);
    if (!this.store.invocationKey(templateId, workerName, key)) this.store.insertInvocationKey(templateId, workerName, key);
  }

  liveInstances(): string[] {
    return [...this.live].filter(([, rt]) => rt.instance).map(([id]) => id);
  }

  getOplog(templateId: string, workerName: string, from = 1): OplogEntry[] {
    this.requireWorker(templateId, workerName);
    return this.store.oplog(templateId, workerName, from);
  }

  listPromises(templateId: string, workerName: string): PromiseInfo[] {
    this.requireWorker(templateId, workerName);
    return listPromises(this.store, templateId, workerName);
  }

  listKeyValues(limit: number): { bucket: string; key: string; value: Uint8Array }[] {
    return this.store.kvEntries(limit);
  }

  awaitedPromise(templateId: string, workerName: string): number | undefined {
    const w = this.requireWorker(templateId, workerName);
    return suspendedOn(this.store, templateId, workerName, w.status);
  }

  /**
   * Rebuilds the worker from its oplog in a fresh instance of `templateVersion` (default: its
   * own), writing nothing: the first divergence from the record, or undefined if it all replays.
   */
  async checkReplay(templateId: string, workerName: string, templateVersion?: number): Promise<ReplayDivergence | undefined> {
    const worker = this.requireWorker(templateId, workerName);
    const template = await this.templates.load(templateId, templateVersion ?? worker.templateVersion);
    const resolve = (name: string) => this.lookupFunction(template, name);
    return checkReplay({ store: this.store, template, worker, clock: this.clock, retryPolicy: DEFAULT_RETRY_POLICY, resolve });
  }

  // ---------------------------------------------------------------- invocation

  async invokeAndAwait(templateId: string, workerName: string, functionName: string, params: unknown, opts: InvokeOptions = {}): Promise<unknown> {
    const worker = this.requireWorker(templateId, workerName);
    if (opts.callingConvention && opts.callingConvention !== 'Component') {
      throw invalid(`calling convention ${opts.callingConvention} is not supported by the golem-ts host (only Component)`);
    }
    const target = await this.resolveFunction(worker, functionName, params);
    const rt = this.runtime(templateId, workerName);
    const key = opts.invocationKey ?? null;
    if (key !== null) {
      const joined = this.keys.join(rt, key);
      if (joined) return joined;
    }
    this.checkInvocable(worker);
    const result = new Promise<unknown>((resolve, reject) => {
      rt.queue.push({ target, params, args: target.args, key, waiter: { resolve, reject } });
    });
    if (key !== null) this.keys.track(rt, key, result);
    void this.pump(rt);
    return result;
  }

  async invoke(templateId: string, workerName: string, functionName: string, params: unknown): Promise<void> {
    const worker = this.requireWorker(templateId, workerName);
    const target = await this.resolveFunction(worker, functionName, params);
    this.checkInvocable(worker);
    // Accepted means durable: a crash before it starts does not lose it (recover() queues it again).
    const queuedId = this.store.queueInvocation(templateId, workerName, target.name, params);
    this.enqueueUnawaited(this.runtime(templateId, workerName), target, params, queuedId);
  }

  /** Nobody awaits a fire-and-forget invocation; failures show in the oplog and the worker status. */
  private enqueueUnawaited(rt: WorkerRuntime, target: Resolved & { args: unknown[] }, params: unknown, queuedId: number): void {
    rt.queue.push({ target, params, args: target.args, key: null, waiter: { resolve: () => {}, reject: () => {} }, queuedId });
    void this.pump(rt);
  }

  async completePromise(templateId: string, workerName: string, oplogIdx: bigint, data: Uint8Array): Promise<boolean> {
    this.requireWorker(templateId, workerName);
    if (oplogIdx > BigInt(Number.MAX_SAFE_INTEGER)) throw new ExecutorError('PROMISE_NOT_FOUND', `promise ${templateId}/${workerName}/${oplogIdx} not found`);
    // A payload that fails the schema the guest published is refused; the promise stays pending.
    checkCompletion(this.store, templateId, workerName, Number(oplogIdx), data);
    // Durable first: once we answer true, a crash cannot lose the completion.
    let completed: boolean | undefined;
    try {
      completed = this.store.completePromise(templateId, workerName, Number(oplogIdx), data);
    } catch (e) {
      throw isStorageFailure(e) ? storageFailed(e) : e;
    }
    if (completed === undefined) throw new ExecutorError('PROMISE_NOT_FOUND', `promise ${templateId}/${workerName}/${oplogIdx} not found`);
    crashPoint('complete-committed');
    // The resume starts after the answer is on its way; a crash in between is caught by recover().
    if (completed) setImmediate(() => this.resumeIfWaiting(templateId, workerName));
    return completed;
  }

  async interrupt(templateId: string, workerName: string, recoverImmediately: boolean): Promise<void> {
    this.requireWorker(templateId, workerName);
    const rt = this.runtime(templateId, workerName);
    // A guest running (or parked) in its thread is stopped where it is, without waiting for its turn.
    if (rt.instance && !recoverImmediately) this.dropInstance(rt, new ThreadStopped('INTERRUPTED', `worker ${workerName} was interrupted`));
    await rt.run(async () => {
      const worker = this.store.worker(templateId, workerName);
      if (!worker || rt.deleted) return;
      this.dropInstance(rt, new ThreadStopped('INTERRUPTED', `worker ${workerName} was interrupted`));
      rt.cancelRetry();
      if (recoverImmediately) {
        // A simulated host restart: the worker comes back by replay and keeps its status.
        if (canRecoverImmediately(worker.status)) await this.activate(rt);
        return;
      }
      if (isTerminal(worker.status)) return;
      rt.wakeTimer?.(); // an interrupted sleeper resumes on next use, not on its timer
      if (worker.status === 'Interrupted' && this.waitOf(rt).kind === 'nothing') return; // stopped while running: already recorded
      this.store.transaction(() => {
        this.store.appendOplog(templateId, workerName, Entry.interrupted());
        this.setStatus(rt, 'Interrupted');
      });
    });
  }

  /**
   * After a restart: workers that were running (or retrying) continue by replay, and so do
   * suspended or interrupted ones whose wait is over (see the wake-up invariant above).
   */
  async recover(): Promise<void> {
    await Promise.all(this.store.workers().map((w) => this.recoverWorker(this.runtime(w.templateId, w.name), w)));
    this.rpc.recover();
    await this.requeueAccepted();
  }

  /** One worker after a restart, or after the store refused its writes: it goes on from what its oplog committed. */
  private recoverWorker(rt: WorkerRuntime, w: WorkerRow): Promise<void> {
    if (w.status === 'Running') {
      // Died inside an atomic region: the region runs again as a whole.
      rollBackOpenRegion(this.store, rt.templateId, rt.name);
    } else if (isWaiting(w.status)) {
      const wait = this.waitOf(rt);
      const until = wait.kind === 'timer' || wait.kind === 'promise' ? wait.until : undefined;
      if (until !== undefined && w.status === 'Suspended') this.wakeAt(rt, until);
      if (wait.kind === 'timer' || !this.waitIsOver(rt, wait, w.status)) return Promise.resolve();
    } else if (w.status !== 'Retrying') {
      return Promise.resolve();
    }
    return rt.run(() => this.activate(rt)).catch(this.onStorageFailureOf(rt));
  }

  /** Fire-and-forget invocations accepted (durably) that have not started: queued again, once. */
  private async requeueAccepted(only?: WorkerRuntime): Promise<void> {
    for (const q of this.store.queuedInvocations()) {
      if (only && (q.templateId !== only.templateId || q.worker !== only.name)) continue;
      const rt = this.runtime(q.templateId, q.worker);
      const worker = this.store.worker(q.templateId, q.worker);
      if (!worker || rt.queue.some((queued) => queued.queuedId === q.id)) continue;
      const target = await this.resolveFunction(worker, q.functionName, q.params).catch(() => undefined);
      if (target) this.enqueueUnawaited(rt, target, q.params, q.id);
    }
  }

  /**
   * The store refused a write of this worker (disk full, I/O error): for the worker that is a
   * crash. Its instance goes, what was not committed is forgotten, callers of an invocation that
   * was never recorded get STORAGE_FAILED (503), and the worker is recovered from its committed
   * oplog once the store takes writes again — tried with backoff, without counting against the
   * guest's retry policy, for the failure is not the guest's.
   */
  private onStorageFailure(rt: WorkerRuntime, cause: unknown, open = rt.openInvocation): void {
    this.counters.storageFailures++;
    this.dropInstance(rt, cause instanceof Error ? cause : new Error(String(cause)));
    this.store.forgetUncommitted(rt.templateId, rt.name);
    rt.openInvocation = undefined;
    if (open !== undefined && open > this.store.lastOplogIndex(rt.templateId, rt.name)) rt.rejectWaiters(open, storageFailed(cause));
    clearTimeout(rt.retryTimer);
    const delayMs = Math.min(5_000, 50 * 2 ** Math.min(rt.storageRetries++, 7));
    rt.awaitingStorage = true; // nothing else starts the worker meanwhile: the timer does
    rt.retryTimer = setTimeout(() => {
      rt.awaitingStorage = false;
      if (this.closed || rt.deleted) return;
      const worker = this.store.worker(rt.templateId, rt.name);
      if (!worker) return;
      void this.recoverWorker(rt, worker)
        .then(() => this.requeueAccepted(rt))
        .then(() => this.pump(rt))
        .catch(this.onStorageFailureOf(rt));
    }, delayMs);
  }

  /** A catch handler: storage failures crash the worker as above; anything else was handled where it arose. */
  private onStorageFailureOf(rt: WorkerRuntime): (e: unknown) => void {
    return (e) => {
      if (isStorageFailure(e)) this.onStorageFailure(rt, e);
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const rt of this.runtimes.values()) {
      rt.stopTimers();
      // A parked or running guest is stopped; it comes back by replay in the next host.
      this.dropInstance(rt, new ThreadStopped('CLOSED', 'the host closed'));
      await rt.run(async () => {});
    }
    await this.threads?.close();
    this.store.close();
  }

  // ---------------------------------------------------------------- internals

  private requireWorker(templateId: string, workerName: string): WorkerRow {
    if (!isUuid(templateId)) throw new ExecutorError('TEMPLATE_NOT_FOUND', `template ${templateId} not found`);
    const w = this.store.worker(templateId, workerName);
    if (!w) {
      this.templates.versions(templateId);
      throw new ExecutorError('WORKER_NOT_FOUND', `worker ${workerName} not found in template ${templateId}`);
    }
    return w;
  }

  private checkInvocable(w: WorkerRow): void {
    if (acceptsInvocations(w.status)) return;
    if (w.status === 'Failed') throw new ExecutorError('INVOCATION_FAILED', `previous invocation failed: ${w.lastError ?? 'unknown error'}`);
    if (w.status === 'Exited') throw new ExecutorError('INVOCATION_FAILED', 'the worker has exited and can no longer be invoked');
  }

  private runtime(templateId: string, name: string): WorkerRuntime {
    const id = `${templateId}/${name}`;
    let rt = this.runtimes.get(id);
    if (!rt) {
      rt = new WorkerRuntime(templateId, name);
      this.runtimes.set(id, rt);
    }
    return rt;
  }

  private loadTemplate(w: WorkerRow): Promise<LoadedTemplate> {
    return this.templates.load(w.templateId, w.templateVersion);
  }

  /** Finds the export and type-checks the params up front, so bad requests are 400s. */
  private async resolveFunction(worker: WorkerRow, functionName: string, params: unknown): Promise<Resolved & { args: unknown[] }> {
    if (typeof functionName !== 'string' || !functionName) throw invalid('the function query parameter is required');
    const resolved = this.lookupFunction(await this.loadTemplate(worker), functionName);
    if (!resolved) throw invalid(`Type checker error: Failed to find the function ${functionName}`);
    try {
      return { ...resolved, args: decodeParams(resolved.fn, params) };
    } catch (e) {
      if (e instanceof TypedJsonError) throw invalid(e.errors.map((m) => `Type checker error: ${m}`));
      throw e;
    }
  }

  /** What a worker that is not running waits for, from the tail of its oplog. */
  private waitOf(rt: WorkerRuntime): Wait {
    const last = this.store.lastOplogIndex(rt.templateId, rt.name);
    return waitOf(this.store.oplog(rt.templateId, rt.name, Math.max(1, last - 7))) ?? waitOf(this.store.oplog(rt.templateId, rt.name)) ?? { kind: 'nothing' };
  }

  /**
   * Whether a Suspended or Interrupted worker should be resumed now (see waitIsOver in oplog.ts).
   */
  private waitIsOver(rt: WorkerRuntime, wait: Wait, status: WorkerStatus): boolean {
    return waitIsOver(wait, status, {
      now: () => this.clock.now(),
      pending: (p) => this.store.promise(p.templateId, p.workerName, p.oplogIdx)?.state === 'pending',
      // A call no longer in the table was recorded already: replay finds its outcome.
      answered: (call) => {
        const row = this.rpc.calls.get(rt.templateId, rt.name, call);
        return row === undefined || row.outcome !== null;
      },
    });
  }

  private wakeAt(rt: WorkerRuntime, untilMs: number): void {
    rt.wakeTimer?.();
    rt.wakeTimer = this.clock.at(untilMs, () => (this.closed ? undefined : this.resumeIfWaiting(rt.templateId, rt.name)));
  }

  /** Marks a worker's instance as just used, and drops the least recently used idle instances beyond the limit. */
  private touch(rt: WorkerRuntime): void {
    this.live.delete(rt.id);
    this.live.set(rt.id, rt);
    const max = this.opts.maxLiveInstances ?? 32;
    for (const [key, other] of this.live) {
      if (this.live.size <= max) break;
      if (!other.instance) {
        this.live.delete(key);
      } else if (other !== rt && (other.idle || other.instance.parked)) {
        this.live.delete(key);
        void other.run(async () => {
          // Still idle (or parked: its suspend entry is committed) once its turn comes: the
          // instance goes; the next use, or the completion, replays.
          if (other.idle || other.instance?.parked) {
            this.dropInstance(other, new ThreadStopped('EVICTED', 'evicted: more live instances than --max-live'));
          }
        });
      }
    }
  }

  /** Function names as callers spell them, resolved once per template version. */
  private lookupFunction(template: LoadedTemplate, functionName: string): Resolved | undefined {
    let byName = this.resolvedNames.get(template);
    if (!byName) this.resolvedNames.set(template, (byName = new Map()));
    if (!byName.has(functionName)) byName.set(functionName, resolveExport(template.world.exports, functionName));
    return byName.get(functionName);
  }

  /** Frees the worker's instance (stopping its thread); whatever waits on the guest fails with `reason`. */
  private dropInstance(rt: WorkerRuntime, reason: Error): void {
    const instance = rt.instance;
    rt.instance = undefined;
    instance?.dispose(reason);
  }

  /** The one place a worker's status changes: checked against the transition table. `deferred` as in Store.updateWorker. */
  private setStatus(rt: WorkerRuntime, status: WorkerStatus, patch: { retryCount?: number; lastError?: string | null } = {}, deferred = false): void {
    const worker = this.store.worker(rt.templateId, rt.name);
    if (!worker) return; // deleted: there is no row to change
    this.store.updateWorker(rt.templateId, rt.name, { status: transition(worker.status, status), ...patch }, deferred);
  }

  /** Starts queued invocations one after another while the worker is free. */
  private pump(rt: WorkerRuntime): Promise<void> {
    return rt.run(async () => {
      while (!this.closed && !rt.deleted && !rt.awaitingStorage && rt.queue.length) {
        const worker = this.store.worker(rt.templateId, rt.name);
        // A suspended or retrying invocation must finish first; completion or the retry timer pumps
        // again. A suspension whose wait is already over (say, completed before a crash) ends now.
        if (!worker || worker.status === 'Retrying') return;
        if (worker.status === 'Suspended') {
          if (!this.waitIsOver(rt, this.waitOf(rt), worker.status)) return;
          try {
            await this.activate(rt);
          } catch (e) {
            this.onStorageFailureOf(rt)(e);
            return; // the worker keeps its status; the next completion or use tries again
          }
          // Suspended again (say, on a new promise): its next wake-up pumps.
          if (this.store.worker(rt.templateId, rt.name)?.status === 'Suspended') return;
          continue;
        }
        const next = rt.queue.shift() as QueuedInvocation;
        try {
          this.checkInvocable(worker);
          // Rebuilds the instance if needed; an interrupted invocation continues here first.
          await this.activate(rt);
          if (!rt.instance || rt.openInvocation !== undefined) {
            rt.queue.unshift(next);
            return;
          }
          const invoked = Entry.exportedFunctionInvoked(next.target.name, next.params, next.key);
          // Both deferred: they are committed with the invocation's first effect or its completion,
          // so a call that dies before either leaves nothing behind and is simply run again.
          const entry = { ...rt.instance.durability.append(invoked, true), ...invoked };
          this.setStatus(rt, 'Running', {}, true);
          if (next.queuedId !== undefined) this.store.queuedInvocationStarted(rt.templateId, rt.name, next.queuedId);
          rt.waiters.set(entry.idx, [next.waiter]);
          rt.openInvocation = entry.idx;
          await this.execute(rt, entry, next.target, next.args);
        } catch (e) {
          if (isStorageFailure(e)) {
            // Not started as far as the store knows: a fire-and-forget one stays queued for the recovery.
            this.onStorageFailure(rt, e);
            next.waiter.reject(storageFailed(e));
            return;
          }
          next.waiter.reject(e);
          if (next.queuedId !== undefined) this.store.queuedInvocationStarted(rt.templateId, rt.name, next.queuedId);
        }
      }
    });
  }

  /** Makes sure the worker has a live instance, rebuilding it by replaying the oplog. */
  private async activate(rt: WorkerRuntime): Promise<void> {
    if (rt.instance?.parked) return this.resumeParked(rt);
    if (rt.instance || rt.deleted || this.closed) return; // a closing host starts no guest
    const worker = this.store.worker(rt.templateId, rt.name);
    if (!worker) return;
    const template = await this.loadTemplate(worker);
    const durability = replayCursor(this.store, worker);
    const ctx = this.context(rt, worker, durability);
    // Instantiating is CPU work in the guest's thread: a burst of cold resumes (say, many
    // completions at once) instantiates a core's worth at a time instead of hundreds of threads.
    rt.instance = await this.instantiating.run(async () =>
      instantiate(template, ctx, await this.threads?.take(preloadSource(template)), this.opts.invocationTimeoutMs ?? DEFAULT_INVOCATION_TIMEOUT_MS),
    );
    this.counters.instantiations++;
    if (rt.instance.ahead) this.counters.instantiatedAhead++;
    this.touch(rt);
    rt.openInvocation = undefined;
    const stopped = await replay(durability, {
      resolve: (name) => this.lookupFunction(template, name),
      missing: async (inv) => {
        rt.openInvocation = inv.idx;
        await this.fail(rt, new Error(`replay: the template has no function ${inv.functionName}`), inv.idx, ctx.settings.retryPolicy);
        return true;
      },
      run: async (inv, target) => {
        rt.openInvocation = inv.idx;
        await this.execute(rt, inv, target);
        return !rt.instance || rt.instance.parked ? true : undefined; // suspended or failed again after replay
      },
    });
    if (stopped) return;
    if (this.store.worker(rt.templateId, rt.name)?.status !== 'Idle') this.setStatus(rt, 'Idle');
  }

  private context(rt: WorkerRuntime, worker: WorkerRow, durability: Durability): WorkerContext {
    return workerContext(this.store, worker, durability, {
      clock: this.clock,
      retryPolicy: DEFAULT_RETRY_POLICY,
      output: (stream, bytes) => this.opts.onOutput?.(rt.name, stream, new TextDecoder().decode(bytes)),
      promiseCompleted: (templateId, workerName) => this.resumeIfWaiting(templateId, workerName),
      http: this.opts.http,
      rpc: {
        get: ({ templateId, worker, idx }) => this.rpc.calls.get(templateId, worker, idx),
        insert: (call) => this.rpc.calls.insert(call),
        dispatch: (call) => this.rpc.dispatch(call),
        remove: ({ templateId, worker, idx }) => this.rpc.calls.remove(templateId, worker, idx),
      },
    });
  }

  /** Resolves once the worker has run as far as it can (a virtual clock waits for the timers it fires). */
  private resumeIfWaiting(templateId: string, workerName: string): Promise<void> {
    if (this.closed) return Promise.resolve();
    const w = this.store.worker(templateId, workerName);
    if (!w || !mayResume(w.status)) return Promise.resolve();
    const rt = this.runtime(templateId, workerName);
    if (rt.awaitingStorage) return Promise.resolve(); // its recovery is scheduled
    return rt
      .run(() => {
        crashPoint('complete-answered');
        return this.activate(rt);
      })
      .then(() => this.pump(rt))
      .catch(this.onStorageFailureOf(rt));
  }

  /**
   * Hot resume: the guest still waits inside the call that suspended it, on its own thread; the
   * wait being over, the call runs again and the invocation goes on — no instantiation, no
   * replay, and the same oplog as a cold resume writes.
   */
  private async resumeParked(rt: WorkerRuntime): Promise<void> {
    const instance = rt.instance as WorkerInstance;
    const worker = this.store.worker(rt.templateId, rt.name);
    if (!worker || worker.status !== 'Suspended' || !this.waitIsOver(rt, this.waitOf(rt), worker.status)) return;
    const invoked = rt.openInvocation === undefined ? undefined : this.store.oplogEntry(rt.templateId, rt.name, rt.openInvocation);
    const template = await this.loadTemplate(worker);
    const target = invoked && isInvoked(invoked) ? this.lookupFunction(template, invoked.functionName) : undefined;
    if (!invoked || !isInvoked(invoked) || !target) {
      // Not an invocation this host can finish hot: the cold path decides.
      this.dropInstance(rt, new ThreadStopped('EVICTED', 'parked outside a known invocation'));
      return this.activate(rt);
    }
    rt.wakeTimer?.();
    this.setStatus(rt, 'Running');
    this.touch(rt);
    this.counters.hotResumes++;
    await this.settle(rt, invoked, target, instance.resumeParked());
  }

  /**
   * Runs one invocation's export on the instance. Used both live and while replaying: the
   * durability cursor decides whether host calls are recorded or answered from the oplog.
   */
  private async execute(rt: WorkerRuntime, entry: InvokedEntry, target: Resolved, decoded?: unknown[]): Promise<void> {
    const instance = rt.instance as WorkerInstance;
    let call: Promise<unknown>;
    try {
      call = instance.call(target.path, decoded ?? decodeParams(target.fn, entry.request));
    } catch (e) {
      call = Promise.reject(e);
    }
    return this.settle(rt, entry, target, call);
  }

  /** Records how an invocation ended: its completion, or a suspension, a trap, a retry. */
  private async settle(rt: WorkerRuntime, entry: InvokedEntry, target: Resolved, call: Promise<unknown>): Promise<void> {
    const instance = rt.instance as WorkerInstance;
    let outcome: { ok: true; value: unknown } | { ok: false; payload: unknown };
    try {
      outcome = { ok: true, value: await call };
    } catch (e) {
      const err = errorOutcome(target.fn, e);
      if (!err || instance.durability.storageFailure !== undefined) return this.onTrap(rt, entry, e);
      outcome = err;
    }
    // The guest went on after the store refused one of its host calls: none of it is recorded.
    if (instance.durability.storageFailure !== undefined) return this.onStorageFailure(rt, instance.durability.storageFailure);
    const response = encodeReturn(target.fn, outcome);
    rt.openInvocation = undefined;
    let finished: 'replayed' | 'live';
    try {
      finished = instance.durability.finishInvocation();
    } catch (e) {
      return this.onTrap(rt, entry, e);
    }
    if (finished === 'replayed') return;
    crashPoint('before-completion');
    try {
      this.store.transaction(() => {
        instance.durability.append(Entry.exportedFunctionCompleted(response));
        this.setStatus(rt, 'Idle', { retryCount: 0, lastError: null });
        if (entry.invocationKey) this.keys.completed(rt, entry.invocationKey, response);
      });
    } catch (e) {
      if (!isStorageFailure(e)) throw e;
      return this.onStorageFailure(rt, e, entry.idx); // still open as far as the store knows
    }
    rt.storageRetries = 0;
    rt.resolveWaiters(entry.idx, response);
    this.touch(rt);
    if (rt.queue.length) queueMicrotask(() => void this.pump(rt));
  }

  private async onTrap(rt: WorkerRuntime, entry: OplogEntry, e: unknown): Promise<void> {
    // A host call the store refused unwound the guest: a crash of the store's making, not a trap.
    const storage = rt.instance?.durability.storageFailure ?? (isStorageFailure(e) ? e : undefined);
    if (storage !== undefined) return this.onStorageFailure(rt, storage, rt.openInvocation ?? entry.idx);
    try {
      await this.recordTrapOutcome(rt, entry, e);
    } catch (failure) {
      if (!isStorageFailure(failure)) throw failure;
      this.onStorageFailure(rt, failure, rt.openInvocation ?? entry.idx);
    }
  }

  private async recordTrapOutcome(rt: WorkerRuntime, entry: OplogEntry, e: unknown): Promise<void> {
    // The policy as the guest last set it (replay rebuilt it), read before the instance goes.
    const policy = rt.instance?.ctx.settings.retryPolicy ?? DEFAULT_RETRY_POLICY;
    // A parked guest keeps its instance (hot resume); any other that threw through a host import is unusable.
    const parked = rt.instance?.parked === true && (e instanceof SuspendSignal || e instanceof SleepSignal);
    if (!parked) this.dropInstance(rt, e instanceof Error ? e : new Error(String(e)));
    if (e instanceof ThreadStopped && e.code === 'INTERRUPTED') {
      // Stopped where it ran; the invocation continues by replay on the worker's next use.
      this.store.transaction(() => {
        this.store.appendOplog(rt.templateId, rt.name, Entry.interrupted());
        this.setStatus(rt, 'Interrupted');
      });
      return;
    }
    if (e instanceof ThreadStopped && (e.code === 'CLOSED' || e.code === 'EVICTED')) return; // recorded nowhere, like a crash
    if (e instanceof SuspendSignal) {
      this.setStatus(rt, 'Suspended');
      if (e.untilMs !== undefined) this.wakeAt(rt, e.untilMs);
      return;
    }
    if (e instanceof SleepSignal) {
      this.setStatus(rt, 'Suspended');
      this.wakeAt(rt, e.untilMs);
      return;
    }
    if (e instanceof JumpSignal) {
      await this.activate(rt);
      return;
    }
    if (e instanceof ExitSignal) {
      this.store.transaction(() => {
        this.store.appendOplog(rt.templateId, rt.name, Entry.error(e.message));
        this.setStatus(rt, 'Exited');
      });
      this.settleFailed(rt, entry.idx, new ExecutorError('INVOCATION_FAILED', e.message));
      return;
    }
    // A guest that no longer replays its own oplog (or a request that may not be repeated) cannot be fixed by retrying: Failed at once.
    const permanent = e instanceof ReplayDivergence || (e instanceof HostTrap && e.permanent);
    await this.fail(rt, e, entry.idx, permanent ? { ...policy, maxAttempts: 1 } : policy);
  }

  /** A trap: retried by replay with backoff while the retry policy allows, then Failed. */
  private async fail(rt: WorkerRuntime, e: unknown, invokedIdx: number, policy: RetryPolicy): Promise<void> {
    this.dropInstance(rt, e instanceof Error ? e : new Error(String(e)));
    const decision = this.store.transaction(() => {
      const d = recordTrap(this.store, rt.templateId, rt.name, e, invokedIdx, policy);
      this.setStatus(rt, d.retry ? 'Retrying' : 'Failed', { retryCount: d.attempts, lastError: d.message });
      return d;
    });
    const { message } = decision;
    if (decision.retry) {
      rt.retryTimer = setTimeout(() => {
        if (!this.closed) void rt.run(() => this.activate(rt)).then(() => this.pump(rt)).catch(this.onStorageFailureOf(rt));
      }, decision.delayMs);
      return;
    }
    this.settleFailed(rt, invokedIdx, new ExecutorError('INVOCATION_FAILED', `invocation failed: ${message}`, { cause: e }));
    rt.rejectQueued(() => new ExecutorError('INVOCATION_FAILED', `previous invocation failed: ${message}`));
  }

  private settleFailed(rt: WorkerRuntime, invokedIdx: number, error: ExecutorError): void {
    const invoked = this.store.oplogEntry(rt.templateId, rt.name, invokedIdx);
    if (invoked && isInvoked(invoked) && invoked.invocationKey) this.keys.failed(rt, invoked.invocationKey, error.message);
    rt.rejectWaiters(invokedIdx, error);
  }
}

function toMetadata(w: WorkerRow): WorkerMetadata {
  return {
    workerId: { rawTemplateId: w.templateId, workerName: w.name },
    accountId: ACCOUNT_ID,
    args: w.args,
    env: Object.fromEntries(w.env),
    status: w.status,
    templateVersion: w.templateVersion,
    retryCount: w.retryCount,
  };
}
