import { transpile } from '@bytecodealliance/jco';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAgentProject, injectJs, InjectError } from '../../src/build/index.ts';
import { agentGuestWasm } from '../../src/build/agent/build.ts';
import { splitSections } from '../../src/build/agent/sections.ts';
import { findSlots, JS_OFFSET_AT, readU32 } from '../../src/build/agent/slot.ts';
import { ensureRootPreopen } from '../../src/build/preopens.ts';

const project = fileURLToPath(new URL('../fixtures/agents', import.meta.url));

/** The core module holding the JS slot, and the slot's JS_OFFSET. */
function guestModule(component: Uint8Array) {
  const mod = splitSections(component).sections.find((s) => s.id === 1 && findSlots(s.payload).length)!.payload;
  const { sections } = splitSections(mod);
  const slotAt = findSlots(mod)[0];
  return { mod, slotAt, jsOffset: readU32(mod, slotAt + JS_OFFSET_AT), sections };
}

describe('golem-ts build of a Golem 1.5 agent project', () => {
  let result: Awaited<ReturnType<typeof buildAgentProject>>;
  beforeAll(async () => {
    result = await buildAgentProject(project);
  });

  it('writes the component where golem build puts it, with the type metadata and bundle beside', () => {
    expect(result.components).toEqual([expect.objectContaining({ name: 'agents:ts-main', out: join(project, 'golem-temp/agents/agents_ts_main.wasm') })]);
    expect(result.components[0].agents.sort()).toEqual(['ApprovalAgent', 'CounterAgent']);
    const metadata = readFileSync(join(project, 'golem-temp/ts-metadata/agents-ts-main/.metadata/generated-types.ts'), 'utf8');
    expect(metadata.startsWith('export const Metadata = ')).toBe(true);
    const parsed = JSON.parse(metadata.slice('export const Metadata = '.length).replace(/;\s*$/, ''));
    expect(parsed.CounterAgent.constructorArgs).toEqual([{ name: 'name', type: { kind: 'string' } }]);
    expect(parsed.CounterAgent.methods.increment).toEqual({ methodParams: { by: { kind: 'number' } }, returnType: { kind: 'promise', name: 'Promise', element: { kind: 'number' } } });
    const bundle = readFileSync(join(project, 'golem-temp/ts-dist/agents-ts-main/main.js'), 'utf8');
    expect(bundle).toMatch(/from "@golemcloud\/golem-ts-sdk"/);
    expect(bundle).toContain('TypescriptTypeRegistry.register(');
  });

  it('injects the bundle into the SDK guest: slot → active segment LEN·JS past the old memory minimum', () => {
    const guest = readFileSync(agentGuestWasm(project));
    const built = readFileSync(result.components[0].out);
    const bundle = readFileSync(join(project, 'golem-temp/ts-dist/agents-ts-main/main.js'));
    const before = guestModule(guest);
    const after = guestModule(built);
    expect(before.jsOffset).toBe(0);
    expect(after.jsOffset).toBeGreaterThan(0);
    // The segment at JS_OFFSET holds LEN then the bundle, byte for byte.
    const at = Buffer.from(after.mod).indexOf(bundle);
    expect(at).toBeGreaterThan(0);
    expect(readU32(after.mod, at - 4)).toBe(bundle.length);
    expect(after.jsOffset % 65536).toBe(0);
    // Every other section of the component is untouched.
    const a = splitSections(guest).sections;
    const b = splitSections(built).sections;
    expect(b.length).toBe(a.length);
    const changed = a.map((s, i) => Buffer.compare(Buffer.from(s.payload), Buffer.from(b[i].payload)) !== 0).filter(Boolean);
    expect(changed.length).toBe(1);
  });

  it('is a valid component jco transpiles, exporting golem:agent/guest@1.5.0', async () => {
    await ensureRootPreopen();
    const { exports } = await transpile(readFileSync(result.components[0].out), { name: 'component', instantiation: 'async', noTypescript: true, quiet: true });
    expect(exports.map(([n]) => n)).toContain('golem:agent/guest@1.5.0');
  });

  it('refuses to inject twice, and a component without a slot', () => {
    const built = readFileSync(result.components[0].out);
    expect(() => injectJs(built, 'x')).toThrow(/already has JavaScript injected/);
    expect(() => injectJs(readFileSync(agentGuestWasm(project)).subarray(0, 8), 'x')).toThrow(InjectError);
  });
});
