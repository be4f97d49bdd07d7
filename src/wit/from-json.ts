import { TypedJsonError } from './errors.ts';
import { JsonBigInt } from './json.ts';
import type { IntegerKind, WitType } from './model.ts';
import { jsFieldName } from './names.ts';
import {
  F32_MAX,
  INTEGER_RANGES,
  MAX_ERRORS,
  TYPED_ARRAYS,
  describeType,
  describeValue,
  is64Bit,
  isNestedOption,
  isPlainObject,
  quoteList,
  stringProblem,
  typedArrayKind,
} from './typed-json-shared.ts';

/**
 * Decodes Golem typed JSON (typed-json.md §4) into the JS value jco expects for `type`.
 * Throws TypedJsonError listing every mismatch found (up to a limit), each prefixed by its path.
 */
export function fromJson(type: WitType, json: unknown, path = 'value'): unknown {
  const errors: string[] = [];
  const value = decodeInto(type, json, path, errors);
  if (errors.length) throw new TypedJsonError(errors);
  return value;
}

/** Like fromJson, but appends problems to `errors` instead of throwing (the value is then unusable). */
export function decodeInto(type: WitType, json: unknown, path: string, errors: string[]): unknown {
  return new Decoder(errors).decode(type, json, path);
}

class Decoder {
  constructor(private readonly errors: string[]) {}

  decode(type: WitType, json: unknown, path: string): unknown {
    if (this.errors.length >= MAX_ERRORS) return undefined;
    switch (type.kind) {
      case 'bool':
        return typeof json === 'boolean' ? json : this.mismatch(type, json, path);
      case 'string': {
        if (typeof json !== 'string') return this.mismatch(type, json, path);
        const problem = stringProblem(json);
        return problem ? this.fail(path, problem) : json;
      }
      case 'f32':
      case 'f64':
        return this.float(type.kind, json, path);
      case 'char':
        return this.char(json, path);
      case 'list':
        return this.list(type, json, path);
      case 'option':
        return this.option(type, json, path);
      case 'result':
        return this.result(type, json, path);
      case 'tuple':
        return this.tuple(type, json, path);
      case 'record':
        return this.record(type, json, path);
      case 'variant':
        return this.variant(type, json, path);
      case 'enum':
        if (typeof json !== 'string') return this.mismatch(type, json, path);
        if (!type.cases.includes(json)) return this.fail(path, `unknown case ${JSON.stringify(json)} of enum ${type.name} (cases: ${quoteList(type.cases)})`);
        return json;
      case 'flags':
        return this.flags(type, json, path);
      case 'handle':
        return this.fail(path, `${describeType(type)} is a resource handle, which typed JSON cannot carry`);
      default:
        return this.integer(type.kind, json, path);
    }
  }

  /**
   * Golem sends integers as JSON numbers. JS's JSON.parse rounds those beyond 2^53, so for the
   * 64-bit types a bigint (what parseJson produces for them) or a decimal string is accepted too.
   */
  private integer(kind: IntegerKind, json: unknown, path: string): unknown {
    let n: bigint;
    if (typeof json === 'number') {
      if (!Number.isInteger(json)) return this.fail(path, `expected ${kind}, got ${describeValue(json)} (not an integer)`);
      if (is64Bit(kind) && !Number.isSafeInteger(json)) {
        return this.fail(
          path,
          `expected ${kind}, got ${describeValue(json)}, beyond 2^53 and so already rounded by JSON.parse (parse the body with parseJson, or send a decimal string)`,
        );
      }
      n = BigInt(json);
    } else if (typeof json === 'bigint') {
      n = json;
    } else if (json instanceof JsonBigInt) {
      n = json.value;
    } else if (typeof json === 'string' && is64Bit(kind) && /^-?\d+$/.test(json)) {
      n = BigInt(json);
    } else {
      return this.fail(path, `expected ${kind}, got ${describeValue(json)}`);
    }
    const [min, max] = INTEGER_RANGES[kind];
    if (n < min || n > max) return this.fail(path, `expected ${kind}, got ${describeValue(json)} (out of range ${min}..${max})`);
    return is64Bit(kind) ? n : Number(n);
  }

  private float(kind: 'f32' | 'f64', json: unknown, path: string): unknown {
    let value: number;
    if (typeof json === 'number') value = json;
    else if (typeof json === 'bigint') value = Number(json);
    else if (json instanceof JsonBigInt) value = Number(json.value);
    else return this.fail(path, `expected ${kind}, got ${describeValue(json)}`);
    if (!Number.isFinite(value) || (kind === 'f32' && Math.abs(value) > F32_MAX)) {
      return this.fail(path, `expected ${kind}, got ${describeValue(json)} (out of range)`);
    }
    return value;
  }

  /** A char travels as its code point, a JSON number; jco wants a one-character string. */
  private char(json: unknown, path: string): unknown {
    const code = typeof json === 'bigint' ? Number(json) : json;
    const valid = typeof code === 'number' && Number.isInteger(code) && code >= 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    if (!valid) return this.fail(path, `expected char (a Unicode scalar value as a JSON number), got ${describeValue(json)}`);
    return String.fromCodePoint(code);
  }

  private list(type: WitType & { kind: 'list' }, json: unknown, path: string): unknown {
    if (!Array.isArray(json)) return this.mismatch(type, json, path);
    // Array.from, not map: map skips the holes of a sparse array, which would pass unchecked.
    const items = Array.from(json, (item, i) => this.decode(type.element, item, `${path}[${i}]`));
    const typed = typedArrayKind(type.element);
    if (!typed || this.errors.length) return items;
    return (TYPED_ARRAYS[typed] as { from(items: unknown[]): unknown }).from(items);
  }

  private option(type: WitType & { kind: 'option' }, json: unknown, path: string): unknown {
    const nested = isNestedOption(type);
    if (json === null || json === undefined) return nested ? { tag: 'none' } : undefined;
    const inner = this.decode(type.inner, json, path);
    return nested ? { tag: 'some', val: inner } : inner;
  }

  private result(type: WitType & { kind: 'result' }, json: unknown, path: string): unknown {
    if (!isPlainObject(json)) return this.mismatch(type, json, path, 'an object with "ok" or "err"');
    for (const tag of ['ok', 'err'] as const) {
      if (!Object.hasOwn(json, tag)) continue;
      const side = type[tag];
      const payload = json[tag];
      if (side) return { tag, val: this.decode(side, payload, `${path}.${tag}`) };
      if (payload !== null) return this.fail(`${path}.${tag}`, `expected null (${describeType(type)} has no ${tag} value), got ${describeValue(payload)}`);
      return { tag, val: undefined };
    }
    return this.mismatch(type, json, path, 'an object with "ok" or "err"');
  }

  private tuple(type: WitType & { kind: 'tuple' }, json: unknown, path: string): unknown {
    if (!Array.isArray(json) || json.length !== type.items.length) {
      return this.mismatch(type, json, path, `an array of ${type.items.length}`);
    }
    return type.items.map((item, i) => this.decode(item, json[i], `${path}[${i}]`));
  }

  private record(type: WitType & { kind: 'record' }, json: unknown, path: string): unknown {
    if (!isPlainObject(json)) return this.mismatch(type, json, path, 'a JSON object');
    const value: Record<string, unknown> = {};
    for (const field of type.fields) {
      const present = Object.hasOwn(json, field.name) && json[field.name] !== undefined;
      if (!present && field.type.kind !== 'option') {
        this.fail(path, `missing field ${JSON.stringify(field.name)} (record ${type.name})`);
        continue;
      }
      // A missing option field is none; extra keys are ignored, as Golem does.
      value[jsFieldName(field.name)] = this.decode(field.type, present ? json[field.name] : null, `${path}.${field.name}`);
    }
    return value;
  }

  private variant(type: WitType & { kind: 'variant' }, json: unknown, path: string): unknown {
    if (!isPlainObject(json)) return this.mismatch(type, json, path, 'an object with one case name as key');
    // Golem takes the first key as the case name.
    const [name] = Object.keys(json);
    if (name === undefined) return this.mismatch(type, json, path, 'an object with one case name as key');
    const found = type.cases.find((c) => c.name === name);
    if (!found) return this.fail(path, `unknown case ${JSON.stringify(name)} of variant ${type.name} (cases: ${quoteList(type.cases.map((c) => c.name))})`);
    const payload = json[name];
    if (found.type) return { tag: name, val: this.decode(found.type, payload, `${path}.${name}`) };
    if (payload !== null) {
      return this.fail(`${path}.${name}`, `expected null (case ${JSON.stringify(name)} of variant ${type.name} has no payload), got ${describeValue(payload)}`);
    }
    return { tag: name };
  }

  private flags(type: WitType & { kind: 'flags' }, json: unknown, path: string): unknown {
    if (!Array.isArray(json)) return this.mismatch(type, json, path, 'an array of flag names');
    const value: Record<string, boolean> = {};
    for (const flag of type.flags) value[jsFieldName(flag)] = false;
    json.forEach((item, i) => {
      // Golem stringifies booleans and numbers before matching, so do we.
      const name = typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean' || typeof item === 'bigint' ? String(item) : undefined;
      if (name === undefined) {
        this.fail(`${path}[${i}]`, `expected a flag name of flags ${type.name}, got ${describeValue(item)}`);
      } else if (!type.flags.includes(name)) {
        this.fail(`${path}[${i}]`, `unknown flag ${JSON.stringify(name)} of flags ${type.name} (flags: ${quoteList(type.flags)})`);
      } else {
        value[jsFieldName(name)] = true;
      }
    });
    return value;
  }

  private mismatch(type: WitType, json: unknown, path: string, shape?: string): undefined {
    return this.fail(path, `expected ${describeType(type)}${shape ? ` (${shape})` : ''}, got ${describeValue(json)}`);
  }

  private fail(path: string, message: string): undefined {
    if (this.errors.length < MAX_ERRORS) this.errors.push(`${path}: ${message}`);
    return undefined;
  }
}
