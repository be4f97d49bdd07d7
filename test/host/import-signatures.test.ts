import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { GolemApiError, GolemClient } from '../../src/client/index.ts';
import { Executor } from '../../src/host/executor.ts';
import { ExecutorError } from '../../src/host/errors.ts';
import { hostSignatures } from '../../src/host/host-wit.ts';
import { mismatchedImports } from '../../src/host/import-check.ts';
import { startServer } from '../../src/server/index.ts';
import { decodeComponentWorld } from '../../src/wit/binary/index.ts';
import type { WitType } from '../../src/wit/index.ts';
import { typeDifference } from '../../src/wit/type-difference.ts';
import { tempDir } from './helpers.ts';

/** Imported functions are checked at upload by their WIT types, not only by name, against the host's WIT. */

const WRONG = [
  'the component imports golem:api/host@0.2.0.{await-promise} with a signature the host does not provide: expected func(promise-id: promise-id) -> list<u8>, found func(promise-id: promise-id) -> string (result: expected list<u8>, found string)',
  'the component imports golem:api/host@0.2.0.{get-oplog-index} with a signature the host does not provide: expected func() -> u64, found func() -> u32 (result: expected u64, found u32)',
];

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0).reverse()) await o.close();
});

async function executor(): Promise<Executor> {
  const e = await Executor.open({ dataDir: tempDir() });
  opened.push(e);
  return e;
}

describe('imported function signatures', () => {
  it('refuse a component whose imports have the host’s names but other types, naming each function, expected and found', async () => {
    const host = await executor();
    const error = await host.addTemplate('wrong', readFileSync(inject('plainGuestWasm')['wrong-signature'])).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ExecutorError);
    expect((error as ExecutorError).code).toBe('INVALID_REQUEST');
    expect((error as ExecutorError).errors).toEqual(WRONG);
    expect(host.listTemplates()).toEqual([]);
  });

  it('are answered 400 over REST', async () => {
    const server = await startServer({ executor: await executor(), port: 0 });
    opened.push(server);
    const client = new GolemClient({ url: server.url });
    const error = await client.addTemplate('wrong', readFileSync(inject('plainGuestWasm')['wrong-signature'])).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GolemApiError);
    expect((error as GolemApiError).status).toBe(400);
    expect((error as GolemApiError).errors).toEqual(WRONG);
  });

  it('accept every component the suite builds, in each dialect of golem:api/host the host provides', () => {
    const all = [
      inject('underwritingWasm'),
      inject('hostApiWasm'),
      inject('jsTimersWasm'),
      inject('profileGolem10Wasm'),
      inject('memoryBombWasm'),
      inject('kitWasm').v1,
      inject('kitWasm').v2,
      inject('plainGuestWasm')['template-era'],
      inject('plainGuestWasm')['golem-1.0'],
      ...Object.values(inject('templateWasm')),
    ];
    for (const wasm of all) expect(mismatchedImports(decodeComponentWorld(readFileSync(wasm)).imports, hostSignatures()), wasm).toEqual([]);
  });

  it('say where two types differ, spelling out named types', () => {
    const u32: WitType = { kind: 'u32' };
    const f64: WitType = { kind: 'f64' };
    const policy = (multiplier: WitType): WitType => ({ kind: 'record', name: 'retry-policy', fields: [{ name: 'max-attempts', type: u32 }, { name: 'multiplier', type: multiplier }] });
    expect(typeDifference(policy(u32), policy(u32), 'parameter 1')).toBeUndefined();
    expect(typeDifference(policy(u32), policy(f64), 'parameter 1')).toBe('parameter 1 field multiplier: expected u32, found f64');
    const colours = (...cases: string[]): WitType => ({ kind: 'enum', name: 'colour', cases });
    expect(typeDifference(colours('red', 'green'), colours('green', 'red'), 'result')).toBe('result: expected enum colour { red, green }, found enum colour { green, red }');
    const handle = (mode: 'own' | 'borrow'): WitType => ({ kind: 'handle', resource: 'bucket', owner: 'wasi:keyvalue/types@0.1.0', mode });
    expect(typeDifference(handle('borrow'), handle('own'), 'parameter 1')).toBe('parameter 1: expected borrow<bucket>, found bucket');
  });
});
