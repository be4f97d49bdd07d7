import type { TestProject } from 'vitest/node';
import { build } from '../../src/build/index.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute path of examples/underwriting/dist/underwriting.wasm, built once per run. */
    underwritingWasm: string;
    /** Absolute path of test/fixtures/host-api's component, which exercises every host import. */
    hostApiWasm: string;
    /** Every template of templates/manifest.json, built: name → component path. */
    templateWasm: Record<string, string>;
    /** test/fixtures/kit-v1 and kit-v2 (the same workflow with two host calls swapped), for the test kit. */
    kitWasm: { v1: string; v2: string };
  }
}

const example = fileURLToPath(new URL('../../examples/underwriting', import.meta.url));
const hostApi = fileURLToPath(new URL('../fixtures/host-api', import.meta.url));
const kitFixture = (version: string) => fileURLToPath(new URL(`../fixtures/kit-${version}`, import.meta.url));
const templates = fileURLToPath(new URL('../../templates', import.meta.url));

/**
 * Builds the components tests need once per run; unchanged sources are a content-hash cache
 * hit, so only the first run on a machine pays for componentize-js.
 */
export default async function setup(project: TestProject): Promise<void> {
  // One after the other: componentize-js keeps both cores busy on its own.
  project.provide('underwritingWasm', await buildFixture(example));
  project.provide('hostApiWasm', await buildFixture(hostApi));
  project.provide('kitWasm', { v1: await buildFixture(kitFixture('v1')), v2: await buildFixture(kitFixture('v2')) });
  const manifest = JSON.parse(readFileSync(join(templates, 'manifest.json'), 'utf8')) as { templates: { name: string; path: string }[] };
  const built: Record<string, string> = {};
  for (const t of manifest.templates) built[t.name] = await buildFixture(join(templates, t.path));
  project.provide('templateWasm', built);
}

async function buildFixture(dir: string): Promise<string> {
  const started = Date.now();
  const result = await build(dir);
  console.log(`[fixtures] ${result.project.world}.wasm ${result.cached ? 'from cache' : 'built'} in ${Date.now() - started} ms`);
  return result.out;
}
