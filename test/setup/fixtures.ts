import type { TestProject } from 'vitest/node';
import { build } from '../../src/build/index.ts';
import { fileURLToPath } from 'node:url';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute path of examples/underwriting/dist/underwriting.wasm, built once per run. */
    underwritingWasm: string;
  }
}

const example = fileURLToPath(new URL('../../examples/underwriting', import.meta.url));

/**
 * Builds the components tests need once per run; unchanged sources are a content-hash cache
 * hit, so only the first run on a machine pays for componentize-js.
 */
export default async function setup(project: TestProject): Promise<void> {
  const started = Date.now();
  const result = await build(example);
  if (!process.env.CI || !result.cached) {
    console.log(`[fixtures] underwriting.wasm ${result.cached ? 'from cache' : 'built'} in ${Date.now() - started} ms`);
  }
  project.provide('underwritingWasm', result.out);
}
