import { transpile } from '@bytecodealliance/jco';
import { randomUUID, createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureRootPreopen } from '../build/preopens.ts';
import { exportMetadata, formatSignature, type ResolvedWorld, type WitFunction } from '../wit/index.ts';
import { decodeComponentWorld, isComponent, type ComponentImport } from '../wit/binary/index.ts';
import { ExecutorError, invalid } from './errors.ts';
import { golemApiIdField, mismatchedImports, missingImports } from './import-check.ts';
import { hostSignatures } from './host-wit.ts';
import type { GolemApiIdField } from './imports/golem-host.ts';
import { providedImports } from './imports/index.ts';
import { DEFAULT_MAX_GUEST_MEMORY } from './limits.ts';
import { capMemory } from './memory-limit.ts';
import { isAgentComponent } from './agent/imports.ts';
import type { Store, TemplateRow } from './store.ts';
import type { Template, TemplateExport } from './types.ts';

/** A template version ready to instantiate workers from. */
export interface LoadedTemplate {
  id: string;
  version: number;
  world: ResolvedWorld;
  /** Which spelling of golem:api/host@0.2.0 records the component expects. */
  golemApiIdField: GolemApiIdField;
  /** A Golem 1.5 agent (imports golem:api/host@1.5.x): instantiated with the agent imports (src/host/agent). */
  agent: boolean;
  /** What the component imports, from its binary. */
  imports: ComponentImport[];
  instantiate(imports: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** jco's generated module, for a guest thread to import. */
  jsUrl: string;
  /** Every core module of the component, compiled once (a guest thread gets them without compiling). */
  coreModules(): Promise<Record<string, WebAssembly.Module>>;
  /** Bytes an instance's memory may grow to (its core modules are compiled with that cap). */
  maxGuestMemory: number;
}

type JcoInstantiate = (getCoreModule: (name: string) => Promise<WebAssembly.Module>, imports: Record<string, unknown>) => Promise<Record<string, unknown>>;

/**
 * Template versions on disk: the component, jco's transpiled JS and compiled core modules.
 * Transpiling happens once at upload; core modules compile once per host process.
 */
export class Templates {
  private readonly loaded = new Map<string, Promise<LoadedTemplate>>();
  private readonly dir: string;

  /** `maxGuestMemory`: bytes each instance's memory may grow to (see capMemory). */
  constructor(
    private readonly store: Store,
    private readonly maxGuestMemory = DEFAULT_MAX_GUEST_MEMORY,
  ) {
    this.dir = join(store.dataDir, 'templates');
  }

  async add(name: string, wasm: Uint8Array): Promise<Template> {
    if (!name || !name.trim()) throw invalid('template name must not be empty');
    return this.storeVersion(randomUUID(), 0, name, wasm);
  }

  async update(id: string, wasm: Uint8Array): Promise<Template> {
    const versions = this.versions(id);
    const last = versions[versions.length - 1];
    return this.storeVersion(id, last.versionedTemplateId.version + 1, last.templateName, wasm);
  }

  versions(id: string): Template[] {
    const rows = this.store.templateVersions(id);
    if (!rows.length) throw new ExecutorError('TEMPLATE_NOT_FOUND', `template ${id} not found`);
    return rows.map(toTemplate);
  }

  latest(id: string): Template {
    const all = this.versions(id);
    return all[all.length - 1];
  }

  list(name?: string): Template[] {
    return this.store.allTemplates().filter((r) => name === undefined || r.name === name).map(toTemplate);
  }

  load(id: string, version: number): Promise<LoadedTemplate> {
    const key = `${id}@${version}`;
    let p = this.loaded.get(key);
    if (!p) {
      p = this.loadFromDisk(id, version);
      p.catch(() => this.loaded.delete(key));
      this.loaded.set(key, p);
    }
    return p;
  }

  private versionDir(id: string, version: number): string {
    return join(this.dir, id, String(version));
  }

  private async storeVersion(id: string, version: number, name: string, wasm: Uint8Array): Promise<Template> {
    const { world, imports } = analyse(wasm);
    // An agent gets every import it names: the ones the host does not provide trap with their name.
    const missing = isAgentComponent(imports) ? [] : missingImports(imports, providedImports());
    if (missing.length) throw invalid(`the component imports ${missing.join(', ')}, which the golem-ts host does not provide`);
    // Within each interface's semver family (see compatibleName): an agent's golem:api/host@1.5.0
    // is another interface than 2024's @0.2.0, and src/host/agent/ provides it from its own WIT.
    const mismatched = mismatchedImports(imports, hostSignatures());
    if (mismatched.length) throw invalid(mismatched.map((m) => `the component imports ${m}`));
    const dir = this.versionDir(id, version);
    const staging = `${dir}.staging`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(join(staging, 'js'), { recursive: true });
    writeFileSync(join(staging, 'component.wasm'), wasm);
    let files: Record<string, Uint8Array>;
    try {
      await ensureRootPreopen();
      ({ files } = await transpile(wasm, { name: 'component', instantiation: 'async', noTypescript: true, quiet: true }));
    } catch (e) {
      rmSync(staging, { recursive: true, force: true });
      throw invalid(`jco could not transpile the component: ${(e as Error).message}`);
    }
    for (const [file, bytes] of Object.entries(files)) {
      mkdirSync(dirname(join(staging, 'js', file)), { recursive: true });
      writeFileSync(join(staging, 'js', file), file === 'component.js' ? readDebugFlagOnce(bytes) : bytes);
    }
    // jco emits ES modules; Node needs to be told so for a directory outside any package.
    writeFileSync(join(staging, 'js', 'package.json'), '{"type":"module"}\n');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dirname(dir), { recursive: true });
    renameSync(staging, dir);

    const row: TemplateRow = {
      id,
      version,
      name,
      size: wasm.length,
      sha256: createHash('sha256').update(wasm).digest('hex'),
      exports: JSON.stringify(describeExports(world)),
      createdAt: new Date().toISOString(),
    };
    this.store.insertTemplate(row);
    return toTemplate(row);
  }

  private async loadFromDisk(id: string, version: number): Promise<LoadedTemplate> {
    const dir = this.versionDir(id, version);
    const wasmPath = join(dir, 'component.wasm');
    if (!existsSync(wasmPath)) throw new ExecutorError('INTERNAL', `template ${id} version ${version} is missing from ${this.dir}`);
    const { world, imports } = analyse(readFileSync(wasmPath));
    const jsDir = join(dir, 'js');
    const mod = (await import(pathToFileURL(join(jsDir, 'component.js')).href)) as { instantiate: JcoInstantiate };
    const modules = new Map<string, Promise<WebAssembly.Module>>();
    const getCoreModule = (file: string) => {
      let m = modules.get(file);
      if (!m) {
        m = WebAssembly.compile(capMemory(readFileSync(join(jsDir, file)), this.maxGuestMemory));
        modules.set(file, m);
      }
      return m as Promise<WebAssembly.Module>;
    };
    const jsUrl = pathToFileURL(join(jsDir, 'component.js')).href;
    let all: Promise<Record<string, WebAssembly.Module>> | undefined;
    const coreModules = () =>
      (all ??= (async () => {
        const files = readdirSync(jsDir).filter((f) => f.endsWith('.wasm'));
        return Object.fromEntries(await Promise.all(files.map(async (f) => [f, await getCoreModule(f)] as const)));
      })());
    return {
      id,
      version,
      world,
      golemApiIdField: golemApiIdField(imports),
      agent: isAgentComponent(imports),
      imports,
      instantiate: (imp) => mod.instantiate(getCoreModule, imp),
      jsUrl,
      coreModules,
      maxGuestMemory: this.maxGuestMemory,
    };
  }
}

/**
 * jco's generated code checks `process.env.JCO_DEBUG` inside every canonical-ABI call, and Node's
 * env lookup is slow enough to show in profiles; read the flag once when the module loads.
 */
function readDebugFlagOnce(bytes: Uint8Array): string {
  const source = new TextDecoder().decode(bytes);
  const check = 'if (!globalThis?.process?.env?.JCO_DEBUG) { return; }';
  if (!source.includes(check)) return source;
  const patched = source.split(check).join('if (!__golemTsJcoDebug) { return; }');
  const flag = 'const __golemTsJcoDebug = Boolean(globalThis?.process?.env?.JCO_DEBUG);\n';
  // After jco's "use components" prologue line, which must stay first.
  const prologue = /^"use components";\n/.exec(patched)?.[0] ?? '';
  return prologue + flag + patched.slice(prologue.length);
}

/** Reads the component's world (export types, imports) from the binary itself. */
function analyse(wasm: Uint8Array): { world: ResolvedWorld; imports: ComponentImport[] } {
  if (wasm.length < 8 || wasm[0] !== 0 || wasm[1] !== 0x61 || wasm[2] !== 0x73 || wasm[3] !== 0x6d) {
    throw invalid('not a WebAssembly binary (missing \\0asm header)');
  }
  if (!isComponent(wasm)) throw invalid('a core WebAssembly module, not a component: build it with `golem-ts build` or wrap it with `wasm-tools component new`');
  try {
    return decodeComponentWorld(wasm);
  } catch (e) {
    throw new ExecutorError('INVALID_REQUEST', `malformed component: ${(e as Error).message}`, { cause: e });
  }
}

function describeExports(world: ResolvedWorld): TemplateExport[] {
  // Golem's metadata has no signatures; a readable one helps people using the CLI.
  const signature = (name: string, fns: WitFunction[]) => {
    const fn = fns.find((f) => f.name === name);
    return fn ? { signature: formatSignature(fn) } : {};
  };
  return exportMetadata(world.exports).map((e, i) => {
    const exp = world.exports[i];
    if (e.type === 'Instance' && exp.type === 'Instance') {
      return { ...e, functions: e.functions.map((f) => ({ ...f, ...signature(f.name, exp.functions) })) };
    }
    return exp.type === 'Function' ? { ...e, ...signature(exp.function.name, [exp.function]) } : e;
  }) as TemplateExport[];
}

function toTemplate(r: TemplateRow): Template {
  const versioned = { rawTemplateId: r.id, version: r.version };
  return {
    versionedTemplateId: versioned,
    userTemplateId: { versionedTemplateId: versioned },
    protectedTemplateId: { versionedTemplateId: versioned },
    templateName: r.name,
    templateSize: r.size,
    metadata: { exports: JSON.parse(r.exports) as TemplateExport[], producers: [] },
  };
}
