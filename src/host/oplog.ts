import type { OplogEntry, OplogPayload, PromiseKey, WorkerStatus, WrappedFunctionType } from './types.ts';

/**
 * The oplog's vocabulary, its one home: how every entry kind is built (constructors, named as
 * Golem names the entry: Create, ExportedFunctionInvoked, …) and read (one guard per kind, and
 * what the entries mean to the host: which entries replay sees (jumps), which atomic region a
 * failure re-runs (mark-begin/end-operation), what a stopped worker waits for (suspend) and when
 * that wait is over (promise completed, rpc answered, timer due). No Node APIs: the dashboard
 * bundles it. The entry shapes are `OplogPayload` in types.ts.
 */

/** One entry kind, e.g. `EntryOf<'suspend'>`. */
export type EntryOf<K extends OplogEntry['kind']> = Extract<OplogEntry, { kind: K }>;
/** A host call's entry (Golem's ImportedFunctionInvoked). */
export type ImportedEntry = EntryOf<'imported-function-invoked'>;
/** An invocation's start (Golem's ExportedFunctionInvoked). */
export type InvokedEntry = EntryOf<'exported-function-invoked'>;

type PayloadOf<K extends OplogPayload['kind']> = Extract<OplogPayload, { kind: K }>;

// ---------------------------------------------------------------- constructors

/** The entries the host writes, one constructor per kind. */
export const Entry = {
  /** The worker was created (always entry 1). */
  create: (templateVersion: number, args: string[], env: [string, string][]): PayloadOf<'create'> => ({ kind: 'create', templateVersion, args, env: Object.fromEntries(env) }),
  /** An invocation started: `request` as the caller sent it (typed JSON), `invocationKey` its idempotency key. */
  exportedFunctionInvoked: (functionName: string, request: unknown, invocationKey: string | null): PayloadOf<'exported-function-invoked'> => ({
    kind: 'exported-function-invoked',
    functionName,
    request,
    invocationKey,
  }),
  /** An invocation returned `response` (typed JSON). */
  exportedFunctionCompleted: (response: unknown): PayloadOf<'exported-function-completed'> => ({ kind: 'exported-function-completed', response }),
  /**
   * A host call: `response` `{ok}` / `{err}` (recorded form) or null for calls whose answer is
   * their own index (create-promise, …) or is still out (a remote write's request); `request`
   * the call's parameters, matched on replay.
   */
  importedFunctionInvoked: (functionName: string, wrappedFunctionType: WrappedFunctionType, response: unknown, request?: unknown): PayloadOf<'imported-function-invoked'> =>
    request === undefined ? { kind: 'imported-function-invoked', functionName, response, wrappedFunctionType } : { kind: 'imported-function-invoked', functionName, request, response, wrappedFunctionType },
  /** Suspended in await-promise on `promise` (or until `until`, epoch ms, when a timer was polled with it). */
  suspendOnPromise: (promise: PromiseKey, until?: number): PayloadOf<'suspend'> => (until === undefined ? { kind: 'suspend', promise } : { kind: 'suspend', promise, until }),
  /** Suspended in a guest timer until `until` (epoch ms). */
  suspendUntil: (until: number): PayloadOf<'suspend'> => ({ kind: 'suspend', until }),
  /** Suspended until the golem:rpc call whose request entry is at `rpcCall` has an outcome. */
  suspendOnRpc: (rpcCall: number): PayloadOf<'suspend'> => ({ kind: 'suspend', rpcCall }),
  /** Stopped by an interrupt; the invocation goes on by replay on the worker's next use. */
  interrupted: (): PayloadOf<'interrupted'> => ({ kind: 'interrupted' }),
  /** The invocation trapped (or exited) with `error`. */
  error: (error: string): PayloadOf<'error'> => ({ kind: 'error', error }),
  /** Entries `start`..`end` (inclusive) are deleted from what replay sees. */
  jump: (start: number, end: number): PayloadOf<'jump'> => ({ kind: 'jump', start, end }),
};

// ---------------------------------------------------------------- readers

export const isCreate = (e: OplogEntry): e is EntryOf<'create'> => e.kind === 'create';
export const isInvoked = (e: OplogEntry): e is InvokedEntry => e.kind === 'exported-function-invoked';
export const isCompleted = (e: OplogEntry): e is EntryOf<'exported-function-completed'> => e.kind === 'exported-function-completed';
/** A host call's entry; with `functionName`, a call of that function only. */
export const isHostCall = (e: OplogEntry, functionName?: string): e is ImportedEntry =>
  e.kind === 'imported-function-invoked' && (functionName === undefined || e.functionName === functionName);
export const isSuspend = (e: OplogEntry): e is EntryOf<'suspend'> => e.kind === 'suspend';
export const isInterrupted = (e: OplogEntry): e is EntryOf<'interrupted'> => e.kind === 'interrupted';
export const isError = (e: OplogEntry): e is EntryOf<'error'> => e.kind === 'error';
export const isJump = (e: OplogEntry): e is EntryOf<'jump'> => e.kind === 'jump';

/** The last invocation started in `entries`, if any. */
export const lastInvocation = (entries: OplogEntry[]): InvokedEntry | undefined => entries.findLast(isInvoked);

/** What a suspend entry waits for (see Wait). */
export function suspendWait(e: EntryOf<'suspend'>): Exclude<Wait, { kind: 'nothing' }> {
  if (e.promise) return e.until === undefined ? { kind: 'promise', promise: e.promise } : { kind: 'promise', promise: e.promise, until: e.until };
  if (e.rpcCall !== undefined) return { kind: 'rpc', call: e.rpcCall };
  if (e.until !== undefined) return { kind: 'timer', until: e.until };
  return { kind: 'unknown' };
}

/** A suspend entry for people (CLI, dashboard): `awaiting promise 7`, `awaiting rpc call 5`, `until 2026-…`, or ''. */
export function describeSuspend(e: EntryOf<'suspend'>): string {
  const wait = suspendWait(e);
  switch (wait.kind) {
    case 'promise':
      return `awaiting promise ${wait.promise.oplogIdx}${wait.until === undefined ? '' : ` or until ${new Date(wait.until).toISOString()}`}`;
    case 'rpc':
      return `awaiting the answer to rpc call ${wait.call}`;
    case 'timer':
      return `until ${new Date(wait.until).toISOString()}`;
    case 'unknown':
      return '';
  }
}

/**
 * What a worker that is not running waits for, read from the tail of its oplog: the meaning of
 * a `suspend` entry lives here.
 * - `promise`: it suspended in await-promise on that promise (`until`: or until then, when a
 *   guest timer was polled with it);
 * - `rpc`: it suspended in a golem:rpc call (its request entry at `call`) whose outcome is still out;
 * - `timer`: it sleeps in a guest timer until `until` (epoch ms);
 * - `unknown`: it suspended before suspend entries named what it waits for;
 * - `nothing`: its last suspension is over (entries that only a running worker writes follow
 *   it, e.g. the resumed call), so the host died while it ran.
 * `interrupted` markers after a suspend do not end it; undefined when `tail` holds nothing else
 * (read further back).
 */
export type Wait =
  | { kind: 'promise'; promise: PromiseKey; until?: number }
  | { kind: 'rpc'; call: number }
  | { kind: 'timer'; until: number }
  | { kind: 'unknown' }
  | { kind: 'nothing' };

export function waitOf(tail: OplogEntry[]): Wait | undefined {
  for (let i = tail.length - 1; i >= 0; i--) {
    const e = tail[i];
    if (isInterrupted(e)) continue;
    return isSuspend(e) ? suspendWait(e) : { kind: 'nothing' };
  }
  return tail.length && tail[0].idx === 1 ? { kind: 'nothing' } : undefined;
}

/** What waitIsOver asks the host. */
export interface WaitHost {
  now(): number;
  pending(promise: PromiseKey): boolean;
  /** Whether the worker's rpc call whose request entry is at `call` has an outcome (or is gone). */
  answered(call: number): boolean;
}

/**
 * Whether a Suspended or Interrupted worker's wait is over, so it should be resumed now: its
 * promise is no longer pending or its rpc call answered, or (Suspended only) its timer is due or
 * it waits for nothing known. An interrupted worker stays interrupted until its next use, unless
 * what it was suspended on is done.
 */
export function waitIsOver(wait: Wait, status: WorkerStatus, host: WaitHost): boolean {
  switch (wait.kind) {
    case 'promise':
      return !host.pending(wait.promise) || (wait.until !== undefined && status === 'Suspended' && wait.until <= host.now());
    case 'rpc':
      return host.answered(wait.call);
    case 'timer':
      return status === 'Suspended' && wait.until <= host.now();
    case 'unknown':
    case 'nothing':
      return status === 'Suspended';
  }
}

/** Entries replay must not see: regions skipped by set-oplog-index or rolled back (Golem's "deleted regions"), each a `jump` entry's start..end, inclusive. */
export function replayPlan(entries: OplogEntry[]): OplogEntry[] {
  const deleted = entries.flatMap((e) => (isJump(e) ? [[e.start, e.end] as const] : []));
  return deleted.length ? entries.filter((e) => !deleted.some(([s, t]) => e.idx >= s && e.idx <= t)) : entries;
}

/**
 * The begin index of an atomic region (mark-begin-operation … mark-end-operation) still open at
 * the end of `entries`, if any: mark-end-operation records the begin index it closes. A failure
 * inside it re-executes the whole region on retry.
 */
export function openAtomicRegion(entries: OplogEntry[]): number | undefined {
  const ended = new Set(entries.filter((e) => isHostCall(e, MARK_END)).map((e) => (e.response as { ok: number }).ok));
  return entries.filter((e) => isHostCall(e, MARK_BEGIN) && !ended.has(e.idx)).pop()?.idx;
}

/**
 * For a worker that died while running (the whole oplog in `entries`): the begin index of the
 * atomic region open in its unfinished last invocation, as replay sees it, if any. That region
 * runs again as a whole.
 */
export function interruptedRegion(entries: OplogEntry[]): number | undefined {
  const plan = replayPlan(entries);
  const invoked = lastInvocation(plan);
  const completed = invoked && plan.some((e) => e.idx > invoked.idx && isCompleted(e));
  if (!invoked || completed) return undefined;
  return openAtomicRegion(plan.filter((e) => e.idx > invoked.idx));
}

const MARK_BEGIN = 'golem:api/host/mark-begin-operation';
const MARK_END = 'golem:api/host/mark-end-operation';
