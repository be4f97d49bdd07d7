/**
 * Golem's timer semantics for JavaScript guests. On a Golem executor a `setTimeout` still
 * pending when an export returns runs before the invocation completes: the guest's event loop
 * blocks in `wasi:io/poll` (a durable host call; a long wait suspends the worker until it is
 * due), and Golem's own test expects the invocation to finish once the timer fired. Today's
 * componentize-js drives its event loop only for exports that return a promise, so a timer set
 * by a synchronous export would never fire. `golem-ts build` therefore wraps every export with
 * {@link settleTimers}: when timeouts are pending, the export's value is handed back as a
 * promise that resolves once they have all run, and componentize-js runs the event loop until
 * then. Exports that leave no timer behind are unchanged. `setInterval` is not tracked (it
 * never finishes).
 *
 * This module installs its tracking on import; the build imports it before the author's code.
 */

type Callback = (...args: unknown[]) => void;

const pending = new Set<unknown>();
let idle: (() => void)[] = [];

const nativeSetTimeout = globalThis.setTimeout;
const nativeClearTimeout = globalThis.clearTimeout;

function settle(): void {
  if (pending.size > 0) return;
  const waiting = idle;
  idle = [];
  for (const resolve of waiting) resolve();
}

globalThis.setTimeout = ((fn: Callback | string, ms?: number, ...args: unknown[]) => {
  const id: unknown = nativeSetTimeout(() => {
    pending.delete(id);
    try {
      if (typeof fn === 'function') fn(...args);
    } finally {
      settle();
    }
  }, ms);
  pending.add(id);
  return id;
}) as typeof globalThis.setTimeout;

globalThis.clearTimeout = ((id: unknown) => {
  nativeClearTimeout(id as Parameters<typeof nativeClearTimeout>[0]);
  if (pending.delete(id)) settle();
}) as typeof globalThis.clearTimeout;

/** Resolves once no timeout is pending (timers set by timer callbacks included). */
function noPendingTimers(): Promise<void> {
  return pending.size === 0 ? Promise.resolve() : new Promise((resolve) => idle.push(resolve));
}

const isClass = (f: Function) => /^class\b/.test(Function.prototype.toString.call(f));

function settledFunction<F extends Function>(fn: F): F {
  const wrapped = function (this: unknown, ...args: unknown[]) {
    const result: unknown = fn.apply(this, args);
    if (result instanceof Promise) return result.then((v) => noPendingTimers().then(() => v));
    return pending.size === 0 ? result : noPendingTimers().then(() => result);
  };
  return wrapped as unknown as F;
}

/** Wraps an export (a function, or an interface object of functions); classes (resources) stay as they are. */
export function settleTimers<T>(exported: T): T {
  if (typeof exported === 'function') return isClass(exported) ? exported : settledFunction(exported);
  if (typeof exported !== 'object' || exported === null) return exported;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(exported)) out[k] = typeof v === 'function' && !isClass(v) ? settledFunction(v) : v;
  return out as T;
}
