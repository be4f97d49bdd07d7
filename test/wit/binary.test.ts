import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { readEmbeddedWit } from '../../src/build/index.ts';
import { decodeComponentWorld } from '../../src/wit/binary/index.ts';
import { WitBinaryError } from '../../src/wit/errors.ts';
import { exportMetadata, parseWitPackages, resolveWorld } from '../../src/wit/index.ts';

const builtByGolemTs = () => ({ underwriting: inject('underwritingWasm'), 'host-api': inject('hostApiWasm'), ...inject('templateWasm') });

describe('component types decoded from the binary', () => {
  it.each(Object.entries(builtByGolemTs()))('%s: exports match the metadata derived from its WIT sources', (_name, path) => {
    const wasm = readFileSync(path);
    const embedded = readEmbeddedWit(wasm)!;
    const fromSources = resolveWorld(parseWitPackages(embedded.files), embedded.world);
    const decoded = decodeComponentWorld(wasm);
    expect(exportMetadata(decoded.world.exports)).toEqual(exportMetadata(fromSources.exports));
    // Same imports, as instance names with versions.
    const unversioned = (names: string[]) => names.map((n) => n.replace(/@.*$/, '')).sort();
    expect(unversioned(decoded.imports.map((i) => i.name))).toEqual(expect.arrayContaining(unversioned(fromSources.imports).filter((n) => n.startsWith('golem:') || n.startsWith('wasi:keyvalue'))));
  });

  it('lists the functions of each imported instance', () => {
    const { imports } = decodeComponentWorld(readFileSync(inject('hostApiWasm')));
    const host = imports.find((i) => i.name === 'golem:api/host@0.2.0')!;
    expect(host.functions).toEqual(expect.arrayContaining(['create-promise', 'await-promise', 'complete-promise']));
    expect(host.records.get('worker-id')).toEqual(['template-id', 'worker-name']);
    expect(host.signature('complete-promise')?.params.map((p) => p.name)).toEqual(['promise-id', 'data']);
  });

  it('reports truncated or foreign binaries with WitBinaryError', () => {
    const wasm = readFileSync(inject('hostApiWasm'));
    expect(() => decodeComponentWorld(wasm.subarray(0, 4000))).toThrow(WitBinaryError);
    expect(() => decodeComponentWorld(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]))).toThrow(/not a WebAssembly component/);
  });
});
