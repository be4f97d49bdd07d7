import { JsonBigInt, type WitFunction, type WitType } from '../../wit/index.ts';

/**
 * golem:rpc's `wit-value`: a value as a flat node list, node 0 the root, composite nodes pointing
 * at their children by index. Held here with plain arrays (jco hands `list<s32>` over as an
 * Int32Array; `fromGuest`/`toGuest` convert), so it can be recorded in the oplog as JSON.
 */
export type WitNode =
  | { tag: 'record-value' | 'tuple-value' | 'list-value'; val: number[] }
  | { tag: 'variant-value'; val: [number, number | undefined] }
  | { tag: 'enum-value'; val: number }
  | { tag: 'flags-value'; val: boolean[] }
  | { tag: 'option-value'; val: number | undefined }
  | { tag: 'result-value'; val: { tag: 'ok' | 'err'; val: number | undefined } }
  | { tag: 'prim-u8' | 'prim-u16' | 'prim-u32' | 'prim-s8' | 'prim-s16' | 'prim-s32' | 'prim-float32' | 'prim-float64'; val: number }
  | { tag: 'prim-u64' | 'prim-s64'; val: bigint }
  | { tag: 'prim-char' | 'prim-string'; val: string }
  | { tag: 'prim-bool'; val: boolean }
  | { tag: 'handle'; val: [{ value: string }, bigint] };

export interface WitValue {
  nodes: WitNode[];
}

/** A wit-value that does not fit the WIT type it is read as (the RPC's protocol-error). */
export class WitValueError extends Error {
  readonly code = 'WIT_VALUE';
}

const INDEXED = new Set(['record-value', 'tuple-value', 'list-value']);

/** Copies a wit-value from the guest: typed-array child lists become plain arrays. */
export function fromGuest(v: WitValue): WitValue {
  return { nodes: v.nodes.map((n) => (INDEXED.has(n.tag) ? ({ tag: n.tag, val: Array.from(n.val as ArrayLike<number>) } as WitNode) : n)) };
}

/** The same value as jco lowers it into the guest: child lists as Int32Array. */
export function toGuest(v: WitValue): unknown {
  return { nodes: v.nodes.map((n) => (INDEXED.has(n.tag) ? { tag: n.tag, val: Int32Array.from(n.val as number[]) } : n)) };
}

/** The params of an RPC call (one wit-value per parameter) as Golem typed JSON for `fn`. */
export function paramsToJson(fn: WitFunction, params: WitValue[]): unknown[] {
  if (params.length !== fn.params.length) throw new WitValueError(`${fn.name} takes ${fn.params.length} parameters, got ${params.length}`);
  return fn.params.map((p, i) => toJson(p.type, params[i], 0, `params[${i}]`));
}

/**
 * An invocation's typed-JSON result (`[v]`, `[]` or `{name: v}`) as the wit-value Golem's
 * invoke-and-await returns: a tuple of the function's results.
 */
export function resultToWit(fn: WitFunction, json: unknown): WitValue {
  const types = fn.results.kind === 'anon' ? (fn.results.type ? [fn.results.type] : []) : fn.results.items.map((i) => i.type);
  const values = fn.results.kind === 'anon' ? (json as unknown[]) : fn.results.items.map((i) => (json as Record<string, unknown>)[i.name]);
  const nodes: WitNode[] = [];
  const root = { tag: 'tuple-value', val: [] as number[] } as const;
  nodes.push(root);
  types.forEach((t, i) => root.val.push(fromJson(t, values[i], nodes)));
  return { nodes };
}

function toJson(type: WitType, v: WitValue, idx: number, path: string): unknown {
  const node = v.nodes[idx];
  if (!node) throw new WitValueError(`${path}: node ${idx} does not exist`);
  const bad = (): never => {
    throw new WitValueError(`${path}: expected ${type.kind}, got a ${node.tag} node`);
  };
  const child = (t: WitType, i: number, p: string) => toJson(t, v, i, p);
  switch (type.kind) {
    case 'bool':
      return node.tag === 'prim-bool' ? node.val : bad();
    case 'string':
      return node.tag === 'prim-string' ? node.val : bad();
    case 'char':
      return node.tag === 'prim-char' ? node.val.codePointAt(0) : bad();
    case 'f32':
      return node.tag === 'prim-float32' ? node.val : bad();
    case 'f64':
      return node.tag === 'prim-float64' ? node.val : bad();
    case 'u64':
    case 's64':
      return node.tag === `prim-${type.kind}` ? new JsonBigInt(BigInt(node.val as bigint)) : bad();
    case 'u8':
    case 'u16':
    case 'u32':
    case 's8':
    case 's16':
    case 's32':
      return node.tag === `prim-${type.kind}` ? node.val : bad();
    case 'list':
      return node.tag === 'list-value' ? node.val.map((i, n) => child(type.element, i, `${path}[${n}]`)) : bad();
    case 'tuple':
      if (node.tag !== 'tuple-value' || node.val.length !== type.items.length) return bad();
      return type.items.map((t, n) => child(t, node.val[n], `${path}[${n}]`));
    case 'option':
      if (node.tag !== 'option-value') return bad();
      return node.val === undefined ? null : child(type.inner, node.val, path);
    case 'result': {
      if (node.tag !== 'result-value') return bad();
      const side = node.val.tag;
      const t = type[side];
      return { [side]: t && node.val.val !== undefined ? child(t, node.val.val, `${path}.${side}`) : null };
    }
    case 'record':
      if (node.tag !== 'record-value' || node.val.length !== type.fields.length) return bad();
      return Object.fromEntries(type.fields.map((f, n) => [f.name, child(f.type, node.val[n], `${path}.${f.name}`)]));
    case 'variant': {
      if (node.tag !== 'variant-value') return bad();
      const [caseIdx, payload] = node.val;
      const c = type.cases[caseIdx];
      if (!c) throw new WitValueError(`${path}: variant ${type.name} has no case ${caseIdx}`);
      return { [c.name]: c.type && payload !== undefined ? child(c.type, payload, `${path}.${c.name}`) : null };
    }
    case 'enum':
      if (node.tag !== 'enum-value' || !type.cases[node.val]) return bad();
      return type.cases[node.val];
    case 'flags':
      if (node.tag !== 'flags-value') return bad();
      return type.flags.filter((_, n) => node.val[n]);
    case 'handle':
      throw new WitValueError(`${path}: resource handles cannot cross this host's RPC`);
  }
}

/** Appends the nodes of a typed-JSON value (as the host's invocations produce it); returns its root index. */
function fromJson(type: WitType, json: unknown, nodes: WitNode[]): number {
  const idx = nodes.length;
  const push = (n: WitNode) => {
    nodes[idx] = n;
    return idx;
  };
  nodes.push(undefined as unknown as WitNode); // reserve: parents precede children, as Golem writes them
  const children = (ts: WitType[], values: unknown[]) => ts.map((t, i) => fromJson(t, values[i], nodes));
  switch (type.kind) {
    case 'bool':
      return push({ tag: 'prim-bool', val: json as boolean });
    case 'string':
      return push({ tag: 'prim-string', val: json as string });
    case 'char':
      return push({ tag: 'prim-char', val: String.fromCodePoint(Number(json)) });
    case 'f32':
    case 'f64':
      return push({ tag: type.kind === 'f32' ? 'prim-float32' : 'prim-float64', val: json === null ? NaN : Number(json) });
    case 'u64':
    case 's64':
      return push({ tag: `prim-${type.kind}`, val: json instanceof JsonBigInt ? json.value : BigInt(json as number | bigint) });
    case 'u8':
    case 'u16':
    case 'u32':
    case 's8':
    case 's16':
    case 's32':
      return push({ tag: `prim-${type.kind}`, val: Number(json) });
    case 'list': {
      const items = json as unknown[];
      return push({ tag: 'list-value', val: children(items.map(() => type.element), items) });
    }
    case 'tuple':
      return push({ tag: 'tuple-value', val: children(type.items, json as unknown[]) });
    case 'option':
      return push({ tag: 'option-value', val: json === null || json === undefined ? undefined : fromJson(type.inner, json, nodes) });
    case 'result': {
      const obj = json as Record<string, unknown>;
      const side = 'ok' in obj ? 'ok' : 'err';
      const t = type[side];
      return push({ tag: 'result-value', val: { tag: side, val: t ? fromJson(t, obj[side], nodes) : undefined } });
    }
    case 'record': {
      const obj = json as Record<string, unknown>;
      return push({ tag: 'record-value', val: children(type.fields.map((f) => f.type), type.fields.map((f) => obj[f.name])) });
    }
    case 'variant': {
      const [name, payload] = Object.entries(json as Record<string, unknown>)[0];
      const caseIdx = type.cases.findIndex((c) => c.name === name);
      const t = type.cases[caseIdx].type;
      return push({ tag: 'variant-value', val: [caseIdx, t ? fromJson(t, payload, nodes) : undefined] });
    }
    case 'enum':
      return push({ tag: 'enum-value', val: type.cases.indexOf(json as string) });
    case 'flags':
      return push({ tag: 'flags-value', val: type.flags.map((f) => (json as string[]).includes(f)) });
    case 'handle':
      throw new WitValueError('resource handles cannot cross this host RPC');
  }
}
