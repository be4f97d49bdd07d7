/**
 * Publishes a promise's payload schema as JSON Schema (see promise-schema-key.ts), using the
 * Standard JSON Schema extension (`schema['~standard'].jsonSchema`, implemented by zod 4 and
 * others). Schemas without it, or that cannot be converted, publish nothing: the guest-side
 * validation in `result()` still applies.
 */
import { Bucket } from './keyvalue.ts';
import type { AnySchema } from './payload.ts';
import { PROMISE_SCHEMA_BUCKET } from './promise-schema-key.ts';

interface JsonSchemaConverter {
  input(options: { target: string }): Record<string, unknown>;
}

/** The JSON Schema of the values `schema` accepts, or undefined when the library cannot say. */
export function jsonSchemaOf(schema: AnySchema): Record<string, unknown> | undefined {
  const converter = (schema['~standard'] as { jsonSchema?: JsonSchemaConverter }).jsonSchema;
  if (typeof converter?.input !== 'function') return undefined;
  try {
    return converter.input({ target: 'draft-2020-12' });
  } catch {
    return undefined; // e.g. a transform JSON Schema cannot express
  }
}

export function publishPromiseSchema(key: string, schema: AnySchema): void {
  const json = jsonSchemaOf(schema);
  if (json === undefined) return;
  const bucket = Bucket.open(PROMISE_SCHEMA_BUCKET);
  try {
    bucket.setBytesSync(key, new TextEncoder().encode(JSON.stringify(json)));
  } finally {
    bucket.close();
  }
}

export function forgetPromiseSchema(key: string): void {
  const bucket = Bucket.open(PROMISE_SCHEMA_BUCKET);
  try {
    bucket.deleteSync(key);
  } finally {
    bucket.close();
  }
}
