// Types for pure-calls.js (plain JavaScript, shared with the guest thread).

export interface PureCall {
  /** The oplog entry's function name. */
  functionName: string;
  /** Whether the arguments are recorded as the request (and matched on replay). */
  request: boolean;
  /** Whether it reads the host's clock. */
  clock: boolean;
  /** Whether it is the monotonic clock (its readings go in the shared cell). */
  monotonic?: boolean;
  /** The answer, live, in the guest thread. */
  live(args: unknown[], cell?: BigInt64Array): unknown;
}

export function wallTime(ms: number): { seconds: bigint; nanoseconds: number };
export function nextMonotonic(cell: BigInt64Array, ms: number): bigint;
export function observeMonotonic(cell: BigInt64Array, reading: unknown): void;
export const PURE_CALLS: ReadonlyMap<string, PureCall>;
export const PURE_FUNCTIONS: ReadonlySet<string>;
