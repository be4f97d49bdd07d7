import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { readEmbeddedWit } from '../../src/build/index.ts';
import type { Executor } from '../../src/host/executor.ts';
import { stringifyJson } from '../../src/wit/index.ts';
import { executorWith, untilStatus, utf8 } from './helpers.ts';

const json = (v: unknown) => JSON.parse(stringifyJson(v) as string);
const opened: Executor[] = [];
afterAll(async () => {
  for (const e of opened) await e.close();
});

async function host(era: 'template-era' | 'golem-1.0') {
  const h = await executorWith(inject('plainGuestWasm')[era]);
  opened.push(h.executor);
  return h;
}

describe.each([
  { era: 'template-era' as const, pkg: 'test:template-era/api', idField: 'template-id' },
  { era: 'golem-1.0' as const, pkg: 'test:golem-one/api', idField: 'component-id' },
])('a plain componentize-js component using the $era spelling of golem:api/host@0.2.0', ({ era, pkg, idField }) => {
  it('carries no golem-ts metadata, uploads, and lists its exports with types read from the binary', async () => {
    const wasm = readFileSync(inject('plainGuestWasm')[era]);
    expect(readEmbeddedWit(wasm)).toBeUndefined();
    const { executor, templateId } = await host(era);
    const [template] = executor.getTemplate(templateId);
    const api = template.metadata.exports.find((e) => e.name === pkg);
    expect(api?.type).toBe('Instance');
    const fns = api?.type === 'Instance' ? api.functions : [];
    const completeOne = fns.find((f) => f.name === 'complete-one');
    expect(completeOne?.parameters.map((p) => p.name)).toEqual(['id', 'data']);
    expect(completeOne?.results).toEqual([{ typ: { type: 'Bool' } }]);
    // promise-id { worker-id { <template-id|component-id> { uuid { high-bits, low-bits } }, worker-name }, oplog-idx }
    const promiseId = completeOne?.parameters[0].typ as { type: string; cases: { name: string; typ: { cases: { name: string }[] } }[] };
    expect(promiseId.cases.map((c) => c.name)).toEqual(['worker-id', 'oplog-idx']);
    expect(promiseId.cases[0].typ.cases.map((c) => c.name)).toEqual([idField, 'worker-name']);
  });

  it('creates a promise, suspends awaiting it, resumes when it is completed over the API; completes and deletes from the guest', async () => {
    const { executor, templateId } = await host(era);
    await executor.createWorker(templateId, 'w', [], []);
    const call = (f: string, params: unknown[] = []) => executor.invokeAndAwait(templateId, 'w', `${pkg}/${f}`, params);

    // Raw typed-JSON values: the uuid's u64 halves must not go through JSON.parse.
    const [id] = (await call('create')) as [Record<string, Record<string, unknown>>];
    // The record has the field names this component's WIT spells.
    expect(Object.keys(id['worker-id'])).toEqual([idField, 'worker-name']);
    expect(id['worker-id']['worker-name']).toBe('w');
    const waiting = call('await-one', [id]);
    await untilStatus(executor, templateId, 'w', 'Suspended');
    expect(await executor.completePromise(templateId, 'w', BigInt(String(id['oplog-idx'])), utf8('from outside'))).toBe(true);
    expect(json(await waiting)).toEqual(['from outside']);

    const [second] = (await call('create')) as [unknown];
    expect(json(await call('complete-one', [second, 'from inside']))).toEqual([true]);
    expect(json(await call('complete-one', [second, 'again']))).toEqual([false]);
    expect(json(await call('await-one', [second]))).toEqual(['from inside']);
    await call('delete-one', [second]);
    expect(executor.getOplog(templateId, 'w').some((e) => e.kind === 'imported-function-invoked' && e.functionName === 'golem:api/host/delete-promise')).toBe(true);
  });
});

describe('golem-wit v1.0.0 additions', () => {
  it('get-self-metadata answers the worker id with component-id', async () => {
    const { executor, templateId } = await host('golem-1.0');
    await executor.createWorker(templateId, 'meta', [], []);
    const [id] = (await executor.invokeAndAwait(templateId, 'meta', 'test:golem-one/api/self-id', [])) as [Record<string, Record<string, Record<string, unknown>>>];
    expect(id['worker-name']).toBe('meta');
    expect(Object.keys(id['component-id'].uuid)).toEqual(['high-bits', 'low-bits']);
    const uuid = id['component-id'].uuid;
    const hex = (v: unknown) => BigInt(String(v)).toString(16).padStart(16, '0');
    expect(`${hex(uuid['high-bits'])}${hex(uuid['low-bits'])}`).toBe(templateId.replace(/-/g, ''));
  });
});
