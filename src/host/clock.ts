/**
 * The host's notion of time: what guests read through the WASI clock imports and what durable
 * timers (long guest sleeps) are scheduled on. The real host uses the system clock; the test kit
 * injects a virtual clock it moves by hand. Retry backoff and oplog timestamps stay on real time.
 */
export interface Clock {
  /** Wall-clock time in epoch milliseconds. */
  now(): number;
  /** Runs `fn` once `now()` reaches `atMs`; returns a function that cancels it. */
  at(atMs: number, fn: () => unknown): () => void;
  /** Blocks the host thread until `now()` reaches `atMs` (short guest waits run on the host's thread). */
  blockUntil(atMs: number): void;
}

const MAX_TIMEOUT_MS = 2 ** 31 - 1;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

export const systemClock: Clock = {
  now: () => Date.now(),
  at(atMs, fn) {
    let timer: NodeJS.Timeout;
    // setTimeout fires at once beyond ~24.8 days, and runs on the monotonic clock, so it can fire
    // a millisecond before Date.now() reaches the instant: re-arm until the instant has come.
    const arm = () => {
      const delay = atMs - Date.now();
      timer = delay <= 0 ? setTimeout(fn, 0) : setTimeout(arm, Math.min(delay, MAX_TIMEOUT_MS));
    };
    arm();
    return () => clearTimeout(timer);
  },
  blockUntil(atMs) {
    for (let t = Date.now(); t < atMs; t = Date.now()) Atomics.wait(sleeper, 0, 0, Math.max(1, atMs - t));
  },
};
