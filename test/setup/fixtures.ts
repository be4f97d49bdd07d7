import type { TestProject } from 'vitest/node';
import { build, buildAgentProject } from '../../src/build/index.ts';
import { buildJcoComponent, buildPlainComponent } from './plain-componentize.ts';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute path of examples/underwriting/dist/underwriting.wasm, built once per run. */
    underwritingWasm: string;
    /** Absolute path of test/fixtures/host-api's component, which exercises every host import. */
    hostApiWasm: string;
    /** Every component template of templates/manifest.json, built: name → component path. */
    templateWasm: Record<string, string>;
    /** The Golem 1.5 agent templates (`kind: "agent"`), built by buildAgentProject: name → component path. */
    agentTemplateWasm: Record<string, string>;
    /**
     * Components built with plain componentize-js (no golem-ts metadata) against a released
     * golem:api/host@0.2.0: `template-era` (golem-wit v0.2.5), `golem-1.0` (golem-wit v1.0.0);
     * `wrong-signature` against golem-wit v1.0.0 with two signatures altered (the host must refuse it).
     */
    plainGuestWasm: Record<'template-era' | 'golem-1.0' | 'wrong-signature' | 'default-features', string>;
    /** test/fixtures/plain-guests/default-features built with `jco componentize` (jco's componentize-js, default features). */
    jcoComponentizeWasm: string;
    /** test/fixtures/js-timers: Golem's js-3 timer test component as a golem-ts project. */
    jsTimersWasm: string;
    /** test/fixtures/profile-golem-1.0 built by `golem-ts build` with the `golem-1.0` profile. */
    profileGolem10Wasm: string;
    /** test/fixtures/http-guest (fetch in a workflow) and test/fixtures/no-http (built with "http": false). */
    httpWasm: { guest: string; noHttp: string };
    /** test/fixtures/kit-v1 and kit-v2 (the same workflow with two host calls swapped), for the test kit. */
    kitWasm: { v1: string; v2: string };
    /** test/fixtures/memory-bomb: a guest that allocates without bound (and echoes text to stdout/stderr). */
    memoryBombWasm: string;
    /** test/fixtures/agents (a Golem 1.5 agent project) built by `golem-ts build` into the SDK's guest. */
    agentWasm: string;
  }
}

const example = fileURLToPath(new URL('../../examples/underwriting', import.meta.url));
const hostApi = fileURLToPath(new URL('../fixtures/host-api', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const kitFixture = (version: string) => fileURLToPath(new URL(`../fixtures/kit-${version}`, import.meta.url));
const templates = fileURLToPath(new URL('../../templates', import.meta.url));
const jsTimers = fileURLToPath(new URL('../fixtures/js-timers', import.meta.url));
const profileGolem10 = fileURLToPath(new URL('../fixtures/profile-golem-1.0', import.meta.url));
const memoryBomb = fileURLToPath(new URL('../fixtures/memory-bomb', import.meta.url));
const agentsFixture = fileURLToPath(new URL('../fixtures/agents', import.meta.url));
const plainGuests = fileURLToPath(new URL('../fixtures/plain-guests', import.meta.url));
const releaseWit = (tag: string) => fileURLToPath(new URL(`../../wit/releases/golem-wit-${tag}/golem-host.wit`, import.meta.url));

/**
 * Builds the components tests need once per run; unchanged sources are a content-hash cache
 * hit, so only the first run on a machine pays for componentize-js.
 */
export default async function setup(project: TestProject): Promise<void> {
  // One after the other: componentize-js keeps both cores busy on its own.
  project.provide('underwritingWasm', await buildFixture(example));
  project.provide('hostApiWasm', await buildFixture(hostApi));
  project.provide('kitWasm', { v1: await buildFixture(kitFixture('v1')), v2: await buildFixture(kitFixture('v2')) });
  const manifest = JSON.parse(readFileSync(join(templates, 'manifest.json'), 'utf8')) as { templates: { name: string; path: string; kind?: string }[] };
  const built: Record<string, string> = {};
  const agents: Record<string, string> = {};
  for (const t of manifest.templates) {
    if (t.kind === 'agent') agents[t.name] = await buildAgentFixture(join(templates, t.path));
    else built[t.name] = await buildFixture(join(templates, t.path));
  }
  project.provide('templateWasm', built);
  project.provide('agentTemplateWasm', agents);
  project.provide('jsTimersWasm', await buildFixture(jsTimers));
  project.provide('httpWasm', { guest: await buildFixture(fixture('http-guest')), noHttp: await buildFixture(fixture('no-http')) });
  project.provide('profileGolem10Wasm', await buildFixture(profileGolem10));
  project.provide('memoryBombWasm', await buildFixture(memoryBomb));
  project.provide('agentWasm', await buildAgentFixture(agentsFixture));
  project.provide('plainGuestWasm', {
    'template-era': await plainFixture('template-era', releaseWit('v0.2.5')),
    'golem-1.0': await plainFixture('golem-1.0', releaseWit('v1.0.0')),
    'wrong-signature': await plainFixture('wrong-signature', alteredHostWit()),
    'default-features': await plainFixture('default-features', releaseWit('v1.0.0'), { defaultFeatures: true }),
  });
  const jcoStarted = Date.now();
  const jco = await buildJcoComponent(join(plainGuests, 'default-features'));
  console.log(`[fixtures] jco componentize default-features ${jco.cached ? 'from cache' : 'built'} in ${Date.now() - jcoStarted} ms`);
  project.provide('jcoComponentizeWasm', jco.out);
}

/** golem-wit v1.0.0's host WIT with `get-oplog-index` and `await-promise` returning the wrong types. */
function alteredHostWit(): string {
  const text = readFileSync(releaseWit('v1.0.0'), 'utf8');
  const altered = text.replace('get-oplog-index: func() -> oplog-index;', 'get-oplog-index: func() -> u32;').replace('await-promise: func(promise-id: promise-id) -> list<u8>;', 'await-promise: func(promise-id: promise-id) -> string;');
  if (altered.split('\n').filter((l, i) => l !== text.split('\n')[i]).length !== 2) throw new Error('golem-wit v1.0.0 changed: the wrong-signature fixture alters nothing');
  const dir = join(plainGuests, 'wrong-signature', '.golem-ts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'golem-host.wit'), altered);
  return join(dir, 'golem-host.wit');
}

async function buildAgentFixture(dir: string): Promise<string> {
  const started = performance.now();
  const { components } = await buildAgentProject(dir);
  console.log(`[fixtures] ${components[0].name} built in ${Math.round(performance.now() - started)} ms`);
  return components[0].out;
}

/** `golemHostWit`: the golem:api/host@0.2.0 WIT file to build against. */
async function plainFixture(name: string, golemHostWit: string, opts: { defaultFeatures?: boolean } = {}): Promise<string> {
  const started = Date.now();
  const result = await buildPlainComponent(join(plainGuests, name), golemHostWit, opts);
  console.log(`[fixtures] plain componentize-js ${name}.wasm ${result.cached ? 'from cache' : 'built'} in ${Date.now() - started} ms`);
  return result.out;
}

async function buildFixture(dir: string): Promise<string> {
  const started = Date.now();
  const result = await build(dir);
  console.log(`[fixtures] ${result.project.world}.wasm ${result.cached ? 'from cache' : 'built'} in ${Date.now() - started} ms`);
  return result.out;
}
