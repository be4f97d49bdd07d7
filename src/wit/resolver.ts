import type {
  FuncNode,
  InterfaceNode,
  PackageChunk,
  PackageNameNode,
  Pos,
  TypeDefNode,
  TypeNode,
  UseNode,
  UsePath,
  WorldNode,
} from './ast.ts';
import { WitParseError } from './errors.ts';
import type {
  WitFunction,
  WitInterface,
  WitPackage,
  WitResolve,
  WitResource,
  WitResults,
  WitType,
  WitWorld,
  WorldItem,
} from './model.ts';

interface PackageState {
  model: WitPackage;
  interfaces: Map<string, InterfaceDecl>;
  worlds: Map<string, WorldDecl>;
}

interface InterfaceDecl {
  node: InterfaceNode;
  chunk: PackageChunk;
  pkg: PackageState;
  qualifiedName: string;
}

interface WorldDecl {
  node: WorldNode;
  chunk: PackageChunk;
  pkg: PackageState;
}

type Entry = { k: 'def'; def: TypeDefNode } | { k: 'use'; target: InterfaceDecl; name: string; pos: Pos };

type Resolved = { t: 'type'; type: WitType } | { t: 'resource'; resource: WitResource };

/** The type names visible in one interface or world, resolved on demand. */
interface Scope {
  owner: string;
  entries: Map<string, Entry>;
  memo: Map<string, Resolved>;
  resolving: Set<string>;
  /** Qualified names of the interfaces `use`d here. */
  deps: string[];
}

/**
 * Turns parsed package chunks into the resolved model. Every interface and world is resolved,
 * so any dangling reference anywhere is reported, as wit-parser does. Names inside an interface
 * may be used before their definition (keyvalue's `types` does), hence the on-demand resolution.
 */
export function resolvePackages(chunks: PackageChunk[], rootId?: string): WitResolve {
  return new Resolver(chunks).run(rootId);
}

export function packageId(name: { namespace: string; name: string; version?: string }): string {
  return `${name.namespace}:${name.name}${name.version ? `@${name.version}` : ''}`;
}

class Resolver {
  private readonly packages = new Map<string, PackageState>();
  private readonly scopes = new Map<InterfaceNode | WorldNode, Scope>();
  private readonly interfaceModels = new Map<InterfaceNode, WitInterface>();
  private readonly worldModels = new Map<WorldNode, WitWorld>();
  private readonly worldsInProgress = new Set<WorldNode>();

  constructor(chunks: PackageChunk[]) {
    for (const chunk of chunks) this.register(chunk);
  }

  run(rootId?: string): WitResolve {
    const interfaces = new Map<string, WitInterface>();
    for (const pkg of this.packages.values()) {
      for (const decl of pkg.interfaces.values()) {
        const model = this.buildInterface(decl);
        pkg.model.interfaces.set(decl.node.name, model);
        interfaces.set(model.qualifiedName, model);
      }
      for (const decl of pkg.worlds.values()) pkg.model.worlds.set(decl.node.name, this.buildWorld(decl));
    }
    const packages = new Map([...this.packages].map(([id, state]) => [id, state.model]));
    return { packages, interfaces, root: rootId };
  }

  private register(chunk: PackageChunk): void {
    const name = chunk.name!;
    const id = packageId(name);
    let pkg = this.packages.get(id);
    if (!pkg) {
      const model: WitPackage = {
        id,
        namespace: name.namespace,
        name: name.name,
        version: name.version,
        interfaces: new Map(),
        worlds: new Map(),
      };
      pkg = { model, interfaces: new Map(), worlds: new Map() };
      this.packages.set(id, pkg);
    }
    for (const node of chunk.interfaces) {
      if (pkg.interfaces.has(node.name) || pkg.worlds.has(node.name)) throw error(`\`${node.name}\` is defined twice in package ${id}`, node.pos);
      pkg.interfaces.set(node.name, { node, chunk, pkg, qualifiedName: qualify(pkg.model, node.name) });
    }
    for (const node of chunk.worlds) {
      if (pkg.interfaces.has(node.name) || pkg.worlds.has(node.name)) throw error(`\`${node.name}\` is defined twice in package ${id}`, node.pos);
      pkg.worlds.set(node.name, { node, chunk, pkg });
    }
  }

  // ---- lookups -------------------------------------------------------------------------------

  private findPackage(name: PackageNameNode): PackageState {
    const id = packageId(name);
    const exact = this.packages.get(id);
    if (exact) return exact;
    // Lenient: an unversioned reference picks the only version present.
    const sameName = [...this.packages.values()].filter((p) => p.model.namespace === name.namespace && p.model.name === name.name);
    if (!name.version && sameName.length === 1) return sameName[0];
    const known = [...this.packages.keys()].join(', ') || 'none';
    throw error(`package ${id} not found (known packages: ${known})`, name.pos);
  }

  private findInterface(chunk: PackageChunk, pkg: PackageState, path: UsePath): InterfaceDecl {
    if (path.k === 'package') {
      const target = this.findPackage(path.pkg);
      const decl = target.interfaces.get(path.name);
      if (!decl) throw error(`package ${target.model.id} has no interface \`${path.name}\``, path.pos);
      return decl;
    }
    const alias = chunk.uses.find((u) => u.alias === path.name);
    if (alias && !(alias.path.k === 'local' && alias.path.name === path.name)) return this.findInterface(chunk, pkg, alias.path);
    const decl = pkg.interfaces.get(path.name);
    if (!decl) throw error(`unknown interface \`${path.name}\` in package ${pkg.model.id}`, path.pos);
    return decl;
  }

  private findWorld(pkg: PackageState, path: UsePath): WorldDecl {
    const target = path.k === 'package' ? this.findPackage(path.pkg) : pkg;
    const decl = target.worlds.get(path.name);
    if (!decl) throw error(`unknown world \`${path.name}\` in package ${target.model.id}`, path.pos);
    return decl;
  }

  // ---- scopes and type names -----------------------------------------------------------------

  private scopeFor(node: InterfaceNode | WorldNode, owner: string, chunk: PackageChunk, pkg: PackageState): Scope {
    const existing = this.scopes.get(node);
    if (existing) return existing;
    const scope: Scope = { owner, entries: new Map(), memo: new Map(), resolving: new Set(), deps: [] };
    this.scopes.set(node, scope);
    const define = (name: string, entry: Entry, pos: Pos): void => {
      if (scope.entries.has(name)) throw error(`\`${name}\` is defined twice in ${owner}`, pos);
      scope.entries.set(name, entry);
    };
    for (const item of node.items) {
      if (item.k === 'use') {
        const target = this.findInterface(chunk, pkg, item.path);
        if (!scope.deps.includes(target.qualifiedName) && target.qualifiedName !== owner) scope.deps.push(target.qualifiedName);
        for (const used of item.names) define(used.as ?? used.name, { k: 'use', target, name: used.name, pos: used.pos }, used.pos);
      } else if (isTypeDef(item)) {
        define(item.name, { k: 'def', def: item }, item.pos);
      }
    }
    return scope;
  }

  private interfaceScope(decl: InterfaceDecl): Scope {
    return this.scopeFor(decl.node, decl.qualifiedName, decl.chunk, decl.pkg);
  }

  private resolveName(scope: Scope, name: string, pos: Pos): Resolved {
    const memo = scope.memo.get(name);
    if (memo) return memo;
    const entry = scope.entries.get(name);
    if (!entry) throw error(`unknown type \`${name}\` in ${scope.owner}`, pos);
    if (scope.resolving.has(name)) throw error(`type \`${name}\` refers to itself`, pos);
    scope.resolving.add(name);
    let resolved: Resolved;
    try {
      resolved = entry.k === 'use' ? this.resolveUse(entry) : this.resolveDef(scope, entry.def);
    } finally {
      scope.resolving.delete(name);
    }
    scope.memo.set(name, resolved);
    return resolved;
  }

  private resolveUse(entry: Extract<Entry, { k: 'use' }>): Resolved {
    const target = this.interfaceScope(entry.target);
    if (!target.entries.has(entry.name)) throw error(`interface ${entry.target.qualifiedName} has no type \`${entry.name}\``, entry.pos);
    return this.resolveName(target, entry.name, entry.pos);
  }

  private resolveDef(scope: Scope, def: TypeDefNode): Resolved {
    switch (def.k) {
      case 'alias':
        return def.type.k === 'ref' ? this.resolveName(scope, def.type.name, def.type.pos) : { t: 'type', type: this.resolveType(scope, def.type) };
      case 'record':
        uniqueNames(def.fields.map((f) => f.name), `record ${def.name}`, def.pos);
        return {
          t: 'type',
          type: { kind: 'record', name: def.name, fields: def.fields.map((f) => ({ name: f.name, type: this.resolveType(scope, f.type) })) },
        };
      case 'variant':
        uniqueNames(def.cases.map((c) => c.name), `variant ${def.name}`, def.pos);
        return {
          t: 'type',
          type: {
            kind: 'variant',
            name: def.name,
            cases: def.cases.map((c) => (c.type ? { name: c.name, type: this.resolveType(scope, c.type) } : { name: c.name })),
          },
        };
      case 'enum':
        uniqueNames(def.cases, `enum ${def.name}`, def.pos);
        return { t: 'type', type: { kind: 'enum', name: def.name, cases: [...def.cases] } };
      case 'flags':
        uniqueNames(def.flags, `flags ${def.name}`, def.pos);
        return { t: 'type', type: { kind: 'flags', name: def.name, flags: [...def.flags] } };
      case 'resource':
        return { t: 'resource', resource: { name: def.name, owner: scope.owner, methods: [], statics: [] } };
    }
  }

  private resolveType(scope: Scope, node: TypeNode): WitType {
    switch (node.k) {
      case 'primitive':
        return { kind: node.kind };
      case 'list':
        return { kind: 'list', element: this.resolveType(scope, node.element) };
      case 'option':
        return { kind: 'option', inner: this.resolveType(scope, node.inner) };
      case 'tuple':
        return { kind: 'tuple', items: node.items.map((item) => this.resolveType(scope, item)) };
      case 'result': {
        const type: WitType = { kind: 'result' };
        if (node.ok) type.ok = this.resolveType(scope, node.ok);
        if (node.err) type.err = this.resolveType(scope, node.err);
        return type;
      }
      case 'handle': {
        const resolved = this.resolveName(scope, node.name, node.pos);
        if (resolved.t !== 'resource') throw error(`\`${node.name}\` is not a resource, so it cannot be used in ${node.mode}<...>`, node.pos);
        return { kind: 'handle', resource: resolved.resource.name, owner: resolved.resource.owner, mode: node.mode };
      }
      case 'ref': {
        const resolved = this.resolveName(scope, node.name, node.pos);
        if (resolved.t === 'type') return resolved.type;
        return { kind: 'handle', resource: resolved.resource.name, owner: resolved.resource.owner, mode: 'own' };
      }
    }
  }

  // ---- functions, interfaces, worlds ---------------------------------------------------------

  private buildFunction(scope: Scope, name: string, func: FuncNode, kind: WitFunction['kind'] = 'freestanding', resource?: WitResource): WitFunction {
    const params = func.params.map((p) => ({ name: p.name, type: this.resolveType(scope, p.type) }));
    uniqueNames(params.map((p) => p.name), `parameters of ${name}`, func.pos);
    let results: WitResults;
    if (func.results.kind === 'named') {
      results = { kind: 'named', items: func.results.items.map((r) => ({ name: r.name, type: this.resolveType(scope, r.type) })) };
      uniqueNames(results.items.map((r) => r.name), `results of ${name}`, func.pos);
    } else {
      results = func.results.type ? { kind: 'anon', type: this.resolveType(scope, func.results.type) } : { kind: 'anon' };
    }
    if (!resource) return { name, kind, params, results };
    const handle = (mode: 'own' | 'borrow'): WitType => ({ kind: 'handle', resource: resource.name, owner: resource.owner, mode });
    if (kind === 'constructor' && results.kind === 'anon' && !results.type) {
      results = { kind: 'anon', type: handle('own') };
    }
    if (kind === 'method') params.unshift({ name: 'self', type: handle('borrow') });
    return { name, kind, resource: resource.name, params, results };
  }

  private resourceFunctions(scope: Scope, def: Extract<TypeDefNode, { k: 'resource' }>, resource: WitResource): WitFunction[] {
    const functions: WitFunction[] = [];
    const seen = new Set<string>();
    for (const f of def.funcs) {
      if (seen.has(f.name)) throw error(`\`${f.name}\` is defined twice in resource ${def.name}`, f.func.pos);
      seen.add(f.name);
      const exportName =
        f.kind === 'constructor' ? `[constructor]${def.name}` : f.kind === 'method' ? `[method]${def.name}.${f.name}` : `[static]${def.name}.${f.name}`;
      const fn = this.buildFunction(scope, exportName, f.func, f.kind, resource);
      if (f.kind === 'constructor') resource.constructorFunction = fn;
      else if (f.kind === 'method') resource.methods.push(fn);
      else resource.statics.push(fn);
      functions.push(fn);
    }
    return functions;
  }

  private buildInterface(decl: InterfaceDecl): WitInterface {
    const existing = this.interfaceModels.get(decl.node);
    if (existing) return existing;
    const scope = this.interfaceScope(decl);
    const model: WitInterface = {
      name: decl.node.name,
      qualifiedName: decl.qualifiedName,
      package: decl.pkg.model.id,
      types: new Map(),
      resources: new Map(),
      functions: [],
      dependencies: scope.deps,
    };
    this.interfaceModels.set(decl.node, model);
    const functionNames = new Set<string>();
    for (const item of decl.node.items) {
      if (item.k === 'func') {
        if (functionNames.has(item.name) || scope.entries.has(item.name)) throw error(`\`${item.name}\` is defined twice in ${decl.qualifiedName}`, item.pos);
        functionNames.add(item.name);
        model.functions.push(this.buildFunction(scope, item.name, item.func));
        continue;
      }
      for (const name of definedNames(item)) {
        const resolved = this.resolveName(scope, name, item.pos);
        if (resolved.t === 'type') model.types.set(name, resolved.type);
        else model.resources.set(name, resolved.resource);
      }
      if (item.k === 'resource') {
        const resolved = this.resolveName(scope, item.name, item.pos);
        if (resolved.t === 'resource') model.functions.push(...this.resourceFunctions(scope, item, resolved.resource));
      }
    }
    return model;
  }

  private buildWorld(decl: WorldDecl): WitWorld {
    const existing = this.worldModels.get(decl.node);
    if (existing) return existing;
    if (this.worldsInProgress.has(decl.node)) throw error(`world \`${decl.node.name}\` includes itself`, decl.node.pos);
    this.worldsInProgress.add(decl.node);
    try {
      const model = this.buildWorldItems(decl);
      this.worldModels.set(decl.node, model);
      return model;
    } finally {
      this.worldsInProgress.delete(decl.node);
    }
  }

  private buildWorldItems(decl: WorldDecl): WitWorld {
    const { node, chunk, pkg } = decl;
    const qualifiedName = qualify(pkg.model, node.name);
    const scope = this.scopeFor(node, qualifiedName, chunk, pkg);
    const world: WitWorld = { name: node.name, qualifiedName, package: pkg.model.id, imports: [], exports: [], uses: [...scope.deps] };
    for (const item of node.items) {
      if (item.k === 'use' || isTypeDef(item)) {
        for (const name of definedNames(item)) this.resolveName(scope, name, item.pos);
      } else if (item.k === 'include') {
        const included = this.buildWorld(this.findWorld(pkg, item.path));
        const rename = (entry: WorldItem): WorldItem => {
          const to = item.renames.find((r) => r.from === entry.name)?.to;
          return to ? { ...entry, name: to } : entry;
        };
        for (const entry of included.imports) addWorldItem(world.imports, rename(entry), item.pos);
        for (const entry of included.exports) addWorldItem(world.exports, rename(entry), item.pos);
        for (const name of included.uses) if (!world.uses.includes(name)) world.uses.push(name);
      } else {
        const target = item.k === 'import' ? world.imports : world.exports;
        const extern = item.extern;
        let entry: WorldItem;
        if (extern.k === 'path') {
          const iface = this.buildInterface(this.findInterface(chunk, pkg, extern.path));
          entry = { kind: 'interface', name: iface.qualifiedName, interface: iface };
        } else if (extern.k === 'interface') {
          // An inline interface is named by its plain name, as the component's import/export is.
          const iface = this.buildInterface({ node: extern.iface, chunk, pkg, qualifiedName: extern.iface.name });
          entry = { kind: 'interface', name: extern.iface.name, interface: iface };
        } else {
          entry = { kind: 'function', name: extern.name, function: this.buildFunction(scope, extern.name, extern.func) };
        }
        addWorldItem(target, entry, item.pos);
      }
    }
    return world;
  }
}

function addWorldItem(items: WorldItem[], entry: WorldItem, pos: Pos): void {
  const existing = items.find((i) => i.name === entry.name);
  if (!existing) {
    items.push(entry);
    return;
  }
  // Including two worlds that share an interface is fine; two different things of one name are not.
  const same = existing.kind === 'interface' && entry.kind === 'interface' && existing.interface === entry.interface;
  if (!same) throw error(`\`${entry.name}\` is imported or exported twice`, pos);
}

function isTypeDef(item: { k: string }): item is TypeDefNode {
  return ['alias', 'record', 'variant', 'enum', 'flags', 'resource'].includes(item.k);
}

function definedNames(item: UseNode | TypeDefNode): string[] {
  return item.k === 'use' ? item.names.map((n) => n.as ?? n.name) : [item.name];
}

function uniqueNames(names: string[], what: string, pos: Pos): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw error(`\`${name}\` appears twice in ${what}`, pos);
    seen.add(name);
  }
}

function qualify(pkg: WitPackage, name: string): string {
  return `${pkg.namespace}:${pkg.name}/${name}${pkg.version ? `@${pkg.version}` : ''}`;
}

function error(message: string, pos: Pos): WitParseError {
  return pos.source.error(message, pos.offset);
}
