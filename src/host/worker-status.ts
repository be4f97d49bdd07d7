import { ExecutorError } from './errors.ts';
import type { WorkerStatus } from './types.ts';

/** Every worker status, in the Worker API's spelling. */
export const WORKER_STATUSES: readonly WorkerStatus[] = ['Idle', 'Running', 'Suspended', 'Interrupted', 'Retrying', 'Failed', 'Exited'];

/** A new worker's status. */
export const INITIAL_STATUS: WorkerStatus = 'Idle';

/**
 * What running an invocation (live, or continued after replay) can end in, from whatever status
 * the worker had when it started: a replay does not mark the worker Running first.
 */
const OUTCOMES: readonly WorkerStatus[] = ['Idle', 'Suspended', 'Interrupted', 'Retrying', 'Failed', 'Exited'];

/**
 * The allowed status changes, from → to. Derived from what the executor does:
 * - Idle → Running: an invocation starts (pump). Idle → Interrupted: interrupt. Idle → Retrying or
 *   Failed: the replay that rebuilds an evicted instance fails (divergence, missing function).
 *   Idle → Idle is never written (activate checks first).
 * - Running → an outcome: completed (Idle), suspended, interrupted, trapped (Retrying, Failed), exited.
 * - Suspended → Running: hot resume of a parked guest. Suspended, Interrupted, Retrying → an
 *   outcome, themselves included: resumed by replay, the open invocation goes on live and ends in
 *   one (suspends again, is interrupted again, fails again...).
 * - Failed and Exited are terminal: nothing runs on such a worker again; only a delete removes it.
 */
export const TRANSITIONS: ReadonlyMap<WorkerStatus, ReadonlySet<WorkerStatus>> = new Map<WorkerStatus, ReadonlySet<WorkerStatus>>([
  ['Idle', new Set<WorkerStatus>(['Running', 'Interrupted', 'Retrying', 'Failed'])],
  ['Running', new Set(OUTCOMES)],
  ['Suspended', new Set<WorkerStatus>(['Running', ...OUTCOMES])],
  ['Interrupted', new Set(OUTCOMES)],
  ['Retrying', new Set(OUTCOMES)],
  ['Failed', new Set<WorkerStatus>()],
  ['Exited', new Set<WorkerStatus>()],
]);

/** A status change the table does not allow: a bug in the host, not bad input. */
export class StatusTransitionError extends ExecutorError {
  constructor(
    readonly from: WorkerStatus,
    readonly to: WorkerStatus,
  ) {
    super('INTERNAL', `illegal worker status transition ${from} → ${to}`);
  }
}

/** Checks one status change against the table; returns `to` so a caller can write it. */
export function transition(from: WorkerStatus, to: WorkerStatus): WorkerStatus {
  if (!TRANSITIONS.get(from)?.has(to)) throw new StatusTransitionError(from, to);
  return to;
}

/** Failed or Exited: nothing runs on the worker again. */
export function isTerminal(status: WorkerStatus): boolean {
  return status === 'Failed' || status === 'Exited';
}

/** New invocations may be queued (Failed and Exited refuse them). */
export function acceptsInvocations(status: WorkerStatus): boolean {
  return !isTerminal(status);
}

/** Throws INVOCATION_FAILED (as Golem's PreviousInvocationFailed / Exited) when the worker refuses invocations. */
export function checkInvocable(w: { status: WorkerStatus; lastError: string | null }): void {
  if (acceptsInvocations(w.status)) return;
  if (w.status === 'Failed') throw new ExecutorError('INVOCATION_FAILED', `previous invocation failed: ${w.lastError ?? 'unknown error'}`);
  if (w.status === 'Exited') throw new ExecutorError('INVOCATION_FAILED', 'the worker has exited and can no longer be invoked');
}

/** Suspended or Interrupted: stopped inside an invocation, possibly waiting on a promise or a timer. */
export function isWaiting(status: WorkerStatus): boolean {
  return status === 'Suspended' || status === 'Interrupted';
}

/** Stopped inside an invocation that may go on now (a completion or timer names it): all but Idle and the terminal ones. */
export function mayResume(status: WorkerStatus): boolean {
  return status !== 'Idle' && !isTerminal(status);
}

/**
 * A simulated host restart (interrupt with recover-immediately) rebuilds the worker at once:
 * Idle, Running or Retrying ones. Waiting ones keep waiting; terminal ones stay as they are.
 */
export function canRecoverImmediately(status: WorkerStatus): boolean {
  return !isWaiting(status) && !isTerminal(status);
}
