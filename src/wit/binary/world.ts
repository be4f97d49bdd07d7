import { WitBinaryError } from '../errors.ts';
import type { ResolvedWorld, WitFunction, WitInterface, WitParam, WitResource, WitResults, WitType, WorldExport } from '../model.ts';
import { decodeComponent, unalias, type Extern, type TypeEntry, type ValType } from './component.ts';

/** One import of a component: an instance (with the functions it asks for) or a bare function. */
export interface ComponentImport {
  /** As written in the binary, e.g. `golem:api/host@0.2.0`. */
  name: string;
  /** `type`: a type the world defines at world level (e.g. `record hello-record`), imported so exports can use it. */
  kind: 'instance' | 'function' | 'type' | 'other';
  /** For instances: the imported function names (`create-promise`, `[method]pollable.block`, …). */
  functions: string[];
  /** For instances: the resource types it exports (`pollable`, `network`), methods or not. */
  resources?: string[];
  /** For instances: exported type names with, for records, their field names (to tell dialects apart). */
  records: Map<string, string[]>;
  /** The full WIT type of one imported function of an instance (converted on demand). */
  signature(fn: string): WitFunction | undefined;
}

export interface DecodedComponent {
  world: ResolvedWorld;
  imports: ComponentImport[];
}

/**
 * Reads a component's imports and exports with their full WIT types from the binary itself
 * (as Golem and wit-component do), so any component can be described without its WIT sources.
 */
export function decodeComponentWorld(wasm: Uint8Array): DecodedComponent {
  const top = decodeComponent(wasm);
  const imports = top.imports.map(({ name, extern }) => describeImport(name, extern));
  const exports: WorldExport[] = [];
  for (const { name, extern } of top.exports) {
    if (extern.sort === 'func') exports.push({ type: 'Function', name, function: toFunction(name, extern.type, name) });
    else if (extern.sort === 'instance') exports.push(toInstance(name, extern.exports));
  }
  return {
    world: { world: 'root:component/root', exports, imports: imports.map((i) => i.name) },
    imports,
  };
}

function describeImport(name: string, extern: Extern): ComponentImport {
  const none = () => undefined;
  if (extern.sort === 'func') return { name, kind: 'function', functions: [], records: new Map(), signature: none };
  if (extern.sort === 'type') return { name, kind: 'type', functions: [], records: new Map(), signature: none };
  if (extern.sort !== 'instance') return { name, kind: 'other', functions: [], records: new Map(), signature: none };
  const functions: string[] = [];
  const records = new Map<string, string[]>();
  const resources: string[] = [];
  for (const [member, e] of extern.exports) {
    if (e.sort === 'func') functions.push(member);
    else if (e.sort === 'type') {
      const t = unalias(e.type);
      if (t.kind === 'resource') resources.push(member);
      if (t.kind === 'val' && t.def.kind === 'record') records.set(member, t.def.fields.map(([f]) => f));
    }
  }
  const converter = new Converter(name);
  const signature = (fn: string) => {
    const e = extern.exports.get(fn);
    return e?.sort === 'func' ? toFunction(fn, e.type, name, converter) : undefined;
  };
  return { name, kind: 'instance', functions, records, resources, signature };
}

function toInstance(name: string, exports: Map<string, Extern>): WorldExport {
  const [pkg] = name.split('/');
  const iface: WitInterface = {
    name: name.slice(name.indexOf('/') + 1).replace(/@.*$/, ''),
    qualifiedName: name,
    package: name.includes('/') ? pkg : '',
    types: new Map(),
    resources: new Map(),
    functions: [],
    dependencies: [],
  };
  const converter = new Converter(name);
  for (const [member, e] of exports) {
    if (e.sort === 'type') {
      const t = unalias(e.type);
      if (t.kind === 'resource') iface.resources.set(member, { name: member, owner: name, methods: [], statics: [] });
      else if (t.kind === 'val') iface.types.set(member, converter.type(e.type));
    } else if (e.sort === 'func') {
      const fn = toFunction(member, e.type, name, converter);
      iface.functions.push(fn);
      if (fn.resource) addToResource(iface.resources, fn, name);
    }
  }
  return { type: 'Instance', name, interface: iface, functions: iface.functions };
}

function addToResource(resources: Map<string, WitResource>, fn: WitFunction, owner: string): void {
  let r = resources.get(fn.resource!);
  if (!r) resources.set(fn.resource!, (r = { name: fn.resource!, owner, methods: [], statics: [] }));
  if (fn.kind === 'constructor') r.constructorFunction = fn;
  else if (fn.kind === 'method') r.methods.push(fn);
  else if (fn.kind === 'static') r.statics.push(fn);
}

function toFunction(name: string, type: TypeEntry | undefined, owner: string, converter = new Converter(owner)): WitFunction {
  const t = type && unalias(type);
  if (!t || t.kind !== 'func') throw new WitBinaryError(`export ${owner === name ? name : `${owner}/${name}`} has no function type`, 0);
  const params: WitParam[] = t.params.map(([n, v]) => ({ name: n, type: converter.val(t.scope, v) }));
  const results: WitResults =
    t.results.kind === 'anon'
      ? { kind: 'anon', type: t.results.type && converter.val(t.scope, t.results.type) }
      : { kind: 'named', items: t.results.items.map(([n, v]) => ({ name: n, type: converter.val(t.scope, v) })) };
  const m = /^\[(constructor|method|static)\]([^.]+)(?:\.(.+))?$/.exec(name);
  if (!m) return { name, kind: 'freestanding', params, results };
  return { name, kind: m[1] as WitFunction['kind'], resource: m[2], params, results };
}

/** Turns binary types into the model's WitType; one object per type definition. */
class Converter {
  private readonly seen = new Map<TypeEntry, WitType>();

  constructor(private readonly owner: string) {}

  val(scope: { types: TypeEntry[] }, v: ValType): WitType {
    if ('prim' in v) return { kind: v.prim };
    const entry = scope.types[v.idx];
    if (!entry) throw new WitBinaryError(`type index ${v.idx} out of range`, 0);
    return this.type(entry);
  }

  type(entry: TypeEntry): WitType {
    let name: string | undefined;
    let t = entry;
    while (t.kind === 'alias') {
      name ??= t.name;
      t = t.target;
    }
    const known = this.seen.get(t);
    if (known) return known;
    if (t.kind === 'resource') throw new WitBinaryError('a resource type used as a value (not through own/borrow)', 0);
    if (t.kind !== 'val') throw new WitBinaryError(`a ${t.kind} type used as a value type`, 0);
    const d = t.def;
    const sub = (v: ValType) => this.val(t.scope, v);
    let out: WitType;
    switch (d.kind) {
      case 'prim':
        out = { kind: d.prim };
        break;
      case 'record':
        out = { kind: 'record', name: name ?? '', fields: d.fields.map(([n, v]) => ({ name: n, type: sub(v) })) };
        break;
      case 'variant':
        out = { kind: 'variant', name: name ?? '', cases: d.cases.map(([n, v]) => (v ? { name: n, type: sub(v) } : { name: n })) };
        break;
      case 'enum':
        out = { kind: 'enum', name: name ?? '', cases: d.names };
        break;
      case 'flags':
        out = { kind: 'flags', name: name ?? '', flags: d.names };
        break;
      case 'list':
        out = { kind: 'list', element: sub(d.element) };
        break;
      case 'tuple':
        out = { kind: 'tuple', items: d.items.map(sub) };
        break;
      case 'option':
        out = { kind: 'option', inner: sub(d.inner) };
        break;
      case 'result':
        out = { kind: 'result', ...(d.ok ? { ok: sub(d.ok) } : {}), ...(d.err ? { err: sub(d.err) } : {}) };
        break;
      case 'own':
      case 'borrow':
        out = { kind: 'handle', resource: this.resourceName(t.scope.types[d.resource]), owner: this.owner, mode: d.kind };
        break;
      default:
        throw new WitBinaryError(`unsupported type: ${d.what}`, 0);
    }
    this.seen.set(t, out);
    return out;
  }

  /** The name of the resource's definition, as the model has it: through `type b = a` (aliases), `a`. */
  private resourceName(entry: TypeEntry | undefined): string {
    let t = entry;
    let name: string | undefined;
    while (t?.kind === 'alias') {
      name = t.name ?? name;
      t = t.target;
    }
    return name ?? (t?.kind === 'resource' ? t.name : undefined) ?? 'resource';
  }
}
