import { TypedJsonError } from './errors.ts';
import { decodeInto, fromJson } from './from-json.ts';
import type { ResultType, WitFunction } from './model.ts';
import { jsFieldName } from './names.ts';
import { encodeInto, encodeResultOutcome, toJson } from './to-json.ts';

export { fromJson, toJson };

/**
 * Golem REST `params` (a JSON array, one element per parameter) → the argument list for the
 * jco export. Parse the request body with parseJson so u64/s64 above 2^53 arrive exactly.
 */
export function decodeParams(fn: WitFunction, json: unknown): unknown[] {
  // The first two messages are Golem's own wording.
  if (!Array.isArray(json)) throw new TypedJsonError(['Expecting an array for fn_params']);
  if (json.length !== fn.params.length) {
    throw new TypedJsonError([`Unexpected number of parameters (got ${json.length}, expected: ${fn.params.length})`]);
  }
  const errors: string[] = [];
  const args = fn.params.map((param, i) => decodeInto(param.type, json[i], `params[${i}]`, errors));
  if (errors.length) throw new TypedJsonError(errors);
  return args;
}

/** How a call to a jco export ended: its return value, or the payload of a thrown result error. */
export type ReturnOutcome = { ok: true; value: unknown } | { ok: false; payload: unknown };

/**
 * The export's single anonymous result when it is a `result<T, E>`. jco does not hand such a
 * result back as `{tag, val}`: the call returns the ok value itself and throws an error whose
 * `.payload` is the err value (for `result<T>` / `result`, the payload is undefined).
 */
export function topLevelResult(fn: WitFunction): ResultType | undefined {
  return fn.results.kind === 'anon' && fn.results.type?.kind === 'result' ? fn.results.type : undefined;
}

/**
 * Turns what a jco export call threw into an outcome if it is the export's own result error
 * (an object carrying `payload`, for an export returning `result`); undefined for a real failure.
 */
export function errorOutcome(fn: WitFunction, thrown: unknown): ReturnOutcome | undefined {
  if (!topLevelResult(fn) || typeof thrown !== 'object' || thrown === null || !('payload' in thrown)) return undefined;
  return { ok: false, payload: (thrown as { payload: unknown }).payload };
}

/**
 * Golem's `result` JSON for a completed export call: `[value]` for an anonymous result, `[]` for
 * none, `{name: value}` for named results. For an export returning `result<T, E>` this yields
 * `[{"ok": …}]` / `[{"err": …}]` from the outcome (see topLevelResult for jco's convention).
 */
export function encodeReturn(fn: WitFunction, outcome: ReturnOutcome): unknown {
  const resultType = topLevelResult(fn);
  const errors: string[] = [];
  let json: unknown;
  if (resultType) {
    const [tag, payload] = outcome.ok ? (['ok', outcome.value] as const) : (['err', outcome.payload] as const);
    json = [encodeResultOutcome(resultType, tag, payload, 'result[0]', errors)];
  } else if (!outcome.ok) {
    throw new TypedJsonError([`${fn.name} does not return a result, so it cannot fail with a payload`]);
  } else {
    json = encodePlain(fn, outcome.value, errors);
  }
  if (errors.length) throw new TypedJsonError(errors);
  return json;
}

/**
 * Golem's `result` JSON for the value a jco export call returned. For an export returning
 * `result<T, E>` that value is the ok payload (jco throws for err), so this is
 * `encodeReturn(fn, {ok: true, value})`.
 */
export function encodeResult(fn: WitFunction, jsValue: unknown): unknown {
  return encodeReturn(fn, { ok: true, value: jsValue });
}

function encodePlain(fn: WitFunction, value: unknown, errors: string[]): unknown {
  const results = fn.results;
  if (results.kind === 'anon') return results.type ? [encodeInto(results.type, value, 'result[0]', errors)] : [];
  // Current WIT has no named results and jco cannot bind them; older bindings returned a single
  // result bare and several as an array. An object keyed by camelCase names is accepted too.
  const items = results.items;
  const values =
    items.length === 1
      ? [value]
      : Array.isArray(value)
        ? value
        : typeof value === 'object' && value !== null
          ? items.map((item) => (value as Record<string, unknown>)[jsFieldName(item.name)])
          : undefined;
  if (!values || values.length !== items.length) {
    errors.push(`result: expected ${items.length} named results (an array or an object), got ${Array.isArray(value) ? `array of ${value.length}` : typeof value}`);
    return {};
  }
  const json: Record<string, unknown> = {};
  items.forEach((item, i) => {
    json[item.name] = encodeInto(item.type, values[i], `result.${item.name}`, errors);
  });
  return json;
}
