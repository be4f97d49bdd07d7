/**
 * Control flow the host forces on a guest by throwing from a host import. jco rethrows any
 * Error without a `payload` unchanged, so these unwind the guest and reach the executor; the
 * instance they cross is unusable afterwards and is dropped.
 */
export class HostSignal extends Error {}

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
}

/** set-oplog-index: the worker restarts by replaying the oplog without the skipped region. */
export class JumpSignal extends HostSignal {
  constructor(readonly target: number) {
    super(`jump to oplog index ${target}`);
    this.name = 'JumpSignal';
  }
}

/** wasi:cli/exit was called. */
export class ExitSignal extends HostSignal {
  constructor(readonly ok: boolean) {
    super(`worker exited (${ok ? 'ok' : 'error'})`);
    this.name = 'ExitSignal';
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
}

/** A replay-only check reached the end of the recorded entries: everything before matched. */
export class ReplayExhausted extends HostSignal {
  constructor() {
    super('replay reached the end of the oplog');
    this.name = 'ReplayExhausted';
  }
}
