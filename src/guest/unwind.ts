/**
 * Host unwinds.
 *
 * None of the `golem:api/host` functions return a `result`, so nothing they throw is an error the
 * guest is meant to handle: an incomplete `await-promise` suspends the worker, `set-oplog-index`
 * jumps, an unknown promise fails the invocation. On Golem the host unwinds the guest's stack; a
 * host that surfaces this as a JS exception expects it to propagate out of the export untouched.
 *
 * The SDK's wrappers around those functions record whatever they throw here, so that `resultFn`,
 * `handleResult`, `atomically`, `withPersistenceLevel` and `withIdempotenceMode` can rethrow it
 * unchanged instead of turning it into an `err(...)` or running cleanup host calls.
 */

const unwindObjects = new WeakSet<object>();
const unwindPrimitives = new Set<unknown>();

/** Records `thrown` as a host unwind and returns it. */
export function markHostUnwind<T>(thrown: T): T {
  if ((typeof thrown === 'object' && thrown !== null) || typeof thrown === 'function') {
    unwindObjects.add(thrown as object);
  } else {
    unwindPrimitives.add(thrown);
  }
  return thrown;
}

/**
 * True if `thrown` was thrown by a `golem:api/host` function (e.g. the suspension of an
 * `await-promise` on an incomplete promise). Code with a catch-all should rethrow such values:
 *
 * ```ts
 * try { … } catch (e) { if (isHostUnwind(e)) throw e; … }
 * ```
 */
export function isHostUnwind(thrown: unknown): boolean {
  if ((typeof thrown === 'object' && thrown !== null) || typeof thrown === 'function') {
    return unwindObjects.has(thrown as object);
  }
  return unwindPrimitives.has(thrown);
}

/** Calls a host function; anything it throws is marked as a host unwind and rethrown as is. */
export function callHost<T>(fn: () => T): T {
  try {
    return fn();
  } catch (thrown) {
    throw markHostUnwind(thrown);
  }
}
