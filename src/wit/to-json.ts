import { TypedJsonError } from './errors.ts';
import { JsonBigInt } from './json.ts';
import type { IntegerKind, WitType } from './model.ts';
import { jsFieldName } from './names.ts';
import { F32_MAX, INTEGER_RANGES, MAX_ERRORS, describeType, describeValue, is64Bit, isNestedOption, isPlainObject, quoteList, stringProblem } from './typed-json-shared.ts';

/**
 * Encodes a jco JS value of `type` as Golem typed JSON (typed-json.md §4). The value is checked
 * on the way: guest code run without the wasm boundary can return anything. 64-bit integers
 * beyond Number.MAX_SAFE_INTEGER come out as JsonBigInt; write the result with stringifyJson.
 */
export function toJson(type: WitType, value: unknown, path = 'value'): unknown {
  const errors: string[] = [];
  const json = encodeInto(type, value, path, errors);
  if (errors.length) throw new TypedJsonError(errors);
  return json;
}

/** Like toJson, but appends problems to `errors` instead of throwing. */
export function encodeInto(type: WitType, value: unknown, path: string, errors: string[]): unknown {
  return new Encoder(errors).encode(type, value, path);
}

class Encoder {
  constructor(private readonly errors: string[]) {}

  encode(type: WitType, value: unknown, path: string): unknown {
    if (this.errors.length >= MAX_ERRORS) return null;
    switch (type.kind) {
      case 'bool':
        return typeof value === 'boolean' ? value : this.mismatch(type, value, path);
      case 'string': {
        if (typeof value !== 'string') return this.mismatch(type, value, path);
        const problem = stringProblem(value);
        return problem ? this.fail(path, problem) : value;
      }
      case 'f32':
      case 'f64':
        if (typeof value !== 'number') return this.mismatch(type, value, path);
        // serde_json, which Golem uses, has no NaN or infinity either and writes null.
        if (!Number.isFinite(value)) return null;
        return type.kind === 'f32' ? shortestF32(value) : value;
      case 'char':
        return this.char(value, path);
      case 'list':
        return this.list(type, value, path);
      case 'option':
        return this.option(type, value, path);
      case 'result':
        return this.result(type, value, path);
      case 'tuple':
        if (!Array.isArray(value) || value.length !== type.items.length) return this.mismatch(type, value, path, `an array of ${type.items.length}`);
        return type.items.map((item, i) => this.encode(item, value[i], `${path}[${i}]`));
      case 'record':
        return this.record(type, value, path);
      case 'variant':
        return this.variant(type, value, path);
      case 'enum':
        if (typeof value !== 'string') return this.mismatch(type, value, path);
        if (!type.cases.includes(value)) return this.fail(path, `unknown case ${JSON.stringify(value)} of enum ${type.name} (cases: ${quoteList(type.cases)})`);
        return value;
      case 'flags':
        return this.flags(type, value, path);
      case 'handle':
        return this.fail(path, `${describeType(type)} is a resource handle, which typed JSON cannot carry`);
      default:
        return this.integer(type.kind, value, path);
    }
  }

  private integer(kind: IntegerKind, value: unknown, path: string): unknown {
    let n: bigint;
    if (typeof value === 'bigint') n = value;
    else if (typeof value === 'number' && Number.isSafeInteger(value)) n = BigInt(value);
    else return this.fail(path, `expected ${kind}, got ${describeValue(value, 'js')}`);
    const [min, max] = INTEGER_RANGES[kind];
    if (n < min || n > max) return this.fail(path, `expected ${kind}, got ${describeValue(value, 'js')} (out of range ${min}..${max})`);
    if (!is64Bit(kind)) return Number(n);
    return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : new JsonBigInt(n);
  }

  private char(value: unknown, path: string): unknown {
    const code = typeof value === 'string' && [...value].length === 1 ? value.codePointAt(0)! : undefined;
    if (code === undefined || (code >= 0xd800 && code <= 0xdfff)) {
      return this.fail(path, `expected char (a string of one Unicode scalar value), got ${describeValue(value, 'js')}`);
    }
    return code;
  }

  private list(type: WitType & { kind: 'list' }, value: unknown, path: string): unknown {
    // jco produces typed arrays for numeric element types and plain arrays otherwise.
    // Array.from for arrays too: it turns the holes of a sparse array into undefined, which is then checked.
    const items = Array.isArray(value) ? Array.from(value) : ArrayBuffer.isView(value) && !(value instanceof DataView) ? Array.from(value as unknown as ArrayLike<unknown>) : undefined;
    if (!items) return this.mismatch(type, value, path, 'an array or typed array');
    return items.map((item, i) => this.encode(type.element, item, `${path}[${i}]`));
  }

  private option(type: WitType & { kind: 'option' }, value: unknown, path: string): unknown {
    if (value === undefined || value === null) return null;
    if (!isNestedOption(type)) return this.encode(type.inner, value, path);
    if (isPlainObject(value) && value.tag === 'none') return null;
    if (isPlainObject(value) && value.tag === 'some') return this.encode(type.inner, value.val, path);
    return this.mismatch(type, value, path, "{tag: 'some', val} or {tag: 'none'}");
  }

  private result(type: WitType & { kind: 'result' }, value: unknown, path: string): unknown {
    if (!isPlainObject(value) || (value.tag !== 'ok' && value.tag !== 'err')) {
      return this.mismatch(type, value, path, "{tag: 'ok' | 'err', val}");
    }
    return encodeResultSide(this, type, value.tag, value.val, path);
  }

  private record(type: WitType & { kind: 'record' }, value: unknown, path: string): unknown {
    if (!isPlainObject(value)) return this.mismatch(type, value, path, 'an object');
    const json: Record<string, unknown> = {};
    for (const field of type.fields) {
      const key = jsFieldName(field.name);
      // Own keys only: a field named `constructor` or `to-string` must not find Object.prototype's.
      const fieldValue = Object.hasOwn(value, key) ? value[key] : undefined;
      if (fieldValue === undefined && field.type.kind !== 'option') {
        this.fail(path, `missing field ${JSON.stringify(key)} (record ${type.name})`);
        continue;
      }
      json[field.name] = this.encode(field.type, fieldValue, `${path}.${field.name}`);
    }
    return json;
  }

  private variant(type: WitType & { kind: 'variant' }, value: unknown, path: string): unknown {
    if (!isPlainObject(value) || typeof value.tag !== 'string') return this.mismatch(type, value, path, '{tag, val}');
    const tag = value.tag;
    const found = type.cases.find((c) => c.name === tag);
    if (!found) return this.fail(path, `unknown case ${JSON.stringify(tag)} of variant ${type.name} (cases: ${quoteList(type.cases.map((c) => c.name))})`);
    return { [tag]: found.type ? this.encode(found.type, value.val, `${path}.${tag}`) : null };
  }

  private flags(type: WitType & { kind: 'flags' }, value: unknown, path: string): unknown {
    if (!isPlainObject(value)) return this.mismatch(type, value, path, 'an object of booleans');
    // Each flag is read by truthiness and an absent one is unset, as jco's lowering does; own keys
    // only, so that a flag named `constructor` is not set by Object.prototype.constructor.
    return type.flags.filter((flag) => Object.hasOwn(value, jsFieldName(flag)) && Boolean(value[jsFieldName(flag)]));
  }

  mismatch(type: WitType, value: unknown, path: string, shape?: string): null {
    return this.fail(path, `expected ${describeType(type)}${shape ? ` (${shape})` : ''}, got ${describeValue(value, 'js')}`);
  }

  fail(path: string, message: string): null {
    if (this.errors.length < MAX_ERRORS) this.errors.push(`${path}: ${message}`);
    return null;
  }
}

/** `{"ok": v}` / `{"err": v}` with `null` for a unit side. */
function encodeResultSide(encoder: Encoder, type: WitType & { kind: 'result' }, tag: 'ok' | 'err', payload: unknown, path: string): unknown {
  const side = type[tag];
  return { [tag]: side ? encoder.encode(side, payload, `${path}.${tag}`) : null };
}

/** Encodes one side of a result type: used for top-level export results, which jco unwraps. */
export function encodeResultOutcome(type: WitType & { kind: 'result' }, tag: 'ok' | 'err', payload: unknown, path: string, errors: string[]): unknown {
  return encodeResultSide(new Encoder(errors), type, tag, payload, path);
}

/**
 * The shortest decimal that reads back as the same f32, as serde_json (ryu) writes f32, except
 * that it never exceeds ±f32::MAX: ryu writes f32::MAX as 3.4028235e38, which is above the exact
 * maximum, so the decoder (like Golem's range check) would refuse the codec's own output. The
 * largest f32s then get a longer form (f32::MAX: 3.402823466e38). By 17 digits every finite f32
 * has one: its exact double.
 */
function shortestF32(value: number): number {
  const f = Math.fround(value);
  for (let precision = 1; precision <= 17; precision++) {
    const candidate = Number(f.toPrecision(precision));
    if (Math.fround(candidate) === f && Math.abs(candidate) <= F32_MAX) return candidate;
  }
  return f;
}
