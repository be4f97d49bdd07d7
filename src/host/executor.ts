import { decodeParams, TypedJsonError } from '../wit/index.ts';
import { crashPoint } from './crash-points.ts';
import { DEFAULT_INVOCATION_TIMEOUT_MS } from './limits.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Durability } from './durability.ts';
import { ExecutorError, invalid, storageFailed } from './errors.ts';
import type { HttpSettings } from './imports/http/transport.ts';
import { instantiate, preloadSource, type WorkerInstance } from './instance.ts';
import { InvocationKeys } from './invocation-keys.ts';
import { Entry } from './oplog.ts';
import { DEFAULT_RETRY_POLICY } from './retries.ts';
import { availableParallelism } from 'node:os';
import { ThreadPool } from './thread/pool.ts';
import { Slots } from './thread/slots.ts';
import { RpcDispatcher } from './rpc/dispatcher.ts';
import { resolveExport, type Resolved } from './resolve-export.ts';
import { checkReplay } from './replay-check.ts';
import { workerContext } from './replay.ts';
import type { ReplayDivergence } from './signals.ts';
import { isStorageFailure, Store, type WorkerRow } from './store.ts';
import { Templates, type LoadedTemplate } from './templates.ts';
import type { ExecutorApi, InvokeOptions, OplogEntry, PromiseInfo, Template, VersionedWorkerId, WorkerEvent, WorkerEventFilter, WorkerMetadata, WorkerSubscription } from './types.ts';
import { WorkerEvents } from './status-events.ts';
import { isUuid } from '../guest/uuid.ts';
import { workerNameProblem } from './worker-name.ts';
import { agentIdProblem } from './agent/agent-id.ts';
import { Agents } from './agent/agents.ts';
import { WorkerRuntime, type Waiter, type WorkerHost } from './worker-runtime.ts';
import { checkInvocable, INITIAL_STATUS } from './worker-status.ts';
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
 * The executor is the registry, the public API and the instance cache; each worker is a
 * WorkerRuntime (worker-runtime.ts) that owns its status, wait, timers and inputs and decides
 * what runs next. src/host/README.md maps the files and follows a completion from REST to the
 * resumed guest.
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
  /** What every worker shares (see WorkerHost). */
  private readonly workerHost: WorkerHost;
  /** Committed status changes and lifecycle events, for subscribers (status-events.ts). */
  private readonly events = new WorkerEvents();

  private constructor(
    readonly store: Store,
    private readonly opts: ExecutorOptions,
  ) {
    const executor = this;
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
      resume: (t, w) => void this.wake(t, w),
    });
    this.clock = opts.clock ?? systemClock;
    this.threads = (opts.isolation ?? 'thread') === 'thread' ? new ThreadPool(opts.instancesAhead ?? 2) : undefined;
    this.workerHost = {
      store,
      clock: this.clock,
      keys: this.keys,
      counters: this.counters,
      get closed() {
        return executor.closed;
      },
      template: (w) => this.loadTemplate(w),
      lookup: (template, name) => this.lookupFunction(template, name),
      instantiate: (rt, w, template, durability) => this.instantiate(rt, w, template, durability),
      touch: (rt) => this.touch(rt),
      requeueAccepted: (rt) => this.requeueAccepted(rt),
      rpcAnswered: (rt, call) => {
        // A call no longer in the table was recorded already: replay finds its outcome.
        const row = this.rpc.calls.get(rt.templateId, rt.name, call);
        return row === undefined || row.outcome !== null;
      },
      statusCommitted: (rt, previous, status) => this.events.statusChange(rt.templateId, rt.name, previous, status),
    };
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
      this.store.afterCommit(() => this.events.emit({ type: 'created', workerId: { rawTemplateId: templateId, workerName: name }, status: INITIAL_STATUS, at: new Date().toISOString() }));
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
    await rt.delete(new ExecutorError('WORKER_NOT_FOUND', `worker ${workerName} was deleted`), () => {
      this.store.deleteWorker(templateId, workerName);
      this.events.emit({ type: 'deleted', workerId: { rawTemplateId: templateId, workerName }, at: new Date().toISOString() });
      this.runtimes.delete(rt.id);
      this.live.delete(rt.id);
    });
  }

  createInvocationKey(templateId: string, workerName: string): string {
    this.requireWorker(templateId, workerName);
    return this.keys.create(templateId, workerName);
  }

  /** A caller-chosen invocation key (Golem 1.5's `idempotencyKey`): known from now on, as if created here. */
  adoptInvocationKey(templateId: string, workerName: string, key: string): void {
    this.requireWorker(templateId, workerName);
    if (!this.store.invocationKey(templateId, workerName, key)) this.store.insertInvocationKey(templateId, workerName, key);
  }

  /** `templateId/workerName` of the workers holding a live instance, least recently used first. */
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
    checkInvocable(worker);
    let waiter!: Waiter;
    const result = new Promise<unknown>((resolve, reject) => (waiter = { resolve, reject }));
    if (key !== null) this.keys.track(rt, key, result);
    void rt.invoke({ target, params, args: target.args, key, waiter });
    return result;
  }

  async invoke(templateId: string, workerName: string, functionName: string, params: unknown): Promise<void> {
    const worker = this.requireWorker(templateId, workerName);
    const target = await this.resolveFunction(worker, functionName, params);
    checkInvocable(worker);
    // Accepted means durable: a crash before it starts does not lose it (recover() queues it again).
    const queuedId = this.store.queueInvocation(templateId, workerName, target.name, params);
    this.enqueueUnawaited(this.runtime(templateId, workerName), target, params, queuedId);
  }

  /** Nobody awaits a fire-and-forget invocation; failures show in the oplog and the worker status. */
  private enqueueUnawaited(rt: WorkerRuntime, target: Resolved & { args: unknown[] }, params: unknown, queuedId: number): void {
    void rt.invoke({ target, params, args: target.args, key: null, waiter: { resolve: () => {}, reject: () => {} }, queuedId });
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
    if (completed) this.events.emit({ type: 'promise-completed', workerId: { rawTemplateId: templateId, workerName }, oplogIdx: Number(oplogIdx), at: new Date().toISOString() });
    crashPoint('complete-committed');
    // The resume starts after the answer is on its way; a crash in between is caught by recover().
    if (completed) setImmediate(() => this.wake(templateId, workerName));
    return completed;
  }

  async interrupt(templateId: string, workerName: string, recoverImmediately: boolean): Promise<void> {
    this.requireWorker(templateId, workerName);
    await this.runtime(templateId, workerName).interrupt(recoverImmediately);
  }

  /**
   * After a restart: workers that were running (or retrying) continue by replay, and so do
   * suspended or interrupted ones whose wait is over (see the wake-up invariant above).
   */
  async recover(): Promise<void> {
    await Promise.all(this.store.workers().map((w) => this.runtime(w.templateId, w.name).wake('recover')));
    this.rpc.recover();
    await this.requeueAccepted();
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

  /** A worker's wait may be over (a promise completed, an rpc call answered): it is woken. */
  private wake(templateId: string, workerName: string): Promise<void> {
    if (this.closed || !this.store.worker(templateId, workerName)) return Promise.resolve();
    return this.runtime(templateId, workerName).wake('wait-over');
  }

  /** Worker events from now on, with a snapshot of the committed state they change (see status-events.ts). */
  subscribe(filter: WorkerEventFilter, listener: (event: WorkerEvent) => void, onEnd?: () => void): WorkerSubscription {
    if (filter.templateId !== undefined) this.templates.versions(filter.templateId);
    const close = this.events.subscribe(filter, listener, onEnd);
    // Same turn as the subscription: no change can fall between the snapshot and the first event.
    const rows = filter.workerName === undefined ? this.store.workers(filter.templateId) : [this.store.committedWorker(filter.templateId, filter.workerName)];
    return { snapshot: rows.filter((w) => w !== undefined).map(toMetadata), close };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.events.close();
    for (const rt of this.runtimes.values()) await rt.close();
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

  private runtime(templateId: string, name: string): WorkerRuntime {
    const id = `${templateId}/${name}`;
    let rt = this.runtimes.get(id);
    if (!rt) {
      rt = new WorkerRuntime(templateId, name, this.workerHost);
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

  /** A fresh instance of the worker's template, its host calls going through `durability` (replaying first). */
  private async instantiate(rt: WorkerRuntime, worker: WorkerRow, template: LoadedTemplate, durability: Durability): Promise<WorkerInstance> {
    const ctx = workerContext(this.store, worker, durability, {
      clock: this.clock,
      retryPolicy: DEFAULT_RETRY_POLICY,
      output: (stream, bytes) => this.opts.onOutput?.(rt.name, stream, new TextDecoder().decode(bytes)),
      promiseCompleted: (templateId, workerName) => this.wake(templateId, workerName),
      http: this.opts.http,
      rpc: {
        get: ({ templateId, worker, idx }) => this.rpc.calls.get(templateId, worker, idx),
        insert: (call) => this.rpc.calls.insert(call),
        dispatch: (call) => this.rpc.dispatch(call),
        remove: ({ templateId, worker, idx }) => this.rpc.calls.remove(templateId, worker, idx),
      },
    });
    // Instantiating is CPU work in the guest's thread: a burst of cold resumes (say, many
    // completions at once) instantiates a core's worth at a time instead of hundreds of threads.
    const instance = await this.instantiating.run(async () =>
      instantiate(template, ctx, await this.threads?.take(preloadSource(template)), this.opts.invocationTimeoutMs ?? DEFAULT_INVOCATION_TIMEOUT_MS),
    );
    this.counters.instantiations++;
    if (instance.ahead) this.counters.instantiatedAhead++;
    return instance;
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
        void other.evict();
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
