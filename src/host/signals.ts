/**
 * What happens to a worker after its invocation stopped with an error: each error says it in its
 * type (its `next`), and the worker (worker-runtime.ts) does it.
 * - `park`: suspended (await-promise on a pending promise, a long sleep): Suspended, the parked
 *   guest kept for a hot resume, woken by its wait (or at `untilMs`);
 * - `interrupted`: stopped by an interrupt: recorded, continued by replay on the next use;
 * - `forget`: stopped from outside (the host closing, an eviction): recorded nowhere, like a crash;
 * - `replay`: set-oplog-index: rebuilt by replay at once, without the skipped region;
 * - `exit`: wasi:cli/exit: Exited;
 * - `fail`: retrying cannot help (a divergence from the oplog, a request that may not be repeated): Failed;
 * - `retry`: a trap: retried by replay while the retry policy allows, then Failed. Any error
 *   that says nothing (a guest trap, a host bug) is one.
 */
export type Next =
  | { kind: 'park'; untilMs?: number }
  | { kind: 'interrupted' }
  | { kind: 'forget' }
  | { kind: 'replay' }
  | { kind: 'exit' }
  | { kind: 'fail' }
  | { kind: 'retry' };

/** An error that says what happens next. */
export interface Directed {
  readonly next: Next;
}

const RETRY: Next = { kind: 'retry' };

/** What happens after `e` stopped an invocation: its own `next`, else a retry. */
export function nextOf(e: unknown): Next {
  const next = e instanceof Error ? (e as Partial<Directed>).next : undefined;
  return next && typeof next === 'object' && 'kind' in next ? next : RETRY;
}

/**
 * Control flow the host forces on a guest by throwing from a host import. jco rethrows any
 * Error without a `payload` unchanged, so these unwind the guest and reach the executor; the
 * instance they cross is unusable afterwards and is dropped.
 */
export class HostSignal extends Error implements Directed {
  get next(): Next {
    return RETRY;
  }
}

/** await-promise on a pending promise: the worker sleeps until the promise is completed. */
export class SuspendSignal extends HostSignal {
  /** `untilMs`: the wait also ends then (a guest timer polled with the promise, e.g. a deadline). */
  constructor(
    readonly oplogIdx: number,
    readonly untilMs?: number,
  ) {
    super(`suspended until promise ${oplogIdx} is completed${untilMs === undefined ? '' : ` or until ${new Date(untilMs).toISOString()}`}`);
    this.name = 'SuspendSignal';
  }

  override get next(): Next {
    return { kind: 'park', untilMs: this.untilMs };
  }
}

/**
 * A guest timer (setTimeout → wasi poll) longer than the host is willing to block for: the
 * worker is suspended and woken by replay at `untilMs` (epoch milliseconds), as Golem does for
 * long sleeps. The wake-up survives a host restart: it is in the suspend entry.
 */
export class SleepSignal extends HostSignal {
  constructor(readonly untilMs: number) {
    super(`sleeping until ${new Date(untilMs).toISOString()}`);
    this.name = 'SleepSignal';
  }

  override get next(): Next {
    return { kind: 'park', untilMs: this.untilMs };
  }
}

/** set-oplog-index: the worker restarts by replaying the oplog without the skipped region. */
export class JumpSignal extends HostSignal {
  constructor(readonly target: number) {
    super(`jump to oplog index ${target}`);
    this.name = 'JumpSignal';
  }

  override get next(): Next {
    return { kind: 'replay' };
  }
}

/** wasi:cli/exit was called. */
export class ExitSignal extends HostSignal {
  constructor(readonly ok: boolean) {
    super(`worker exited (${ok ? 'ok' : 'error'})`);
    this.name = 'ExitSignal';
  }

  override get next(): Next {
    return { kind: 'exit' };
  }
}

/** Where replay left the recorded path: the entry, the call it recorded and the call the guest made instead. */
export interface DivergenceDetails {
  oplogIdx: number;
  /** e.g. `wasi:keyvalue/eventual/set("approvals", "w1/manager", …)` */
  recorded: string;
  actual: string;
}

/** Replay met a host call the oplog does not have at that position. */
export class ReplayDivergence extends HostSignal {
  constructor(
    message: string,
    readonly details?: DivergenceDetails,
  ) {
    super(`replay diverged from the oplog: ${message}`);
    this.name = 'ReplayDivergence';
  }

  /** A guest that no longer replays its own oplog cannot be fixed by retrying. */
  override get next(): Next {
    return { kind: 'fail' };
  }
}

/** A host-side failure that must trap the guest (e.g. awaiting an unknown promise). `permanent`: retrying cannot help, the worker fails at once. */
export class HostTrap extends HostSignal {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'HostTrap';
  }

  override get next(): Next {
    return this.permanent ? { kind: 'fail' } : RETRY;
  }
}

/** A replay-only check reached the end of the recorded entries: everything before matched. */
export class ReplayExhausted extends HostSignal {
  constructor() {
    super('replay reached the end of the oplog');
    this.name = 'ReplayExhausted';
  }
}
