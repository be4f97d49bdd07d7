/**
 * Typed codecs between JS values and golem:rpc's `wit-value` (a flat node list, node 0 the root),
 * the form worker-to-worker calls carry parameters and results in. Describe a remote function's
 * types once with `wit.*` and the SDK encodes and decodes for you:
 *
 *   const Item = wit.record({ sku: wit.string, qty: wit.u32 });
 *   toWitValue(Item, { sku: 'A-1', qty: 2 });
 */
import type { PromiseId } from 'golem:api/host@0.2.0';
import type { WitNode, WitValue } from 'golem:rpc/types@0.1.0';
import { GolemTsError } from './errors.ts';
import type { UuidBits } from './uuid.ts';
import { witWorkerId, workerIdUuid } from './worker-id.ts';

export type { WitNode, WitValue };

/** How one WIT type maps to a JS value `T`. */
export interface WitCodec<T> {
  /** The WIT type, for messages (e.g. `list<string>`). */
  readonly type: string;
  /** Appends `value`'s nodes (parent first); returns the index of its root node. */
  encode(value: T, nodes: WitNode[]): number;
  decode(nodes: WitNode[], idx: number): T;
}

export type Infer<C> = C extends WitCodec<infer T> ? T : never;

/** A wit-value whose nodes do not match the codec it is decoded with. */
export class WitValueError extends GolemTsError {
  constructor(message: string) {
    super(message, { code: 'WIT_VALUE' });
    this.name = 'WitValueError';
  }
}

const reserve = (nodes: WitNode[]): number => nodes.push(undefined as unknown as WitNode) - 1;

function node<K extends WitNode['tag']>(nodes: WitNode[], idx: number, tag: K, type: string): Extract<WitNode, { tag: K }> {
  const n = nodes[idx];
  if (!n || n.tag !== tag) throw new WitValueError(`expected ${type} (a ${tag} node) at node ${idx}, got ${n ? n.tag : 'nothing'}`);
  return n as Extract<WitNode, { tag: K }>;
}

function prim<T, K extends WitNode['tag']>(type: string, tag: K, check: (v: unknown) => boolean): WitCodec<T> {
  return {
    type,
    encode(value, nodes) {
      if (!check(value)) throw new WitValueError(`expected ${type}, got ${typeof value === 'bigint' ? `${value}n` : JSON.stringify(value)}`);
      return nodes.push({ tag, val: value } as unknown as WitNode) - 1;
    },
    decode: (nodes, idx) => node(nodes, idx, tag, type).val as T,
  };
}

const int = (min: number, max: number) => (v: unknown) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const big = (min: bigint, max: bigint) => (v: unknown) => typeof v === 'bigint' && v >= min && v <= max;
const indexes = (list: number[]) => Int32Array.from(list);

function list<T>(element: WitCodec<T>): WitCodec<T[]> {
  return {
    type: `list<${element.type}>`,
    encode(value, nodes) {
      const idx = reserve(nodes);
      nodes[idx] = { tag: 'list-value', val: indexes(value.map((v) => element.encode(v, nodes))) };
      return idx;
    },
    decode: (nodes, idx) => Array.from(node(nodes, idx, 'list-value', `list<${element.type}>`).val, (i) => element.decode(nodes, i)),
  };
}

function option<T>(inner: WitCodec<T>): WitCodec<T | undefined> {
  return {
    type: `option<${inner.type}>`,
    encode(value, nodes) {
      const idx = reserve(nodes);
      nodes[idx] = { tag: 'option-value', val: value === undefined ? undefined : inner.encode(value, nodes) };
      return idx;
    },
    decode(nodes, idx) {
      const i = node(nodes, idx, 'option-value', `option<${inner.type}>`).val;
      return i === undefined ? undefined : inner.decode(nodes, i);
    },
  };
}

export type Result<T, E> = { tag: 'ok'; val: T } | { tag: 'err'; val: E };

function result<T = undefined, E = undefined>(ok?: WitCodec<T>, err?: WitCodec<E>): WitCodec<Result<T, E>> {
  const type = `result<${ok?.type ?? '_'}, ${err?.type ?? '_'}>`;
  return {
    type,
    encode(value, nodes) {
      const idx = reserve(nodes);
      const side = value.tag === 'ok' ? ok : err;
      nodes[idx] = { tag: 'result-value', val: { tag: value.tag, val: side ? (side as WitCodec<unknown>).encode(value.val, nodes) : undefined } };
      return idx;
    },
    decode(nodes, idx) {
      const r = node(nodes, idx, 'result-value', type).val;
      const side = (r.tag === 'ok' ? ok : err) as WitCodec<unknown> | undefined;
      return { tag: r.tag, val: side && r.val !== undefined ? side.decode(nodes, r.val) : undefined } as Result<T, E>;
    },
  };
}

function tuple<const C extends readonly WitCodec<unknown>[]>(...items: C): WitCodec<{ -readonly [K in keyof C]: Infer<C[K]> }> {
  const type = `tuple<${items.map((c) => c.type).join(', ')}>`;
  return {
    type,
    encode(value, nodes) {
      const idx = reserve(nodes);
      nodes[idx] = { tag: 'tuple-value', val: indexes(items.map((c, i) => c.encode((value as unknown[])[i], nodes))) };
      return idx;
    },
    decode(nodes, idx) {
      const n = node(nodes, idx, 'tuple-value', type);
      if (n.val.length !== items.length) throw new WitValueError(`expected ${type}, got a tuple of ${n.val.length}`);
      return items.map((c, i) => c.decode(nodes, n.val[i])) as { -readonly [K in keyof C]: Infer<C[K]> };
    },
  };
}

/** A record: fields in WIT order, keyed by their JS (camelCase) names. */
function record<const F extends Record<string, WitCodec<unknown>>>(fields: F): WitCodec<{ -readonly [K in keyof F]: Infer<F[K]> }> {
  const entries = Object.entries(fields);
  const type = `record { ${entries.map(([k, c]) => `${k}: ${c.type}`).join(', ')} }`;
  return {
    type,
    encode(value, nodes) {
      const idx = reserve(nodes);
      nodes[idx] = { tag: 'record-value', val: indexes(entries.map(([k, c]) => c.encode((value as Record<string, unknown>)[k], nodes))) };
      return idx;
    },
    decode(nodes, idx) {
      const n = node(nodes, idx, 'record-value', type);
      if (n.val.length !== entries.length) throw new WitValueError(`expected ${type}, got a record of ${n.val.length} fields`);
      return Object.fromEntries(entries.map(([k, c], i) => [k, c.decode(nodes, n.val[i])])) as { -readonly [K in keyof F]: Infer<F[K]> };
    },
  };
}

/** An enum: its cases in WIT order; values are the case names. */
function enumOf<const C extends readonly string[]>(...cases: C): WitCodec<C[number]> {
  const type = `enum { ${cases.join(', ')} }`;
  return {
    type,
    encode(value, nodes) {
      const i = cases.indexOf(value);
      if (i < 0) throw new WitValueError(`expected ${type}, got ${JSON.stringify(value)}`);
      return nodes.push({ tag: 'enum-value', val: i }) - 1;
    },
    decode(nodes, idx) {
      const c = cases[node(nodes, idx, 'enum-value', type).val];
      if (c === undefined) throw new WitValueError(`${type} has no case ${nodes[idx].val as number}`);
      return c;
    },
  };
}

/** Flags: their names in WIT order (camelCase, as jco names them); values are `{ name: boolean }`. */
function flags<const F extends readonly string[]>(...names: F): WitCodec<{ [K in F[number]]?: boolean }> {
  const type = `flags { ${names.join(', ')} }`;
  return {
    type,
    encode: (value, nodes) => nodes.push({ tag: 'flags-value', val: names.map((n) => Boolean((value as Record<string, boolean | undefined>)[n])) }) - 1,
    decode(nodes, idx) {
      const set = node(nodes, idx, 'flags-value', type).val;
      return Object.fromEntries(names.map((n, i) => [n, Boolean(set[i])])) as { [K in F[number]]?: boolean };
    },
  };
}

type VariantValue<C extends Record<string, WitCodec<unknown> | null>> = { [K in keyof C]: C[K] extends WitCodec<infer T> ? { tag: K; val: T } : { tag: K } }[keyof C];

/** A variant: its cases in WIT order, each with a payload codec or `null`; values are `{tag, val}`. */
function variant<const C extends Record<string, WitCodec<unknown> | null>>(cases: C): WitCodec<VariantValue<C>> {
  const entries = Object.entries(cases);
  const type = `variant { ${entries.map(([k, c]) => (c ? `${k}(${c.type})` : k)).join(', ')} }`;
  return {
    type,
    encode(value, nodes) {
      const v = value as { tag: string; val?: unknown };
      const i = entries.findIndex(([k]) => k === v.tag);
      if (i < 0) throw new WitValueError(`expected ${type}, got case ${JSON.stringify(v.tag)}`);
      const idx = reserve(nodes);
      const payload = entries[i][1];
      nodes[idx] = { tag: 'variant-value', val: [i, payload ? payload.encode(v.val, nodes) : undefined] };
      return idx;
    },
    decode(nodes, idx) {
      const [i, p] = node(nodes, idx, 'variant-value', type).val;
      const entry = entries[i];
      if (!entry) throw new WitValueError(`${type} has no case ${i}`);
      const [tag, payload] = entry;
      return (payload && p !== undefined ? { tag, val: payload.decode(nodes, p) } : { tag }) as VariantValue<C>;
    },
  };
}

const uuid = record({ highBits: prim<bigint, 'prim-u64'>('u64', 'prim-u64', big(0n, 2n ** 64n - 1n)), lowBits: prim<bigint, 'prim-u64'>('u64', 'prim-u64', big(0n, 2n ** 64n - 1n)) });
const promiseIdRecord = record({
  workerId: record({ templateId: record({ uuid }), workerName: prim<string, 'prim-string'>('string', 'prim-string', (v) => typeof v === 'string') }),
  oplogIdx: prim<bigint, 'prim-u64'>('u64', 'prim-u64', big(0n, 2n ** 64n - 1n)),
});
/**
 * golem:api/host's `promise-id`, to pass a promise to another worker (which completes it). Reads
 * either 2024 spelling of its worker id (template-id / component-id) and builds both (see worker-id.ts).
 */
const promiseId: WitCodec<PromiseId> = {
  type: promiseIdRecord.type,
  encode(v, nodes) {
    const workerId = { templateId: { uuid: workerIdUuid(v.workerId) as UuidBits }, workerName: v.workerId.workerName };
    return promiseIdRecord.encode({ workerId, oplogIdx: v.oplogIdx }, nodes);
  },
  decode(nodes, idx) {
    const r = promiseIdRecord.decode(nodes, idx);
    return { workerId: witWorkerId(r.workerId.templateId.uuid, r.workerId.workerName), oplogIdx: r.oplogIdx } as unknown as PromiseId;
  },
};

/** Codecs for WIT types. 64-bit integers are bigints; `char` is a one-character string. */
export const wit = {
  bool: prim<boolean, 'prim-bool'>('bool', 'prim-bool', (v) => typeof v === 'boolean'),
  string: prim<string, 'prim-string'>('string', 'prim-string', (v) => typeof v === 'string'),
  char: prim<string, 'prim-char'>('char', 'prim-char', (v) => typeof v === 'string' && [...v].length === 1),
  u8: prim<number, 'prim-u8'>('u8', 'prim-u8', int(0, 0xff)),
  u16: prim<number, 'prim-u16'>('u16', 'prim-u16', int(0, 0xffff)),
  u32: prim<number, 'prim-u32'>('u32', 'prim-u32', int(0, 0xffffffff)),
  u64: prim<bigint, 'prim-u64'>('u64', 'prim-u64', big(0n, 2n ** 64n - 1n)),
  s8: prim<number, 'prim-s8'>('s8', 'prim-s8', int(-0x80, 0x7f)),
  s16: prim<number, 'prim-s16'>('s16', 'prim-s16', int(-0x8000, 0x7fff)),
  s32: prim<number, 'prim-s32'>('s32', 'prim-s32', int(-0x80000000, 0x7fffffff)),
  s64: prim<bigint, 'prim-s64'>('s64', 'prim-s64', big(-(2n ** 63n), 2n ** 63n - 1n)),
  f32: prim<number, 'prim-float32'>('f32', 'prim-float32', (v) => typeof v === 'number'),
  f64: prim<number, 'prim-float64'>('f64', 'prim-float64', (v) => typeof v === 'number'),
  list,
  option,
  result,
  tuple,
  record,
  enum: enumOf,
  flags,
  variant,
  promiseId,
};

export function toWitValue<T>(codec: WitCodec<T>, value: T): WitValue {
  const nodes: WitNode[] = [];
  codec.encode(value, nodes);
  return { nodes };
}

/** Decodes the value rooted at node `root` (0: the whole value). */
export function fromWitValue<T>(codec: WitCodec<T>, value: WitValue, root = 0): T {
  return codec.decode(value.nodes, root);
}
