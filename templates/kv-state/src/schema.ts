import type { StandardSchemaV1 } from 'golem-ts';

/**
 * A Standard Schema made from a type guard, so the template needs no validation library.
 * Any Standard Schema library (zod, valibot, arktype) can take its place.
 */
export function schema<T>(expected: string, is: (value: unknown) => value is T): StandardSchemaV1<unknown, T> {
  return {
    '~standard': {
      version: 1,
      vendor: 'kv-state-template',
      validate: (value) => (is(value) ? { value } : { issues: [{ message: `expected ${expected}` }] }),
    },
  };
}
