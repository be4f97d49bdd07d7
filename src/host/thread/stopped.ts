import type { Directed, Next } from '../signals.ts';

/** Why a guest thread stopped before its invocation finished. */
export type ThreadStopCode = 'INTERRUPTED' | 'INVOCATION_TIMEOUT' | 'EXITED' | 'EVICTED' | 'CLOSED';

/** The guest thread was stopped from outside (interrupt, time limit, eviction, host closing) or died. */
export class ThreadStopped extends Error implements Directed {
  constructor(
    readonly code: ThreadStopCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ThreadStopped';
  }

  /** Interrupted: recorded, continued on the next use; closed or evicted: recorded nowhere, like a crash; a time limit or a dead thread: a trap. */
  get next(): Next {
    if (this.code === 'INTERRUPTED') return { kind: 'interrupted' };
    if (this.code === 'CLOSED' || this.code === 'EVICTED') return { kind: 'forget' };
    return { kind: 'retry' };
  }
}
