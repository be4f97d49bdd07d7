import type { PrimitiveKind } from '../model.ts';
import { Reader } from './reader.ts';

/**
 * The component model's binary encoding, decoded as far as types go: every (nested) component
 * becomes a `Scope` with its type, function, instance and component index spaces, imports and
 * exports. Core modules, core instances and values are skipped; they carry no WIT types.
 */

export type ValType = { prim: PrimitiveKind } | { idx: number };

export type DefVal =
  | { kind: 'prim'; prim: PrimitiveKind }
  | { kind: 'record'; fields: [string, ValType][] }
  | { kind: 'variant'; cases: [string, ValType | undefined][] }
  | { kind: 'list'; element: ValType }
  | { kind: 'tuple'; items: ValType[] }
  | { kind: 'flags'; names: string[] }
  | { kind: 'enum'; names: string[] }
  | { kind: 'option'; inner: ValType }
  | { kind: 'result'; ok?: ValType; err?: ValType }
  | { kind: 'own' | 'borrow'; resource: number }
  /** Async-era types (stream, future, error-context, fixed-size lists): no typed JSON for them. */
  | { kind: 'unsupported'; what: string };

export type FuncResults = { kind: 'anon'; type?: ValType } | { kind: 'named'; items: [string, ValType][] };

export type TypeEntry =
  | { kind: 'val'; scope: Scope; def: DefVal }
  | { kind: 'func'; scope: Scope; params: [string, ValType][]; results: FuncResults }
  | { kind: 'instance'; scope: Scope; exports: Map<string, Extern> }
  | { kind: 'component'; scope: Scope; imports: Map<string, Extern>; exports: Map<string, Extern> }
  | { kind: 'resource'; name?: string }
  /** A type imported or exported under a name, or aliased: the same type as `target`. */
  | { kind: 'alias'; target: TypeEntry; name?: string }
  | { kind: 'unknown' };

export type Extern =
  | { sort: 'func'; type: TypeEntry | undefined }
  | { sort: 'type'; type: TypeEntry }
  | { sort: 'instance'; exports: Map<string, Extern> }
  | { sort: 'component'; exports: Map<string, Extern> }
  | { sort: 'value' | 'module' };

export interface Scope {
  parent?: Scope;
  types: TypeEntry[];
  funcs: (TypeEntry | undefined)[];
  instances: Map<string, Extern>[];
  components: Map<string, Extern>[];
  imports: { name: string; extern: Extern }[];
  exports: { name: string; extern: Extern }[];
}

const PRIMS: Record<number, PrimitiveKind> = {
  0x7f: 'bool', 0x7e: 's8', 0x7d: 'u8', 0x7c: 's16', 0x7b: 'u16', 0x7a: 's32', 0x79: 'u32',
  0x78: 's64', 0x77: 'u64', 0x76: 'f32', 0x75: 'f64', 0x74: 'char', 0x73: 'string',
};

const SORTS = ['core', 'func', 'value', 'type', 'component', 'instance'] as const;
type Sort = (typeof SORTS)[number];

const COMPONENT_PREAMBLE = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];

export function isComponent(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && COMPONENT_PREAMBLE.every((b, i) => bytes[i] === b);
}

/** Decodes the top-level component of `bytes` (which must start with the component preamble). */
export function decodeComponent(bytes: Uint8Array): Scope {
  const r = new Reader(bytes);
  return decodeBody(r, undefined);
}

function decodeBody(r: Reader, parent: Scope | undefined): Scope {
  for (const b of COMPONENT_PREAMBLE) if (r.byte() !== b) r.fail('not a WebAssembly component (bad preamble)');
  const scope: Scope = { parent, types: [], funcs: [], instances: [], components: [], imports: [], exports: [] };
  while (!r.done) {
    const id = r.byte();
    const body = r.slice(r.u32());
    switch (id) {
      case 4:
        scope.components.push(componentExports(decodeBody(body, scope)));
        break;
      case 5:
        body.vec(() => scope.instances.push(instance(body, scope)));
        break;
      case 6:
        body.vec(() => alias(body, scope, scope));
        break;
      case 7:
        body.vec(() => scope.types.push(defType(body, scope)));
        break;
      case 8:
        body.vec(() => canon(body, scope));
        break;
      case 10:
        body.vec(() => {
          const name = externName(body);
          const extern = externDesc(body, scope, name);
          define(scope, extern);
          scope.imports.push({ name, extern });
        });
        break;
      case 11:
        body.vec(() => {
          const name = externName(body);
          const [sort, idx] = sortIdx(body);
          let extern = lookup(scope, sort, idx, body);
          if (body.byte() === 0x01) extern = externDesc(body, scope, name);
          if (extern.sort === 'type') extern = { sort: 'type', type: { kind: 'alias', target: extern.type, name } };
          define(scope, extern);
          scope.exports.push({ name, extern });
        });
        break;
      default:
        // 0 custom, 1 core module, 2 core instance, 3 core type, 9 start, 12 value: no WIT types.
        break;
    }
  }
  return scope;
}

function componentExports(inner: Scope): Map<string, Extern> {
  return new Map(inner.exports.map((e) => [e.name, e.extern]));
}

/** Adds an imported, exported or aliased item to its index space. */
function define(scope: Scope, extern: Extern): void {
  switch (extern.sort) {
    case 'func':
      scope.funcs.push(extern.type);
      break;
    case 'type':
      scope.types.push(extern.type);
      break;
    case 'instance':
      scope.instances.push(extern.exports);
      break;
    case 'component':
      scope.components.push(extern.exports);
      break;
    default:
      break;
  }
}

function lookup(scope: Scope, sort: Sort, idx: number, r: Reader): Extern {
  const missing = (): never => r.fail(`${sort} index ${idx} out of range`);
  switch (sort) {
    case 'func':
      if (idx >= scope.funcs.length) missing();
      return { sort, type: scope.funcs[idx] };
    case 'type':
      return { sort, type: scope.types[idx] ?? missing() };
    case 'instance':
      return { sort, exports: scope.instances[idx] ?? missing() };
    case 'component':
      return { sort, exports: scope.components[idx] ?? missing() };
    case 'value':
      return { sort };
    default:
      return { sort: 'module' };
  }
}

function sort(r: Reader): Sort {
  const b = r.byte();
  if (b === 0x00) {
    r.byte(); // the core sort
    return 'core';
  }
  return SORTS[b] ?? r.fail(`unknown sort 0x${b.toString(16)}`);
}

function sortIdx(r: Reader): [Sort, number] {
  const s = sort(r);
  return [s, r.u32()];
}

function externName(r: Reader): string {
  const form = r.byte();
  const name = r.string();
  if (form === 0x01) r.string(); // version suffix
  else if (form !== 0x00) r.fail(`unknown import/export name form 0x${form.toString(16)}`);
  return name;
}

function externDesc(r: Reader, scope: Scope, name: string): Extern {
  const b = r.byte();
  switch (b) {
    case 0x00:
      r.byte();
      r.u32();
      return { sort: 'module' };
    case 0x01:
      return { sort: 'func', type: typeAt(scope, r.u32(), r) };
    case 0x02:
      if (r.byte() === 0x00) r.u32();
      else valType(r);
      return { sort: 'value' };
    case 0x03:
      if (r.byte() === 0x00) return { sort: 'type', type: { kind: 'alias', target: typeAt(scope, r.u32(), r), name } };
      return { sort: 'type', type: { kind: 'resource', name } };
    case 0x04: {
      const t = typeAt(scope, r.u32(), r);
      return { sort: 'component', exports: t.kind === 'component' ? t.exports : new Map() };
    }
    case 0x05: {
      const t = unalias(typeAt(scope, r.u32(), r));
      return { sort: 'instance', exports: t.kind === 'instance' ? t.exports : new Map() };
    }
    default:
      return r.fail(`unknown extern descriptor 0x${b.toString(16)}`);
  }
}

function typeAt(scope: Scope, idx: number, r: Reader): TypeEntry {
  return scope.types[idx] ?? r.fail(`type index ${idx} out of range`);
}

export function unalias(t: TypeEntry): TypeEntry {
  while (t.kind === 'alias') t = t.target;
  return t;
}

function instance(r: Reader, scope: Scope): Map<string, Extern> {
  const form = r.byte();
  if (form === 0x00) {
    const c = r.u32();
    r.vec(() => {
      r.string();
      sortIdx(r);
    });
    return scope.components[c] ?? r.fail(`component index ${c} out of range`);
  }
  if (form !== 0x01) r.fail(`unknown instance form 0x${form.toString(16)}`);
  const exports = new Map<string, Extern>();
  r.vec(() => {
    const name = externName(r);
    const [s, idx] = sortIdx(r);
    const extern = lookup(scope, s, idx, r);
    exports.set(name, extern.sort === 'type' ? { sort: 'type', type: { kind: 'alias', target: extern.type, name } } : extern);
  });
  return exports;
}

/** An alias in a component (`into` is the component) or in an instance/component type. */
function alias(r: Reader, scope: Scope, into: Scope): void {
  const s = sort(r);
  const target = r.byte();
  if (target === 0x00) {
    const inst = r.u32();
    const name = r.string();
    const exports = scope.instances[inst] ?? r.fail(`instance index ${inst} out of range`);
    const found = exports.get(name);
    if (!found && s !== 'core') r.fail(`instance ${inst} has no export ${name}`);
    if (found && s !== 'core') define(into, found.sort === 'type' ? { sort: 'type', type: { kind: 'alias', target: found.type, name } } : found);
    return;
  }
  if (target === 0x01) {
    r.u32();
    r.string();
    return; // core export: core sorts are not tracked
  }
  if (target !== 0x02) r.fail(`unknown alias target 0x${target.toString(16)}`);
  const count = r.u32();
  const idx = r.u32();
  let outer: Scope | undefined = scope;
  for (let i = 0; i < count; i++) outer = outer?.parent;
  if (!outer) return r.fail(`outer alias ${count} levels up has no enclosing component`);
  define(into, lookup(outer, s, idx, r));
}

function canon(r: Reader, scope: Scope): void {
  const op = r.byte();
  switch (op) {
    case 0x00: {
      r.byte();
      r.u32();
      canonOpts(r);
      scope.funcs.push(typeAt(scope, r.u32(), r));
      return;
    }
    case 0x01:
      r.byte();
      r.u32();
      canonOpts(r);
      return;
    case 0x02:
    case 0x03:
    case 0x04:
    case 0x07:
      r.u32();
      return;
    default:
      r.fail(`canonical built-in 0x${op.toString(16)} (async component model) is not supported`);
  }
}

function canonOpts(r: Reader): void {
  r.vec(() => {
    const o = r.byte();
    if (o === 0x03 || o === 0x04 || o === 0x05 || o === 0x07 || o === 0x08) r.u32();
  });
}

function valType(r: Reader): ValType {
  const v = r.s33();
  if (v >= 0) return { idx: v };
  const prim = PRIMS[v + 0x80];
  return prim ? { prim } : r.fail(`unknown primitive value type 0x${(v + 0x80).toString(16)}`);
}

function optional<T>(r: Reader, read: () => T): T | undefined {
  const b = r.byte();
  if (b === 0x00) return undefined;
  if (b !== 0x01) r.fail(`bad option marker 0x${b.toString(16)}`);
  return read();
}

function defType(r: Reader, scope: Scope): TypeEntry {
  const b = r.peek();
  switch (b) {
    case 0x40:
    case 0x43: {
      r.byte();
      const params = r.vec(() => [r.string(), valType(r)] as [string, ValType]);
      const form = r.byte();
      const results: FuncResults =
        form === 0x00 ? { kind: 'anon', type: valType(r) } : named(r.vec(() => [r.string(), valType(r)] as [string, ValType]));
      return { kind: 'func', scope, params, results };
    }
    case 0x41:
    case 0x42: {
      r.byte();
      const inner: Scope = { parent: scope, types: [], funcs: [], instances: [], components: [], imports: [], exports: [] };
      r.vec(() => decl(r, inner, b === 0x41));
      const exports = new Map(inner.exports.map((e) => [e.name, e.extern]));
      if (b === 0x42) return { kind: 'instance', scope: inner, exports };
      return { kind: 'component', scope: inner, imports: new Map(inner.imports.map((e) => [e.name, e.extern])), exports };
    }
    case 0x3f:
    case 0x3e: {
      r.byte();
      r.byte(); // representation (i32)
      optional(r, () => r.u32()); // destructor
      if (b === 0x3e) optional(r, () => r.u32()); // async callback
      return { kind: 'resource' };
    }
    default:
      return { kind: 'val', scope, def: defVal(r) };
  }
}

function named(items: [string, ValType][]): FuncResults {
  return items.length === 0 ? { kind: 'anon' } : { kind: 'named', items };
}

function decl(r: Reader, inner: Scope, component: boolean): void {
  const b = r.byte();
  switch (b) {
    case 0x00:
      return r.fail('core types inside instance or component types are not supported');
    case 0x01:
      inner.types.push(defType(r, inner));
      return;
    case 0x02:
      alias(r, inner, inner);
      return;
    case 0x03:
    case 0x04: {
      if (b === 0x03 && !component) r.fail('an import declaration inside an instance type');
      const name = externName(r);
      const extern = externDesc(r, inner, name);
      define(inner, extern);
      (b === 0x03 ? inner.imports : inner.exports).push({ name, extern });
      return;
    }
    default:
      r.fail(`unknown type declaration 0x${b.toString(16)}`);
  }
}

function defVal(r: Reader): DefVal {
  const b = r.byte();
  const prim = PRIMS[b];
  if (prim) return { kind: 'prim', prim };
  switch (b) {
    case 0x72:
      return { kind: 'record', fields: r.vec(() => [r.string(), valType(r)] as [string, ValType]) };
    case 0x71:
      return {
        kind: 'variant',
        cases: r.vec(() => {
          const name = r.string();
          const t = optional(r, () => valType(r));
          if (r.byte() !== 0x00) r.u32(); // `refines`, long gone from the spec
          return [name, t] as [string, ValType | undefined];
        }),
      };
    case 0x70:
      return { kind: 'list', element: valType(r) };
    case 0x6f:
      return { kind: 'tuple', items: r.vec(() => valType(r)) };
    case 0x6e:
      return { kind: 'flags', names: r.vec(() => r.string()) };
    case 0x6d:
      return { kind: 'enum', names: r.vec(() => r.string()) };
    case 0x6b:
      return { kind: 'option', inner: valType(r) };
    case 0x6a:
      return { kind: 'result', ok: optional(r, () => valType(r)), err: optional(r, () => valType(r)) };
    case 0x69:
      return { kind: 'own', resource: r.u32() };
    case 0x68:
      return { kind: 'borrow', resource: r.u32() };
    case 0x67:
      valType(r);
      r.u32();
      return { kind: 'unsupported', what: 'fixed-size list' };
    case 0x66:
    case 0x65:
      optional(r, () => valType(r));
      return { kind: 'unsupported', what: b === 0x66 ? 'stream' : 'future' };
    case 0x64:
      return { kind: 'unsupported', what: 'error-context' };
    default:
      return r.fail(`unknown value type 0x${b.toString(16)}`);
  }
}
