import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BuildError } from '../errors.ts';
import { bundleAgent } from './bundle.ts';
import { injectJs } from './inject.ts';
import { agentOutput, kebab, readAgentApp, type AgentApp, type AgentComponent } from './manifest.ts';
import { agentTypeMetadata, writeAtomically, writeMetadataModule } from './type-metadata.ts';

export interface AgentBuildResult {
  app: AgentApp;
  /** One per component of the manifest: where its component was written. */
  components: { name: string; out: string; size: number; agents: string[] }[];
}

/**
 * Builds a Golem 1.5 TypeScript agent project (golem.yaml `manifestVersion: 1.5.x`) the way
 * `golem build` does with its `quick` preset, without Rust: type metadata
 * (golem-temp/ts-metadata/<c>/.metadata/generated-types.ts), the bundle
 * (golem-temp/ts-dist/<c>/main.js), then the bundle injected into the SDK's own prebuilt
 * `agent_guest.wasm` (from the project's node_modules), written to golem-temp/agents/<c>.wasm.
 * Not done: pre-initialisation (wizer, `golem build`'s default `optimized` preset), so the guest
 * evaluates the JS when it is instantiated; and the `tsc` type check `golem build` runs first
 * (the project's `npx tsc --noEmit` does it).
 */
export async function buildAgentProject(dir: string): Promise<AgentBuildResult> {
  const app = readAgentApp(dir);
  if (!app) throw new BuildError('NOT_AGENT_PROJECT', `${dir} has no golem.yaml with manifestVersion 1.5.x`);
  const components = [];
  for (const c of app.components) components.push(await buildComponent(app, c));
  return { app, components };
}

async function buildComponent(app: AgentApp, c: AgentComponent) {
  const temp = join(app.root, 'golem-temp');
  const main = join(c.dir, 'src', 'main.ts');
  if (!existsSync(main)) throw new BuildError('NO_ENTRY', `component ${c.name}: no ${main}`);
  const tsconfig = join(c.dir, 'tsconfig.json');
  if (!existsSync(tsconfig)) throw new BuildError('NO_TSCONFIG', `component ${c.name}: no ${tsconfig}`);

  const metadata = await agentTypeMetadata(c.dir);
  const agents = Object.keys(metadata);
  if (!agents.length) throw new BuildError('NO_AGENTS', `component ${c.name}: no @agent() class in ${join(c.dir, 'src')}`);
  const unresolved = Object.entries(metadata).flatMap(([cls, m]) => findUnresolved(cls, m));
  if (unresolved.length) throw new BuildError('UNSUPPORTED_TYPE', `component ${c.name}: types the agent SDK cannot take`, unresolved);
  const metadataModule = join(temp, 'ts-metadata', kebab(c.name), '.metadata', 'generated-types.ts');
  writeMetadataModule(metadataModule, metadata);

  const { code } = await bundleAgent(c.dir, main, metadataModule, tsconfig);
  const bundlePath = join(temp, 'ts-dist', kebab(c.name), 'main.js');
  mkdirSync(dirname(bundlePath), { recursive: true });
  writeAtomically(bundlePath, code);

  const guest = readFileSync(agentGuestWasm(app.root, c.dir));
  const wasm = injectJs(guest, code);
  const out = agentOutput(app, c);
  mkdirSync(dirname(out), { recursive: true });
  writeAtomically(out, wasm);
  return { name: c.name, out, size: wasm.length, agents };
}

/** The SDK's prebuilt guest, as the project installed it (node_modules, looked up as Node resolves packages). */
export function agentGuestWasm(root: string, componentDir = root): string {
  for (let dir = componentDir; ; dir = dirname(dir)) {
    const wasm = join(dir, 'node_modules', '@golemcloud', 'golem-ts-sdk', 'wasm', 'agent_guest.wasm');
    if (existsSync(wasm)) return wasm;
    if (dirname(dir) === dir) break;
  }
  throw new BuildError('NO_AGENT_SDK', `@golemcloud/golem-ts-sdk is not installed for ${root} (npm install): its wasm/agent_guest.wasm is the guest the agents run in`);
}

function findUnresolved(cls: string, m: { constructorArgs: { name: string; type: unknown }[]; methods: Record<string, { methodParams: Record<string, unknown>; returnType: unknown }> }): string[] {
  const out: string[] = [];
  const walk = (where: string, t: unknown) => {
    if (!t || typeof t !== 'object') return;
    const o = t as Record<string, unknown>;
    if (o.kind === 'unresolved-type') out.push(`${where}: ${String(o.error)}`);
    for (const v of Object.values(o)) {
      if (Array.isArray(v)) v.forEach((x) => walk(where, (x as { type?: unknown })?.type ?? x));
      else if (v && typeof v === 'object') walk(where, v);
    }
  };
  m.constructorArgs.forEach((a) => walk(`${cls} constructor ${a.name}`, a.type));
  for (const [name, meth] of Object.entries(m.methods)) {
    for (const [p, t] of Object.entries(meth.methodParams)) walk(`${cls}.${name} ${p}`, t);
    walk(`${cls}.${name} return`, meth.returnType);
  }
  return out;
}
