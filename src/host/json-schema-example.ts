/**
 * A sample value that satisfies a JSON Schema of the subset json-schema.ts checks: the starting
 * point of a `complete` command or the dashboard's completion form. Pure.
 */
import { validateJsonSchema, type JsonSchema } from './json-schema.ts';

export function exampleOf(schema: JsonSchema | null | undefined, root: JsonSchema | null | undefined = schema, depth = 0): unknown {
  if (schema === null || schema === undefined || typeof schema === 'boolean' || depth > 8) return null;
  const s = schema;
  if (typeof s.$ref === 'string' && s.$ref.startsWith('#/') && root && typeof root === 'object') {
    let cur: unknown = root;
    for (const part of s.$ref.slice(2).split('/')) cur = (cur as Record<string, unknown> | undefined)?.[part];
    return exampleOf(cur as JsonSchema, root, depth + 1);
  }
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  if (Array.isArray(s.anyOf) && s.anyOf.length) return exampleOf(s.anyOf[0] as JsonSchema, root, depth + 1);
  if (Array.isArray(s.oneOf) && s.oneOf.length) return exampleOf(s.oneOf[0] as JsonSchema, root, depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') ?? s.type[0] : s.type;
  switch (type) {
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, JsonSchema>;
      return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, exampleOf(v, root, depth + 1)]));
    }
    case 'array': {
      const prefix = Array.isArray(s.prefixItems) ? (s.prefixItems as JsonSchema[]) : [];
      const min = Math.max(prefix.length, typeof s.minItems === 'number' ? s.minItems : 0);
      return Array.from({ length: min }, (_, i) => exampleOf(i < prefix.length ? prefix[i] : (s.items as JsonSchema), root, depth + 1));
    }
    case 'string':
      return 'x'.repeat(typeof s.minLength === 'number' ? s.minLength : 0);
    case 'integer':
    case 'number': {
      // The first candidate within the bounds: 0, a bound, just inside an exclusive bound, or between them.
      const num = (k: string) => (typeof s[k] === 'number' ? (s[k] as number) : undefined);
      const [min, max, xmin, xmax] = [num('minimum'), num('maximum'), num('exclusiveMinimum'), num('exclusiveMaximum')];
      const candidates = [0, min, max, xmin !== undefined ? Math.floor(xmin) + 1 : undefined, xmax !== undefined ? Math.ceil(xmax) - 1 : undefined];
      if (type === 'number') candidates.push(((xmin ?? min ?? 0) + (xmax ?? max ?? (xmin ?? min ?? 0) + 2)) / 2);
      const fits = candidates.find((c) => c !== undefined && validateJsonSchema({ ...s, type }, c).length === 0);
      return fits ?? min ?? xmin ?? 0;
    }
    case 'boolean':
      return false;
    default:
      return null;
  }
}
