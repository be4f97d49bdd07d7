/**
 * Waiting for a worker's status in the test kit: from the host's worker events (committed
 * statuses, src/host/status-events.ts), not by polling. Follows `host.restart()` (the wait is
 * made again on the new host, as every waiting call is) and ends with HostClosedError on close.
 */
import { ExecutorError } from '../host/errors.ts';
import type { Executor } from '../host/executor.ts';
import type { WorkerStatus, WorkerSubscription } from '../host/types.ts';
import { HostClosedError, WaitTimeoutError } from './errors.ts';
import type { Session } from './session.ts';

export interface StatusWait {
  /** What is waited for, for messages: `worker w1 to become Idle`. */
  what: string;
  holds: (status: WorkerStatus) => boolean;
  timeoutMs: number;
  /** false: only a change from now on counts, not the status the worker has already. */
  current?: boolean;
  /** Ends the wait early, rejecting with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Resolves with the first committed status of the worker that `holds`; rejects with
 * WaitTimeoutError after `timeoutMs`. Subscribes before it returns, so a change made right
 * after the call is seen.
 */
export async function waitForStatus(session: Session, templateId: string, name: string, wait: StatusWait): Promise<WorkerStatus> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), wait.timeoutMs);
  let starts = 0;
  try {
    const signal = wait.signal ? AbortSignal.any([timeout.signal, wait.signal]) : timeout.signal;
    return await session.track(name, `waiting for ${wait.what}`, (executor) => reach(executor, templateId, name, wait, starts++ > 0 || wait.current !== false, signal));
  } catch (e) {
    if (!timeout.signal.aborted) throw e;
    let now = '';
    try {
      now = ` (it is ${session.executor.getWorker(templateId, name).status})`;
    } catch {
      // no such worker (yet, or any more)
    }
    throw new WaitTimeoutError(`timed out after ${wait.timeoutMs} ms waiting for ${wait.what}${now}`);
  } finally {
    clearTimeout(timer);
  }
}

function reach(executor: Executor, templateId: string, name: string, wait: StatusWait, current: boolean, signal: AbortSignal): Promise<WorkerStatus> {
  return new Promise((resolve, reject) => {
    let done = false;
    let sub: WorkerSubscription | undefined;
    const finish = (settle: () => void) => {
      if (done) return;
      done = true;
      sub?.close();
      signal.removeEventListener('abort', aborted);
      settle();
    };
    const aborted = () => finish(() => reject(signal.reason));
    const seen = (status: WorkerStatus) => wait.holds(status) && finish(() => resolve(status));
    if (signal.aborted) return aborted();
    signal.addEventListener('abort', aborted);
    sub = executor.subscribe(
      { templateId, workerName: name },
      (e) => {
        if (e.type === 'status' || e.type === 'created') seen(e.status);
        else if (e.type === 'deleted') finish(() => reject(new ExecutorError('WORKER_NOT_FOUND', `worker ${name} was deleted while waiting for ${wait.what}`)));
      },
      () => finish(() => reject(new HostClosedError(`waiting for ${wait.what}`))),
    );
    if (done) sub.close();
    else if (current && sub.snapshot[0]) seen(sub.snapshot[0].status);
  });
}
