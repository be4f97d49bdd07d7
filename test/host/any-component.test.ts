import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Executor } from '../../src/host/executor.ts';
import { ExecutorError } from '../../src/host/errors.ts';
import { stringifyJson } from '../../src/wit/index.ts';
import { tempDir } from './helpers.ts';
import { componentFromWat } from './wat.ts';

/** A component written in component text with a core module in WAT: no JS, no WIT sources anywhere. */
const CALC = `(component
  (core module $m
    (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  )
  (core instance $i (instantiate $m))
  (type $add-t (func (param "a" u32) (param "b" u32) (result u32)))
  (func $add (type $add-t) (canon lift (core func $i "add")))
  (instance $api (export "add" (func $add)))
  (export "test:wat/calc" (instance $api))
)`;

let executor: Executor;
beforeAll(async () => {
  executor = await Executor.open({ dataDir: tempDir() });
});
afterAll(async () => {
  await executor.close();
});

async function uploadError(wat: string): Promise<ExecutorError> {
  const e = await executor.addTemplate('bad', await componentFromWat(wat)).catch((err: unknown) => err);
  expect(e).toBeInstanceOf(ExecutorError);
  return e as ExecutorError;
}

describe('components from any toolchain', () => {
  it('a hand-assembled component uploads, is described from its binary, and runs', async () => {
    const template = await executor.addTemplate('calc', await componentFromWat(CALC));
    expect(template.metadata.exports).toEqual([
      {
        type: 'Instance',
        name: 'test:wat/calc',
        functions: [
          {
            name: 'add',
            parameters: [
              { name: 'a', typ: { type: 'U32' } },
              { name: 'b', typ: { type: 'U32' } },
            ],
            results: [{ typ: { type: 'U32' } }],
            signature: 'func(a: u32, b: u32) -> u32',
          },
        ],
      },
    ]);
    const id = template.versionedTemplateId.rawTemplateId;
    await executor.createWorker(id, 'w', [], []);
    const result = await executor.invokeAndAwait(id, 'w', 'test:wat/calc/add', [40, 2]);
    expect(JSON.parse(stringifyJson(result) as string)).toEqual([42]);
    // Typed JSON is checked against the types read from the binary.
    await expect(executor.invokeAndAwait(id, 'w', 'test:wat/calc/add', [-1, 2])).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('refuses at upload a component importing a host function the host lacks, naming it', async () => {
    const e = await uploadError(`(component
      (import "golem:api/host@0.2.0" (instance (export "golem-teleport" (func)) (export "create-promise" (func))))
    )`);
    expect(e.code).toBe('INVALID_REQUEST');
    expect(e.message).toContain('golem:api/host@0.2.0.{golem-teleport}');
    expect(e.message).not.toContain('create-promise');
  });

  it('refuses at upload a component importing an interface the host lacks, naming it', async () => {
    const e = await uploadError(`(component (import "wasi:sockets/tcp@0.2.0" (instance)))`);
    expect(e.code).toBe('INVALID_REQUEST');
    expect(e.message).toBe('the component imports wasi:sockets/tcp@0.2.0, which the golem-ts host does not provide');
  });

  it('refuses a truncated component with a clear error', async () => {
    const wasm = await componentFromWat(CALC);
    const e = await executor.addTemplate('cut', wasm.subarray(0, wasm.length - 20)).catch((err: unknown) => err);
    expect(e).toMatchObject({ code: 'INVALID_REQUEST' });
    expect((e as Error).message).toMatch(/^malformed component: /);
  });
});
