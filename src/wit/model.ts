import { WitResolveError } from './errors.ts';

export type IntegerKind = 's8' | 'u8' | 's16' | 'u16' | 's32' | 'u32' | 's64' | 'u64';
export type PrimitiveKind = 'bool' | IntegerKind | 'f32' | 'f64' | 'char' | 'string';

export interface PrimitiveType {
  kind: PrimitiveKind;
}
export interface ListType {
  kind: 'list';
  element: WitType;
}
export interface OptionType {
  kind: 'option';
  inner: WitType;
}
/** A missing side is the unit type (`result<_, E>` has no `ok`). */
export interface ResultType {
  kind: 'result';
  ok?: WitType;
  err?: WitType;
}
export interface TupleType {
  kind: 'tuple';
  items: WitType[];
}
export interface WitField {
  name: string;
  type: WitType;
}
export interface RecordType {
  kind: 'record';
  name: string;
  fields: WitField[];
}
export interface WitCase {
  name: string;
  type?: WitType;
}
export interface VariantType {
  kind: 'variant';
  name: string;
  cases: WitCase[];
}
export interface EnumType {
  kind: 'enum';
  name: string;
  cases: string[];
}
export interface FlagsType {
  kind: 'flags';
  name: string;
  flags: string[];
}
/** `owner` is the qualified name of the interface (or world) defining the resource. */
export interface HandleType {
  kind: 'handle';
  resource: string;
  owner: string;
  mode: 'own' | 'borrow';
}

/**
 * A fully resolved WIT type: aliases and `use` are gone. Named types keep the name of their
 * definition (a `use t.{a as b}` still yields a record called `a`). The same definition is the
 * same object wherever it is referenced.
 */
export type WitType =
  | PrimitiveType
  | ListType
  | OptionType
  | ResultType
  | TupleType
  | RecordType
  | VariantType
  | EnumType
  | FlagsType
  | HandleType;

export interface WitParam {
  name: string;
  type: WitType;
}

export type WitResults = { kind: 'anon'; type?: WitType } | { kind: 'named'; items: WitParam[] };

/**
 * `name` is the name the component exports the function under: the plain WIT name for
 * freestanding functions, `[constructor]r`, `[method]r.name` or `[static]r.name` for resource
 * functions (the names Golem's metadata lists). Methods get the implicit `self: borrow<r>` first.
 */
export interface WitFunction {
  name: string;
  kind: 'freestanding' | 'constructor' | 'method' | 'static';
  resource?: string;
  params: WitParam[];
  results: WitResults;
}

export interface WitResource {
  name: string;
  owner: string;
  // Not `constructor`: every object already has that property.
  constructorFunction?: WitFunction;
  methods: WitFunction[];
  statics: WitFunction[];
}

/**
 * `qualifiedName` is the instance name jco and Golem use: `ns:pkg/iface@1.2.3`, without the
 * `@version` when the package has none, and just the plain name for a world's inline interface.
 */
export interface WitInterface {
  name: string;
  qualifiedName: string;
  package: string;
  /** Named types and aliases defined in or `use`d into the interface, resources excluded. */
  types: Map<string, WitType>;
  resources: Map<string, WitResource>;
  /** Freestanding and resource functions in source order. */
  functions: WitFunction[];
  /** Qualified names of the interfaces this one `use`s types from. */
  dependencies: string[];
}

export type WorldItem =
  | { kind: 'interface'; name: string; interface: WitInterface }
  | { kind: 'function'; name: string; function: WitFunction };

/** A world with its `include`s flattened. */
export interface WitWorld {
  name: string;
  qualifiedName: string;
  package: string;
  imports: WorldItem[];
  exports: WorldItem[];
  /** Qualified names of interfaces the world `use`s types from (they become imports). */
  uses: string[];
}

export interface WitPackage {
  /** `ns:name` or `ns:name@version`. */
  id: string;
  namespace: string;
  name: string;
  version?: string;
  interfaces: Map<string, WitInterface>;
  worlds: Map<string, WitWorld>;
}

export interface WitResolve {
  packages: Map<string, WitPackage>;
  /** Package interfaces by qualified name. */
  interfaces: Map<string, WitInterface>;
  /** Id of the package made of the top-level files (the component's own), if any. */
  root?: string;
}

export interface ExportedInstance {
  type: 'Instance';
  name: string;
  interface: WitInterface;
  functions: WitFunction[];
}

export interface ExportedFunction {
  type: 'Function';
  name: string;
  function: WitFunction;
}

export type WorldExport = ExportedInstance | ExportedFunction;

export interface ResolvedWorld {
  world: string;
  exports: WorldExport[];
  /**
   * Imported instance names (plus bare names of imported world-level functions), with the
   * interfaces they and the exports depend on elaborated first, as wit-parser does.
   */
  imports: string[];
}

/**
 * Looks a world up by bare name (`underwriting`, searched in the root package first, then in all
 * packages) or qualified name (`golem:underwriting/underwriting`, optionally `@version`).
 */
export function findWorld(resolve: WitResolve, worldName: string): WitWorld {
  const slash = worldName.lastIndexOf('/');
  if (slash >= 0) {
    const packagePart = worldName.slice(0, slash);
    const [bareName, version] = splitVersion(worldName.slice(slash + 1));
    const packageId = version ? `${packagePart}@${version}` : packagePart;
    const candidates = [...resolve.packages.values()].filter(
      (p) => p.id === packageId || (!version && `${p.namespace}:${p.name}` === packagePart),
    );
    const worlds = candidates.map((p) => p.worlds.get(bareName)).filter((w) => w !== undefined);
    if (worlds.length === 1) return worlds[0];
    if (worlds.length > 1) throw new WitResolveError(`World ${worldName} is ambiguous: ${worlds.map((w) => w.qualifiedName).join(', ')}`);
    throw new WitResolveError(`Unknown world ${worldName}${knownWorlds(resolve)}`);
  }
  const root = resolve.root ? resolve.packages.get(resolve.root) : undefined;
  const inRoot = root?.worlds.get(worldName);
  if (inRoot) return inRoot;
  const all = [...resolve.packages.values()].map((p) => p.worlds.get(worldName)).filter((w) => w !== undefined);
  if (all.length === 1) return all[0];
  if (all.length > 1) throw new WitResolveError(`World ${worldName} is ambiguous: ${all.map((w) => w.qualifiedName).join(', ')}`);
  throw new WitResolveError(`Unknown world ${worldName}${knownWorlds(resolve)}`);
}

/** The world's exports as Golem names them, and the instances it imports. */
export function resolveWorld(resolve: WitResolve, worldName: string): ResolvedWorld {
  const world = findWorld(resolve, worldName);
  const exports: WorldExport[] = world.exports.map((item) =>
    item.kind === 'interface'
      ? { type: 'Instance', name: item.name, interface: item.interface, functions: item.interface.functions }
      : { type: 'Function', name: item.name, function: item.function },
  );
  return { world: world.qualifiedName, exports, imports: elaborateImports(resolve, world) };
}

function elaborateImports(resolve: WitResolve, world: WitWorld): string[] {
  const exported = new Set(world.exports.filter((e) => e.kind === 'interface').map((e) => e.name));
  const imports: string[] = [];
  const seen = new Set<string>();
  const addImport = (name: string, iface: WitInterface | undefined): void => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const dep of iface?.dependencies ?? []) addImport(dep, resolve.interfaces.get(dep));
    imports.push(name);
  };
  for (const name of world.uses) addImport(name, resolve.interfaces.get(name));
  for (const item of world.imports) addImport(item.name, item.kind === 'interface' ? item.interface : undefined);
  for (const item of world.exports) {
    if (item.kind !== 'interface') continue;
    for (const dep of item.interface.dependencies) {
      if (!exported.has(dep)) addImport(dep, resolve.interfaces.get(dep));
    }
  }
  return imports;
}

function splitVersion(name: string): [string, string | undefined] {
  const at = name.indexOf('@');
  return at < 0 ? [name, undefined] : [name.slice(0, at), name.slice(at + 1)];
}

function knownWorlds(resolve: WitResolve): string {
  const names = [...resolve.packages.values()].flatMap((p) => [...p.worlds.values()].map((w) => w.qualifiedName));
  return names.length ? ` (known worlds: ${names.join(', ')})` : ' (no worlds defined)';
}

/** The type a function returns when it has exactly one anonymous result, else undefined. */
export function singleResultType(fn: WitFunction): WitType | undefined {
  return fn.results.kind === 'anon' ? fn.results.type : undefined;
}
