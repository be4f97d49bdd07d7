import { formatWitType } from './format.ts';
import { JsonBigInt } from './json.ts';
import type { IntegerKind, WitType } from './model.ts';

export const INTEGER_RANGES: Record<IntegerKind, readonly [bigint, bigint]> = {
  s8: [-(2n ** 7n), 2n ** 7n - 1n],
  u8: [0n, 2n ** 8n - 1n],
  s16: [-(2n ** 15n), 2n ** 15n - 1n],
  u16: [0n, 2n ** 16n - 1n],
  s32: [-(2n ** 31n), 2n ** 31n - 1n],
  u32: [0n, 2n ** 32n - 1n],
  s64: [-(2n ** 63n), 2n ** 63n - 1n],
  u64: [0n, 2n ** 64n - 1n],
};

export const F32_MAX = 3.4028234663852886e38;

export function isInteger(kind: string): kind is IntegerKind {
  return kind in INTEGER_RANGES;
}

export function is64Bit(kind: IntegerKind): boolean {
  return kind === 's64' || kind === 'u64';
}

/** Numeric lists jco passes as typed arrays (its lowering copies their bytes, so plain arrays would be misread). */
export const TYPED_ARRAYS = {
  s8: Int8Array,
  u8: Uint8Array,
  s16: Int16Array,
  u16: Uint16Array,
  s32: Int32Array,
  u32: Uint32Array,
  s64: BigInt64Array,
  u64: BigUint64Array,
  f32: Float32Array,
  f64: Float64Array,
} as const;

export type TypedArrayKind = keyof typeof TYPED_ARRAYS;

export function typedArrayKind(element: WitType): TypedArrayKind | undefined {
  return element.kind in TYPED_ARRAYS ? (element.kind as TypedArrayKind) : undefined;
}

/** jco wraps the outer option in `{tag: 'some' | 'none'}` only when the inner type is itself an option. */
export function isNestedOption(type: WitType & { kind: 'option' }): boolean {
  return type.inner.kind === 'option';
}

/** The WIT type as error messages name it: `u32`, `record application`, `list<string>`. */
export function describeType(type: WitType): string {
  switch (type.kind) {
    case 'record':
    case 'variant':
    case 'enum':
    case 'flags':
      return `${type.kind} ${type.name}`;
    default:
      return formatWitType(type);
  }
}

/**
 * A short description of a value for error messages: `string "x"`, `number 256`. On the JSON side
 * a bigint is a big JSON number (from parseJson); on the JS side it is a JS bigint.
 */
export function describeValue(value: unknown, side: 'json' | 'js' = 'json'): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (value instanceof JsonBigInt) return `number ${value.value}`;
  switch (typeof value) {
    case 'string': {
      const quoted = JSON.stringify(value);
      return `string ${quoted.length > 42 ? `${quoted.slice(0, 40)}…"` : quoted}`;
    }
    case 'number':
      return `number ${value}`;
    case 'bigint':
      return side === 'json' ? `number ${value}` : `bigint ${value}`;
    case 'boolean':
      return `boolean ${value}`;
    case 'object':
      if (Array.isArray(value)) return `array of ${value.length}`;
      if (ArrayBuffer.isView(value)) return `${value.constructor.name}`;
      return Object.keys(value).length === 0 ? 'empty object' : 'object';
    default:
      return typeof value;
  }
}

export function quoteList(names: readonly string[]): string {
  return names.map((n) => JSON.stringify(n)).join(', ');
}

/** Stop collecting once a message would be unreadable anyway (a long list of bad elements). */
export const MAX_ERRORS = 20;

/**
 * Why a JS string cannot be a WIT string, if it cannot: a JS string can hold a lone UTF-16
 * surrogate, a WIT string (Unicode scalar values) cannot, and jco's UTF-8 lowering would silently
 * turn it into U+FFFD. serde_json, which Golem uses, refuses such JSON text outright.
 */
export function stringProblem(value: string): string | undefined {
  return /\p{Cs}/u.test(value) ? `expected string, got ${describeValue(value)} with a lone surrogate (a WIT string holds only Unicode scalar values)` : undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}
