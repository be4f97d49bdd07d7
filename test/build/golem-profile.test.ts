import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadProject, releaseHostWit } from '../../src/build/index.ts';
import { readWitFiles } from '../../src/build/wit-dir.ts';
import { decodeComponentWorld } from '../../src/wit/binary/index.ts';
import { functionMetadata, parseWitPackages, stringifyJson, type WitFunction } from '../../src/wit/index.ts';
import type { Executor } from '../../src/host/executor.ts';
import { executorWith, untilStatus, utf8 } from '../host/helpers.ts';

const depsDir = fileURLToPath(new URL('../../wit/deps', import.meta.url));
const releaseFile = fileURLToPath(new URL('../../wit/releases/golem-wit-v1.0.0/golem-host.wit', import.meta.url));

/**
 * golem-wit v1.0.0's golem-host.wit (vendored verbatim), resolved with the packages it `use`s:
 * golem:rpc's `uri` and wasi:clocks' `duration` are the same in the release and in wit/deps.
 */
function releaseHost(): Map<string, WitFunction> {
  const files: Record<string, string> = { 'golem-host.wit': releaseHostWit('golem-1.0') };
  for (const [path, text] of Object.entries(readWitFiles(depsDir))) {
    if (path.startsWith('wasm-rpc/') || path.startsWith('clocks/') || path.startsWith('io/')) files[`deps/${path}`] = text;
  }
  const iface = parseWitPackages(files).interfaces.get('golem:api/host@0.2.0');
  if (!iface) throw new Error('golem:api/host@0.2.0 missing from the release text');
  return new Map(iface.functions.map((f) => [f.name, f]));
}

let executor: Executor | undefined;
afterAll(async () => {
  await executor?.close();
});

describe('golem-ts build --golem golem-1.0', () => {
  it('is read from golem-ts.json and refused when unknown', () => {
    const dir = fileURLToPath(new URL('../fixtures/profile-golem-1.0', import.meta.url));
    expect(loadProject(dir).golem).toBe('golem-1.0');
    expect(() => loadProject(dir, { golem: 'golem-9' })).toThrow(/unknown Golem profile "golem-9"/);
  });

  it('the vendored release text is the verbatim v1.0.0 file (component-id, f64 multiplier, `-> ()`)', () => {
    const text = readFileSync(releaseFile, 'utf8');
    expect(text).toMatch(/^package golem:api@0\.2\.0;/);
    expect(text).toContain('component-id: component-id,');
    expect(text).toContain('multiplier: f64');
    expect(text).toContain('delete-promise: func(promise-id: promise-id) -> ();');
  });

  it("imports golem:api/host@0.2.0 exactly as golem-wit v1.0.0 declares it: names, parameters, results, record fields", () => {
    const { imports } = decodeComponentWorld(readFileSync(inject('profileGolem10Wasm')));
    const host = imports.find((i) => i.name === 'golem:api/host@0.2.0');
    expect(host).toBeDefined();
    const release = releaseHost();
    expect(host!.functions.length).toBeGreaterThan(0);
    for (const name of host!.functions) {
      const expected = release.get(name);
      expect(expected, `${name} is not in the release`).toBeDefined();
      expect(functionMetadata(host!.signature(name)!), name).toEqual(functionMetadata(expected!));
    }
    // The promise functions the SDK uses, under their v1.0.0 names.
    expect(host!.functions).toEqual(expect.arrayContaining(['create-promise', 'await-promise']));
    expect(host!.records.get('worker-id')).toEqual(['component-id', 'worker-name']);
    expect(host!.records.get('retry-policy')).toEqual(['max-attempts', 'min-delay', 'max-delay', 'multiplier']);
    expect([...host!.records.keys()]).not.toContain('template-id');
  });

  it('runs on the golem-ts host too: the SDK creates and awaits promises with component-id records', async () => {
    const h = await executorWith(inject('profileGolem10Wasm'));
    executor = h.executor;
    const { templateId } = h;
    await executor.createWorker(templateId, 'p', [], []);
    const call = (f: string) => executor!.invokeAndAwait(templateId, 'p', `test:profile/api/${f}`, []);
    const [ref] = JSON.parse(stringifyJson(await call('start')) as string) as [string];
    expect(ref).toMatch(new RegExp(`^${templateId}/p/\\d+$`));
    const finished = call('finish');
    await untilStatus(executor, templateId, 'p', 'Suspended');
    expect(await executor.completePromise(templateId, 'p', BigInt(ref.split('/')[2]), utf8('done'))).toBe(true);
    expect(JSON.parse(stringifyJson(await finished) as string)).toEqual([{ ok: 'done' }]);
  });
});
