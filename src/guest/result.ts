/**
 * Safe error reporting from exports.
 *
 * For an export returning `result<T, string>`, componentize-js maps a returned value to `ok(value)`
 * and a thrown *string* to `err(string)`, but a thrown `Error` object traps and poisons the
 * instance. `resultFn` / `handleResult` run the export's body and turn whatever it throws
 * (including the SDK's own errors) into a thrown string message, so the caller gets `err(...)`.
 *
 * ```ts
 * export const api = {
 *   awaitDecision: resultFn(async () => {
 *     const verdict = await DurablePromise.parse(stored, Verdict).result();
 *     return price(verdict);
 *   }),
 * };
 * ```
 *
 * Host unwinds (e.g. the suspension of `await-promise` on an incomplete promise, see
 * `isHostUnwind`) are never converted: they propagate untouched.
 */
import { GolemTsError } from './errors.ts';
import { isHostUnwind } from './unwind.ts';

/** A readable message for any thrown value. Never throws. */
export function toErr(thrown: unknown): string {
  try {
    return describeThrown(thrown);
  } catch {
    return 'unknown error';
  }
}

/**
 * Runs `fn` (sync or async). Resolves to its result; if it throws or rejects, rejects with the
 * string `toErr(error)` — which an export returning `result<T, string>` reports as `err(...)`.
 */
export async function handleResult<R>(fn: () => R): Promise<Awaited<R>> {
  try {
    return await fn();
  } catch (thrown) {
    if (isHostUnwind(thrown)) throw thrown;
    throw toErr(thrown);
  }
}

/** Wraps a function with {@link handleResult}: `export const submit = resultFn(async (app) => …)`. */
export function resultFn<A extends unknown[], R>(
  fn: (...args: A) => R,
): (...args: A) => Promise<Awaited<R>> {
  return function (this: unknown, ...args: A): Promise<Awaited<R>> {
    return handleResult(() => fn.apply(this, args));
  };
}

function describeThrown(thrown: unknown): string {
  if (typeof thrown === 'string') return thrown;
  if (thrown === undefined || thrown === null) return `unknown error (${String(thrown)} was thrown)`;
  if (thrown instanceof GolemTsError) return `${thrown.code}: ${thrown.message}`;
  if (typeof thrown === 'object' && 'payload' in thrown) {
    // A host `result` error (componentize-js `ComponentError`) that reached here unmapped.
    const payload = (thrown as { payload: unknown }).payload;
    if (typeof payload === 'string') return payload;
    if (typeof payload === 'object' && payload !== null) {
      const trace = (payload as { trace?: unknown }).trace;
      if (typeof trace === 'function') return String(trace.call(payload));
    }
  }
  if (thrown instanceof Error) {
    const name = thrown.name || 'Error';
    if (!thrown.message) return name;
    return name === 'Error' ? thrown.message : `${name}: ${thrown.message}`;
  }
  if (typeof thrown === 'object') {
    const message = (thrown as { message?: unknown }).message;
    if (typeof message === 'string' && message) return message;
    const json = JSON.stringify(thrown, (_key, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    );
    if (json !== undefined && json !== '{}') return json;
  }
  return String(thrown);
}
