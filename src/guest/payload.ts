/**
 * JSON payload encoding/decoding with Standard Schema validation.
 *
 * Payloads (promise completion data, key-value values) are UTF-8 JSON. Decoding is strict: bytes
 * that are not valid UTF-8 or not valid JSON are rejected (never replaced with U+FFFD), and the
 * result is validated with any Standard Schema v1 (zod 4, valibot, arktype, …).
 */
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { PayloadEncodingError, PayloadValidationError, type PayloadIssue } from './errors.ts';

/** Any Standard Schema v1. */
export type AnySchema = StandardSchemaV1<any, any>;
/** The type a schema produces (its output type). */
export type InferOutput<S extends AnySchema> = StandardSchemaV1.InferOutput<S>;
/** The type a schema accepts (its input type). */
export type InferInput<S extends AnySchema> = StandardSchemaV1.InferInput<S>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Throws a `TypeError` unless `schema` implements Standard Schema v1. */
export function assertSchema(schema: unknown, what = 'schema'): asserts schema is AnySchema {
  const props =
    (typeof schema === 'object' || typeof schema === 'function') && schema !== null
      ? (schema as { '~standard'?: unknown })['~standard']
      : undefined;
  if (
    typeof props !== 'object' ||
    props === null ||
    (props as { version?: unknown }).version !== 1 ||
    typeof (props as { validate?: unknown }).validate !== 'function'
  ) {
    throw new TypeError(`${what} must implement Standard Schema v1 (a "~standard" property with version 1 and validate())`);
  }
}

/** Encodes `value` as UTF-8 JSON. */
export function encodeJson(value: unknown, what = 'value'): Uint8Array {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new PayloadEncodingError(`${what} cannot be encoded as JSON: ${reason}`, e);
  }
  if (text === undefined) {
    throw new PayloadEncodingError(`${what} cannot be encoded as JSON: ${describe(value)} has no JSON representation`);
  }
  return encoder.encode(text);
}

/**
 * Index of the first byte at which `bytes` stops being well-formed UTF-8, or -1 if it is valid.
 * (Implemented here instead of `TextDecoder({ fatal: true })` so it does not depend on the engine.)
 */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return i;
    if (i + need >= n) return i; // truncated sequence
    const second = bytes[i + 1];
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) {
      const c = bytes[i + k];
      if (c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Decodes UTF-8 JSON; throws `PayloadValidationError` on bad UTF-8 or bad JSON. */
export function parseJsonPayload(bytes: Uint8Array, source?: string): unknown {
  const bad = invalidUtf8Offset(bytes);
  if (bad >= 0) {
    const hex = bytes[bad].toString(16).padStart(2, '0');
    throw new PayloadValidationError(
      [{ message: `payload is not valid UTF-8 (invalid byte 0x${hex} at offset ${bad})` }],
      bytes,
      source === undefined ? {} : { source },
    );
  }
  const text = decoder.decode(bytes);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new PayloadValidationError(
      [{ message: `payload is not valid JSON (${reason})${bytes.length === 0 ? ': it is empty' : ''}` }],
      bytes,
      source === undefined ? { cause: e } : { source, cause: e },
    );
  }
}

/** Validates `value` with `schema` (sync or async); throws `PayloadValidationError` on issues. */
export async function validateWith<S extends AnySchema>(
  schema: S,
  value: unknown,
  bytes: Uint8Array,
  source?: string,
): Promise<InferOutput<S>> {
  let result = schema['~standard'].validate(value);
  if (isPromiseLike(result)) result = await result;
  if (result.issues) {
    throw new PayloadValidationError(
      result.issues as ReadonlyArray<PayloadIssue>,
      bytes,
      source === undefined ? {} : { source },
    );
  }
  return result.value as InferOutput<S>;
}

/** UTF-8 JSON → value, validated with `schema` when given. */
export async function decodePayload<T>(
  bytes: Uint8Array,
  schema: AnySchema | undefined,
  source?: string,
): Promise<T> {
  const value = parseJsonPayload(bytes, source);
  if (schema === undefined) return value as T;
  return (await validateWith(schema, value, bytes, source)) as T;
}

export function isPromiseLike<T>(value: unknown): value is PromiseLike<T> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  return typeof value;
}
