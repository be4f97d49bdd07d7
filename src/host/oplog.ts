import type { OplogEntry, PromiseKey, WorkerStatus } from './types.ts';

/**
 * The meaning of oplog entries for the host: which entries replay sees (jumps), which atomic
 * region a failure re-runs (mark-begin/end-operation), what a stopped worker waits for (suspend)
 * and when that wait is over (promise completed, timer due).
 */

/** A host call's entry. */
export type ImportedEntry = Extract<OplogEntry, { kind: 'imported-function-invoked' }>;

/**
 * What a worker that is not running waits for, read from the tail of its oplog: the meaning of
 * a `suspend` entry lives here.
 * - `promise`: it suspended in await-promise on that promise (`until`: or until then, when a
 *   guest timer was polled with it);
 * - `timer`: it sleeps in a guest timer until `until` (epoch ms);
 * - `unknown`: it suspended before suspend entries named the promise;
 * - `nothing`: its last suspension is over (entries that only a running worker writes follow
 *   it, e.g. the resumed call), so the host died while it ran.
 * `interrupted` markers after a suspend do not end it; undefined when `tail` holds nothing else
 * (read further back).
 */
export type Wait = { kind: 'promise'; promise: PromiseKey; until?: number } | { kind: 'timer'; until: number } | { kind: 'unknown' } | { kind: 'nothing' };

export function waitOf(tail: OplogEntry[]): Wait | undefined {
  for (let i = tail.length - 1; i >= 0; i--) {
    const e = tail[i];
    if (e.kind === 'interrupted') continue;
    if (e.kind !== 'suspend') return { kind: 'nothing' };
    if (e.promise) return e.until === undefined ? { kind: 'promise', promise: e.promise } : { kind: 'promise', promise: e.promise, until: e.until };
    if (e.until !== undefined) return { kind: 'timer', until: e.until };
    return { kind: 'unknown' };
  }
  return tail.length && tail[0].idx === 1 ? { kind: 'nothing' } : undefined;
}

/**
 * Whether a Suspended or Interrupted worker's wait is over, so it should be resumed now: its
 * promise is no longer pending, or (Suspended only) its timer is due or it waits for nothing
 * known. An interrupted worker stays interrupted until its next use, unless the promise it was
 * suspended on is complete.
 */
export function waitIsOver(wait: Wait, status: WorkerStatus, host: { now(): number; pending(promise: PromiseKey): boolean }): boolean {
  switch (wait.kind) {
    case 'promise':
      return !host.pending(wait.promise) || (wait.until !== undefined && status === 'Suspended' && wait.until <= host.now());
    case 'timer':
      return status === 'Suspended' && wait.until <= host.now();
    case 'unknown':
    case 'nothing':
      return status === 'Suspended';
  }
}

/** Entries replay must not see: regions skipped by set-oplog-index or rolled back (Golem's "deleted regions"), each a `jump` entry's start..end, inclusive. */
export function replayPlan(entries: OplogEntry[]): OplogEntry[] {
  const deleted = entries.flatMap((e) => (e.kind === 'jump' ? [[e.start, e.end] as const] : []));
  return deleted.length ? entries.filter((e) => !deleted.some(([s, t]) => e.idx >= s && e.idx <= t)) : entries;
}

/**
 * The begin index of an atomic region (mark-begin-operation … mark-end-operation) still open at
 * the end of `entries`, if any: mark-end-operation records the begin index it closes. A failure
 * inside it re-executes the whole region on retry.
 */
export function openAtomicRegion(entries: OplogEntry[]): number | undefined {
  const hostCall = (e: OplogEntry, name: string): e is ImportedEntry => e.kind === 'imported-function-invoked' && e.functionName === `golem:api/host/${name}`;
  const ended = new Set(entries.filter((e) => hostCall(e, 'mark-end-operation')).map((e) => (e.response as { ok: number }).ok));
  return entries.filter((e) => hostCall(e, 'mark-begin-operation') && !ended.has(e.idx)).pop()?.idx;
}

/**
 * For a worker that died while running (the whole oplog in `entries`): the begin index of the
 * atomic region open in its unfinished last invocation, as replay sees it, if any. That region
 * runs again as a whole.
 */
export function interruptedRegion(entries: OplogEntry[]): number | undefined {
  const plan = replayPlan(entries);
  const invoked = plan.filter((e) => e.kind === 'exported-function-invoked').pop();
  const completed = invoked && plan.some((e) => e.idx > invoked.idx && e.kind === 'exported-function-completed');
  if (!invoked || completed) return undefined;
  return openAtomicRegion(plan.filter((e) => e.idx > invoked.idx));
}
