/**
 * The executor's public contract: what the REST server, the CLI and the test kit rely on.
 * Shapes follow Golem's REST JSON (camelCase) so the server can pass them through.
 */

export type WorkerStatus = 'Running' | 'Idle' | 'Suspended' | 'Interrupted' | 'Retrying' | 'Failed' | 'Exited';

export interface WorkerId {
  rawTemplateId: string;
  workerName: string;
}

export interface VersionedWorkerId {
  workerId: WorkerId;
  templateVersionUsed: number;
}

export interface WorkerMetadata {
  workerId: WorkerId;
  accountId: string;
  args: string[];
  env: Record<string, string>;
  status: WorkerStatus;
  templateVersion: number;
  retryCount: number;
}

/** Golem's template metadata `Type` JSON (see src/wit/golem-type.ts). */
export type GolemType = Record<string, unknown>;

export interface ExportFunction {
  name: string;
  parameters: { name: string; typ: GolemType }[];
  results: { name?: string; typ: GolemType }[];
  /** Human-readable WIT signature, e.g. `func(app: application) -> result<submission, string>`. */
  signature?: string;
}

export type TemplateExport =
  | { type: 'Instance'; name: string; functions: ExportFunction[] }
  | ({ type: 'Function' } & ExportFunction);

export interface Template {
  versionedTemplateId: { rawTemplateId: string; version: number };
  userTemplateId: { versionedTemplateId: { rawTemplateId: string; version: number } };
  protectedTemplateId: { versionedTemplateId: { rawTemplateId: string; version: number } };
  templateName: string;
  templateSize: number;
  metadata: { exports: TemplateExport[]; producers: unknown[] };
}

/**
 * One oplog entry as stored and shown; `idx` is 1-based like Golem's oplog. Golem's
 * atomic-region and retry-policy entries are imported-function entries here
 * (`golem:api/host/mark-begin-operation`, …), answered on replay like any host call.
 */
export type OplogEntry = { idx: number; timestamp: string } & OplogPayload;

export type OplogPayload =
  | { kind: 'create'; templateVersion: number; args: string[]; env: Record<string, string> }
  | { kind: 'exported-function-invoked'; functionName: string; request: unknown; invocationKey: string | null }
  | { kind: 'exported-function-completed'; response: unknown }
  /** `request`: the call's parameters (recorded form), matched on replay together with the name. */
  | { kind: 'imported-function-invoked'; functionName: string; request?: unknown; response: unknown; wrappedFunctionType: WrappedFunctionType }
  /**
   * Golem's `Suspend`: the worker stopped until something happens: `until` (epoch ms) a sleep
   * the host wakes it from, `promise` the promise its await-promise waits for, `rpcCall` the oplog
   * index of the golem:rpc request whose outcome it waits for (golem-ts extension). A bare suspend
   * (oplogs written before the wait was recorded) names nothing: such a worker is resumed on start
   * and suspends again if still waiting. Built and read in oplog.ts.
   */
  | { kind: 'suspend'; until?: number; promise?: PromiseKey; rpcCall?: number }
  | { kind: 'interrupted' }
  | { kind: 'error'; error: string }
  | { kind: 'jump'; start: number; end: number };

/** A worker as the host records it (the store's row without its bookkeeping), as golem:api/host describes it. */
export interface WorkerInfo {
  templateId: string;
  name: string;
  templateVersion: number;
  args: string[];
  env: [string, string][];
  status: WorkerStatus;
  retryCount: number;
}

/** A promise as the store keys it: the owner worker and the oplog index of its create-promise entry. */
export interface PromiseKey {
  templateId: string;
  workerName: string;
  oplogIdx: number;
}

export type WrappedFunctionType = 'ReadLocal' | 'WriteLocal' | 'ReadRemote' | 'WriteRemote';

export interface RetryPolicy {
  maxAttempts: number;
  /** Nanoseconds, as WIT's `duration` (kept as numbers: exact below 104 days). */
  minDelay: number;
  maxDelay: number;
  multiplier: number;
}

/** golem-ts extension: one durable promise of a worker (`GET …/workers/{name}/promises`). */
export interface PromiseInfo {
  /** The promise's oplog index, what `complete` takes. */
  oplogIdx: number;
  /** Golem's REST form of the WIT `promise-id`. */
  promiseId: { workerId: { templateId: string; workerName: string }; oplogIdx: number };
  state: 'pending' | 'completed' | 'deleted';
  /** When the create-promise call was recorded. */
  createdAt: string;
  /** The invocation that created it. */
  createdBy: { oplogIdx: number; functionName: string } | null;
  /** The invocation suspended awaiting it, while it is pending. */
  awaitedBy: { oplogIdx: number; functionName: string } | null;
  /** The payload's JSON Schema, when the guest published one: completions are checked against it. */
  schema: boolean | Record<string, unknown> | null;
}

/**
 * golem-ts extension: something that happened to a worker, announced once it is committed
 * (src/host/status-events.ts); `GET …/events` streams them. `at`: when it was committed.
 */
export type WorkerEvent =
  | { type: 'status'; workerId: WorkerId; status: WorkerStatus; previous: WorkerStatus; at: string }
  | { type: 'created'; workerId: WorkerId; status: WorkerStatus; at: string }
  | { type: 'deleted'; workerId: WorkerId; at: string }
  | { type: 'promise-completed'; workerId: WorkerId; oplogIdx: number; at: string };

/** What `GET …/events` streams: a snapshot of the committed workers first, then their events. */
export type WorkerStreamEvent = { type: 'snapshot'; workers: WorkerMetadata[] } | WorkerEvent;

/** Every worker, the workers of one template, or one worker of it (which need not exist yet). */
export type WorkerEventFilter = { templateId?: undefined; workerName?: undefined } | { templateId: string; workerName?: string };

export interface WorkerSubscription {
  /** The matching workers as committed when the subscription began: every later change arrives as an event. */
  readonly snapshot: WorkerMetadata[];
  /** Ends the subscription (idempotent). */
  close(): void;
}

export type CallingConvention = 'Component' | 'Stdio' | 'StdioEventloop';

export interface InvokeOptions {
  invocationKey?: string;
  callingConvention?: CallingConvention;
}

/** What the REST server and the in-process test kit call. All methods validate their input. */
export interface ExecutorApi {
  /** Upload a new template (a golem-ts built component). Throws INVALID_REQUEST for bad wasm. */
  addTemplate(name: string, wasm: Uint8Array): Promise<Template>;
  /** Upload a new version of an existing template. */
  updateTemplate(templateId: string, wasm: Uint8Array): Promise<Template>;
  listTemplates(name?: string): Template[];
  /** All versions of one template, oldest first. Throws TEMPLATE_NOT_FOUND. */
  getTemplate(templateId: string): Template[];

  createWorker(templateId: string, name: string, args: string[], env: [string, string][]): Promise<VersionedWorkerId>;
  getWorker(templateId: string, workerName: string): WorkerMetadata;
  listWorkers(templateId: string): WorkerMetadata[];
  deleteWorker(templateId: string, workerName: string): Promise<void>;
  createInvocationKey(templateId: string, workerName: string): string;

  /**
   * Runs an exported function and resolves with Golem's typed-JSON `result` (an array for
   * anonymous results). Resolves only when the invocation completes, even across suspend and
   * resume. `params` is the raw JSON value of the request's `params`.
   */
  invokeAndAwait(templateId: string, workerName: string, functionName: string, params: unknown, opts?: InvokeOptions): Promise<unknown>;
  /** Enqueues an invocation and returns once it is accepted (validated and queued). */
  invoke(templateId: string, workerName: string, functionName: string, params: unknown): Promise<void>;
  /** Completes a promise durably, then resumes the worker if it waits. true if it was pending. */
  completePromise(templateId: string, workerName: string, oplogIdx: bigint, data: Uint8Array): Promise<boolean>;
  interrupt(templateId: string, workerName: string, recoverImmediately: boolean): Promise<void>;
  getOplog(templateId: string, workerName: string, from?: number): OplogEntry[];
  /** Every promise the worker created, oldest first (golem-ts extension). */
  listPromises(templateId: string, workerName: string): PromiseInfo[];
  /** Key-value entries of every bucket (shared by all workers), at most `limit` (golem-ts extension). */
  listKeyValues(limit: number): { bucket: string; key: string; value: Uint8Array }[];
  /** The oplog index of the promise a suspended worker awaits, if any. */
  awaitedPromise(templateId: string, workerName: string): number | undefined;

  /**
   * golem-ts extension: calls `listener` with every event of the matching workers from now on, and
   * `onEnd` if the subscription ends first (the host closes). Throws TEMPLATE_NOT_FOUND, or
   * LIMIT_EXCEEDED beyond the host's bound on subscriptions.
   */
  subscribe(filter: WorkerEventFilter, listener: (event: WorkerEvent) => void, onEnd?: () => void): WorkerSubscription;

  /** Resumes workers that were running when the host stopped. Called once at start-up. */
  recover(): Promise<void>;
  close(): Promise<void>;
}
