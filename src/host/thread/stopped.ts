/** Why a guest thread stopped before its invocation finished. */
export type ThreadStopCode = 'INTERRUPTED' | 'INVOCATION_TIMEOUT' | 'EXITED' | 'EVICTED' | 'CLOSED';

/** The guest thread was stopped from outside (interrupt, time limit, eviction, host closing) or died. */
export class ThreadStopped extends Error {
  constructor(
    readonly code: ThreadStopCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ThreadStopped';
  }
}
