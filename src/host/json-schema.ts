/**
 * A small JSON Schema (draft 2020-12) validator for the subset Standard Schema libraries emit for
 * payloads (zod 4's toJSONSchema): type, enum, const, properties/required/additionalProperties,
 * items/prefixItems, string/number/array bounds, pattern, anyOf/oneOf/allOf/not and local
 * `$ref`s into `$defs`. Keywords outside the subset (format, …) are not checked: the guest's own
 * validation still runs when the worker reads the payload. Pure, so the dashboard bundles it too.
 */
export type JsonSchema = boolean | { [keyword: string]: unknown };

export interface SchemaIssue {
  /** Where in the payload: property names and array indexes. */
  path: (string | number)[];
  message: string;
}

/** Every issue of `value` against `schema`; empty when it conforms. */
export function validateJsonSchema(schema: JsonSchema, value: unknown): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  check(schema, value, [], schema, issues);
  return issues;
}

/** `payload.a[0].b: message` — one line per issue, for 400 bodies and the dashboard. */
export function formatIssue(issue: SchemaIssue): string {
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`)).join('');
  return `payload${path}: ${issue.message}`;
}

type Obj = { [keyword: string]: unknown };
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

const matchesType = (t: string, v: unknown) => t === typeOf(v) || (t === 'number' && typeOf(v) === 'integer');

const show = (v: unknown) => {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
};

function resolveRef(ref: string, root: JsonSchema): JsonSchema | undefined {
  if (!ref.startsWith('#')) return undefined;
  let cur: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    cur = isObject(cur) ? cur[part] : undefined;
  }
  return typeof cur === 'boolean' || isObject(cur) ? cur : undefined;
}

function check(schema: JsonSchema, v: unknown, path: (string | number)[], root: JsonSchema, out: SchemaIssue[]): void {
  if (schema === true) return;
  if (schema === false) {
    out.push({ path, message: 'no value is allowed here' });
    return;
  }
  const s = schema;
  const issue = (message: string, at = path) => out.push({ path: at, message });

  if (typeof s.$ref === 'string') {
    const target = resolveRef(s.$ref, root);
    if (target !== undefined) check(target, v, path, root, out);
  }
  if (s.type !== undefined) {
    const types = (Array.isArray(s.type) ? s.type : [s.type]) as string[];
    if (!types.some((t) => matchesType(t, v))) {
      issue(`expected ${types.join(' or ')}, got ${typeOf(v) === 'integer' ? 'number' : typeOf(v)} ${show(v)}`);
      return; // the other keywords would only repeat the mismatch
    }
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => deepEqual(e, v))) issue(`expected one of ${s.enum.map(show).join(', ')}, got ${show(v)}`);
  if ('const' in s && !deepEqual(s.const, v)) issue(`expected ${show(s.const)}, got ${show(v)}`);

  if (typeof v === 'number') {
    if (typeof s.minimum === 'number' && v < s.minimum) issue(`must be ≥ ${s.minimum}, got ${v}`);
    if (typeof s.maximum === 'number' && v > s.maximum) issue(`must be ≤ ${s.maximum}, got ${v}`);
    if (typeof s.exclusiveMinimum === 'number' && v <= s.exclusiveMinimum) issue(`must be > ${s.exclusiveMinimum}, got ${v}`);
    if (typeof s.exclusiveMaximum === 'number' && v >= s.exclusiveMaximum) issue(`must be < ${s.exclusiveMaximum}, got ${v}`);
    if (typeof s.multipleOf === 'number' && s.multipleOf > 0 && !Number.isInteger(v / s.multipleOf)) issue(`must be a multiple of ${s.multipleOf}, got ${v}`);
  }
  if (typeof v === 'string') {
    const length = [...v].length;
    if (typeof s.minLength === 'number' && length < s.minLength) issue(`must have at least ${s.minLength} characters, got ${length}`);
    if (typeof s.maxLength === 'number' && length > s.maxLength) issue(`must have at most ${s.maxLength} characters, got ${length}`);
    const pattern = typeof s.pattern === 'string' ? safeRegExp(s.pattern) : undefined;
    if (pattern && !pattern.test(v)) issue(`must match /${pattern.source}/, got ${show(v)}`);
  }
  if (Array.isArray(v)) {
    if (typeof s.minItems === 'number' && v.length < s.minItems) issue(`must have at least ${s.minItems} items, got ${v.length}`);
    if (typeof s.maxItems === 'number' && v.length > s.maxItems) issue(`must have at most ${s.maxItems} items, got ${v.length}`);
    const prefix = Array.isArray(s.prefixItems) ? (s.prefixItems as JsonSchema[]) : [];
    v.forEach((item, i) => {
      const itemSchema = i < prefix.length ? prefix[i] : (s.items as JsonSchema | undefined);
      if (itemSchema !== undefined) check(itemSchema, item, [...path, i], root, out);
    });
  }
  if (isObject(v)) {
    const props = isObject(s.properties) ? (s.properties as Record<string, JsonSchema>) : {};
    for (const key of Array.isArray(s.required) ? (s.required as string[]) : []) {
      if (!(key in v)) issue('required', [...path, key]);
    }
    for (const [key, value] of Object.entries(v)) {
      if (key in props) check(props[key], value, [...path, key], root, out);
      else if (s.additionalProperties === false) issue('is not allowed (unknown property)', [...path, key]);
      else if (isObject(s.additionalProperties)) check(s.additionalProperties, value, [...path, key], root, out);
    }
  }

  if (Array.isArray(s.allOf)) for (const sub of s.allOf as JsonSchema[]) check(sub, v, path, root, out);
  if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) {
    const options = (s.anyOf ?? s.oneOf) as JsonSchema[];
    const passing = options.filter((sub) => validateJsonSchemaFrom(sub, v, root).length === 0).length;
    if (passing === 0) {
      // One alternative's issues are more helpful than "matches none" when there is only one close match.
      const attempts = options.map((sub) => validateJsonSchemaFrom(sub, v, root));
      const best = attempts.reduce((a, b) => (b.length < a.length ? b : a));
      if (options.length === 1) for (const i of best) out.push({ path: [...path, ...i.path], message: i.message });
      else issue(`matches none of the ${options.length} allowed shapes (closest: ${best.map(formatIssue).join('; ')})`);
    } else if (Array.isArray(s.oneOf) && passing > 1) issue(`matches ${passing} of the allowed shapes; exactly one is required`);
  }
  if (s.not !== undefined && validateJsonSchemaFrom(s.not as JsonSchema, v, root).length === 0) issue('matches a shape that is not allowed');
}

function validateJsonSchemaFrom(schema: JsonSchema, v: unknown, root: JsonSchema): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  check(schema, v, [], root, issues);
  return issues;
}

function safeRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}
