/**
 * Plain JSON ⇄ the agent SDK's values, through the agent's own type definition (its data
 * schema, from `discover-agent-types`): a `data-value` is a tuple of elements, each a
 * `component-model` wit-value: a node list whose first node is the root, typed by the
 * schema's wit-type node list (golem:core/types@1.5.0 `wit-type` / `wit-value`).
 * Produced as Golem typed JSON (variants as `{ "case": payload }`), as the executor takes
 * parameters for any export.
 */
export interface WitTypeNode {
  type: { tag: string; val?: unknown };
}
export type DataSchema = { tag: 'tuple'; val: [string, { tag: string; val: { nodes: WitTypeNode[] } }][] } | { tag: string; val: unknown };

export class AgentValueError extends Error {
  override name = 'AgentValueError';
}

/** `args` (one plain JSON value per schema element) → a data-value in typed JSON. */
export function toDataValue(schema: DataSchema, args: unknown[], what: string): unknown {
  const elements = tupleElements(schema, what);
  if (args.length !== elements.length) throw new AgentValueError(`${what} takes ${elements.length} argument(s) (${elements.map(([n]) => n).join(', ')}), got ${args.length}`);
  return {
    tuple: elements.map(([name, el], i) => {
      if (el.tag !== 'component-model') throw new AgentValueError(`${what}: parameter ${name} is ${el.tag}; golem-ts passes component-model values only`);
      const nodes: unknown[] = [];
      encode(el.val.nodes, 0, args[i], nodes, `${what} ${name}`);
      return { 'component-model': { nodes } };
    }),
  };
}

/** A data-value as the executor returns it (typed JSON) → the plain JSON result (the single return value, or undefined). */
export function fromDataValue(schema: DataSchema, value: unknown, what: string): unknown {
  const elements = tupleElements(schema, what);
  const tuple = (value as { tuple?: unknown[] }).tuple;
  if (!Array.isArray(tuple)) throw new AgentValueError(`${what}: the agent returned ${JSON.stringify(value)}, not a tuple`);
  const out = tuple.map((el, i) => {
    const nodes = (el as { 'component-model'?: { nodes: Record<string, unknown>[] } })['component-model']?.nodes;
    if (!nodes) throw new AgentValueError(`${what}: result element ${i} is not a component-model value`);
    return decode(elements[i]?.[1].val.nodes ?? [], 0, nodes, 0);
  });
  return out.length === 0 ? undefined : out[0];
}

function tupleElements(schema: DataSchema, what: string) {
  if (schema.tag !== 'tuple') throw new AgentValueError(`${what}: ${schema.tag} schemas (multimodal) are not supported by golem-ts`);
  return (schema as Extract<DataSchema, { tag: 'tuple' }>).val.map(([n, el]) => [n, el] as const);
}

const PRIM: Record<string, string> = {
  'prim-u8-type': 'prim-u8', 'prim-u16-type': 'prim-u16', 'prim-u32-type': 'prim-u32', 'prim-u64-type': 'prim-u64',
  'prim-s8-type': 'prim-s8', 'prim-s16-type': 'prim-s16', 'prim-s32-type': 'prim-s32', 'prim-s64-type': 'prim-s64',
  'prim-f32-type': 'prim-float32', 'prim-f64-type': 'prim-float64', 'prim-string-type': 'prim-string', 'prim-bool-type': 'prim-bool',
};

/** Appends the wit-value nodes of `json` typed by `types[t]`; returns the index of its node. */
function encode(types: WitTypeNode[], t: number, json: unknown, out: unknown[], path: string): number {
  const ty = types[t]?.type;
  if (!ty) throw new AgentValueError(`${path}: malformed type`);
  const at = out.length;
  out.push(null);
  const mismatch = (expected: string) => new AgentValueError(`${path}: expected ${expected}, got ${JSON.stringify(json)}`);
  const prim = PRIM[ty.tag];
  if (prim) {
    if (prim === 'prim-string' && typeof json !== 'string') throw mismatch('a string');
    if (prim === 'prim-bool' && typeof json !== 'boolean') throw mismatch('a boolean');
    if (prim !== 'prim-string' && prim !== 'prim-bool' && typeof json !== 'number') throw mismatch('a number');
    out[at] = { [prim]: json };
    return at;
  }
  switch (ty.tag) {
    case 'list-type': {
      if (!Array.isArray(json)) throw mismatch('an array');
      const items: number[] = [];
      for (const [i, v] of json.entries()) items.push(encode(types, ty.val as number, v, out, `${path}[${i}]`));
      out[at] = { 'list-value': items };
      return at;
    }
    case 'option-type':
      out[at] = { 'option-value': json === null || json === undefined ? null : encode(types, ty.val as number, json, out, path) };
      return at;
    case 'record-type': {
      if (!json || typeof json !== 'object' || Array.isArray(json)) throw mismatch('an object');
      const fields = (ty.val as [string, number][]).map(([name, ft]) => encode(types, ft, (json as Record<string, unknown>)[name] ?? (json as Record<string, unknown>)[camel(name)] ?? null, out, `${path}.${name}`));
      out[at] = { 'record-value': fields };
      return at;
    }
    case 'tuple-type': {
      const items = ty.val as number[];
      if (!Array.isArray(json) || json.length !== items.length) throw mismatch(`an array of ${items.length}`);
      out[at] = { 'tuple-value': items.map((it, i) => encode(types, it, json[i], out, `${path}[${i}]`)) };
      return at;
    }
    case 'enum-type': {
      const cases = ty.val as string[];
      const i = cases.indexOf(json as string);
      if (i < 0) throw mismatch(`one of ${cases.join(', ')}`);
      out[at] = { 'enum-value': i };
      return at;
    }
    default:
      throw new AgentValueError(`${path}: ${ty.tag} values are not supported by golem-ts yet`);
  }
}

function decode(types: WitTypeNode[], t: number, nodes: Record<string, unknown>[], n: number): unknown {
  const node = nodes[n];
  const [tag, val] = Object.entries(node)[0];
  const ty = types[t]?.type;
  switch (tag) {
    case 'list-value':
      return (val as number[]).map((i) => decode(types, ty?.val as number, nodes, i));
    case 'option-value':
      return val === null ? null : decode(types, ty?.val as number, nodes, val as number);
    case 'record-value': {
      const fields = (ty?.val as [string, number][]) ?? [];
      return Object.fromEntries((val as number[]).map((i, k) => [fields[k]?.[0] ?? String(k), decode(types, fields[k]?.[1], nodes, i)]));
    }
    case 'tuple-value':
      return (val as number[]).map((i, k) => decode(types, (ty?.val as number[])?.[k], nodes, i));
    case 'enum-value':
      return (ty?.val as string[])?.[val as number] ?? val;
    default:
      if (tag.startsWith('prim-')) return typeof val === 'bigint' ? Number(val) : val;
      throw new AgentValueError(`${tag} values are not supported by golem-ts yet`);
  }
}

const camel = (s: string) => s.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
