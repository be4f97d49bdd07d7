// Host calls without an external effect: their answer depends on nothing but the clock and the
// random source, so whichever thread runs the guest can give it (thread/journal.js answers them in
// the guest thread; the host imports in imports/wasi answer them when they cross). Each is
// recorded as a `ReadLocal` entry under its function name, with its arguments as the request
// when it takes any. Plain JavaScript so Node runs it in the guest thread from src and lib;
// pure-calls.d.ts types it.
import { randomBytes } from 'node:crypto';

/** Epoch milliseconds as a wasi:clocks/wall-clock datetime. */
export function wallTime(ms) {
  return { seconds: BigInt(Math.floor(ms / 1000)), nanoseconds: (ms % 1000) * 1_000_000 };
}

/**
 * The next monotonic-clock reading (ns) at wall time `ms`: never back, never the same twice.
 * `cell` (a BigInt64Array of one) holds the last reading; a worker's two threads share it (the
 * thread channel's buffer), and only one of them runs at a time.
 */
export function nextMonotonic(cell, ms) {
  const now = BigInt(ms) * 1_000_000n;
  const last = Atomics.load(cell, 0);
  const next = now > last ? now : last + 1n;
  Atomics.store(cell, 0, next);
  return next;
}

/** A reading the guest was given (replay returns recorded ones): later readings stay above it. */
export function observeMonotonic(cell, reading) {
  if (typeof reading === 'bigint' && reading > Atomics.load(cell, 0)) Atomics.store(cell, 0, reading);
}

const u64 = () => randomBytes(8).readBigUInt64LE();
const bytes = ([len]) => new Uint8Array(randomBytes(Number(len)));

/**
 * The calls, by `interface#function` as jco's import object names them. `request`: the arguments
 * are recorded and matched on replay; `clock`: it reads the host's clock, which the guest thread
 * can read only when that is the system clock; `monotonic`: its readings go in the shared cell; `live(args, cell)`: the answer in the guest thread.
 */
export const PURE_CALLS = new Map([
  ['wasi:clocks/wall-clock#now', { functionName: 'wasi:clocks/wall-clock/now', request: false, clock: true, live: () => wallTime(Date.now()) }],
  ['wasi:clocks/monotonic-clock#now', { functionName: 'wasi:clocks/monotonic-clock/now', request: false, clock: true, monotonic: true, live: (_, cell) => nextMonotonic(cell, Date.now()) }],
  ['wasi:random/random#getRandomBytes', { functionName: 'wasi:random/random/get-random-bytes', request: true, clock: false, live: bytes }],
  ['wasi:random/random#getRandomU64', { functionName: 'wasi:random/random/get-random-u64', request: false, clock: false, live: u64 }],
  ['wasi:random/insecure#getInsecureRandomBytes', { functionName: 'wasi:random/insecure/get-insecure-random-bytes', request: true, clock: false, live: bytes }],
  ['wasi:random/insecure#getInsecureRandomU64', { functionName: 'wasi:random/insecure/get-insecure-random-u64', request: false, clock: false, live: u64 }],
  ['wasi:random/insecure-seed#insecureSeed', { functionName: 'wasi:random/insecure-seed/insecure-seed', request: false, clock: false, live: () => [u64(), u64()] }],
]);

/** The oplog function names of the calls above. */
export const PURE_FUNCTIONS = new Set([...PURE_CALLS.values()].map((p) => p.functionName));
