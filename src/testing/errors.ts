import type { ReplayDivergence } from '../host/signals.ts';

export type TestKitErrorCode = 'NONDETERMINISM' | 'HOST_CLOSED' | 'WAIT_TIMEOUT' | 'BAD_INPUT';

/** Every error the kit itself throws; host errors come through as the host's ExecutorError. */
export class TestKitError extends Error {
  constructor(
    readonly code: TestKitErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TestKitError';
  }
}

/**
 * The worker no longer replays its own oplog: a fresh instance made a host call other than the
 * one recorded at `oplogIdx`. Thrown by `alwaysReplay` checks and by `worker.replay()`.
 */
export class DeterminismError extends TestKitError {
  readonly oplogIdx: number;
  /** The recorded call, e.g. `wasi:keyvalue/eventual/set("approvals", "w1/manager", …)`. */
  readonly recorded: string;
  /** The call the guest made instead. */
  readonly actual: string;

  constructor(worker: string, divergence: ReplayDivergence) {
    super('NONDETERMINISM', `worker ${worker} does not replay its oplog: ${divergence.message.replace(/^replay diverged from the oplog: /, '')}`, { cause: divergence });
    this.name = 'DeterminismError';
    this.oplogIdx = divergence.details?.oplogIdx ?? 0;
    this.recorded = divergence.details?.recorded ?? '';
    this.actual = divergence.details?.actual ?? '';
  }
}

/** The test host was closed while this call was waiting. */
export class HostClosedError extends TestKitError {
  constructor(what: string) {
    super('HOST_CLOSED', `the test host was closed while ${what} was pending`);
    this.name = 'HostClosedError';
  }
}

/** `waitFor` gave up. */
export class WaitTimeoutError extends TestKitError {
  constructor(message: string) {
    super('WAIT_TIMEOUT', message);
    this.name = 'WaitTimeoutError';
  }
}
