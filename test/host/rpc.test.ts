import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Executor } from '../../src/host/executor.ts';
import { waitOf } from '../../src/host/oplog.ts';
import { stringifyJson } from '../../src/wit/index.ts';
import { executorWith, untilStatus } from './helpers.ts';

const fn = (name: string) => `test:host-api/api/${name}`;
let executor: Executor;
let templateId: string;
let dataDir: string;
let n = 0;

beforeAll(async () => {
  ({ executor, templateId, dataDir } = await executorWith(inject('hostApiWasm')));
});
afterAll(async () => {
  await executor.close();
});

async function worker(): Promise<string> {
  const name = `rpc${++n}`;
  await executor.createWorker(templateId, name, [], []);
  return name;
}
const call = (w: string, f: string, params: unknown[] = []) => executor.invokeAndAwait(templateId, w, fn(f), params);
const rpcEntries = (w: string) => executor.getOplog(templateId, w).filter((e) => e.kind === 'imported-function-invoked' && e.functionName.startsWith('golem:rpc/'));
const invocations = (w: string, f: string) => executor.getOplog(templateId, w).filter((e) => e.kind === 'exported-function-invoked' && e.functionName === fn(f));

const values = {
  small: 255,
  big: 18446744073709551615n,
  signed: -9223372036854775808n,
  ratio: 0.25,
  letter: 0x1f600,
  maybe: 'some',
  tags: ['x', 'y'],
  pair: [7, 'seven'],
  colour: 'green',
  perms: ['read', 'execute'],
  shape: { rect: [2, 3.5] },
  outcome: { err: 'nope' },
};

describe('golem:rpc wasm-rpc on the durable host', () => {
  it('invoke-and-await carries every WIT value kind to another worker and back; the target is created on first use', async () => {
    const caller = await worker();
    const target = `echo-target-${n}`;
    const result = await call(caller, 'echo-via-rpc', [target, values]);
    expect(stringifyJson(result)).toBe(stringifyJson([values]));
    expect(executor.getWorker(templateId, target).status).toBe('Idle');
    expect(invocations(target, 'echo')).toHaveLength(1);
    // The request and its outcome are two recorded host calls; the caller suspended in between.
    expect(rpcEntries(caller).map((e) => (e as { functionName: string }).functionName)).toEqual([
      'golem:rpc/types/wasm-rpc.invoke-and-await',
      'golem:rpc/types/wasm-rpc.invoke-and-await/outcome',
    ]);
    // The suspend names the call it waits for: the request entry's index.
    const request = rpcEntries(caller)[0];
    const suspends = executor.getOplog(templateId, caller).filter((e) => e.kind === 'suspend');
    expect(suspends.length).toBeGreaterThan(0);
    for (const s of suspends) expect(s).toMatchObject({ kind: 'suspend', rpcCall: request.idx });
    expect(waitOf(executor.getOplog(templateId, caller).filter((e) => e.idx <= suspends[0].idx))).toEqual({ kind: 'rpc', call: request.idx });
  });

  it('replay answers the call from the oplog: the target is not invoked again', async () => {
    const caller = await worker();
    const target = `echo-target-${n}`;
    await call(caller, 'echo-via-rpc', [target, { ...values, tags: ['once'] }]);
    await executor.interrupt(templateId, caller, true); // a simulated restart: rebuilt by replay
    await call(caller, 'increment', [1]);
    expect(invocations(target, 'echo')).toHaveLength(1);
    expect(rpcEntries(caller)).toHaveLength(2);
  });

  it('failures come back as rpc-error cases, not traps', async () => {
    const caller = await worker();
    const probe = async (target: string, f: string) => (await call(caller, 'rpc-probe', [target, f])) as [string];
    const other = `worker://${templateId}/probe-target-${n}`;
    expect(await probe(other, fn('draws'))).toEqual(['ok']);
    expect(await probe(other, fn('no-such-function'))).toEqual([expect.stringMatching(/^not-found: .*no function test:host-api\/api\/no-such-function/)]);
    expect(await probe(other, fn('increment'))).toEqual([expect.stringMatching(/^protocol-error: increment takes 1 parameters, got 0/)]);
    expect(await probe(`worker://${templateId}/${caller}`, fn('draws'))).toEqual([expect.stringMatching(/^protocol-error: worker .* cannot call itself/)]);
    expect(await probe(`worker://${templateId}/trap-target-${n}`, fn('trap'))).toEqual([expect.stringMatching(/^remote-internal-error: .*unreachable/)]);
    expect(executor.getWorker(templateId, caller).status).toBe('Idle');
    // A malformed location is a bug in the caller, not a remote failure: it traps (Golem's constructor does too).
    const bad = await worker();
    const trapped = await call(bad, 'rpc-probe', ['worker://not-a-template/x', fn('draws')]).catch((e: Error) => e.message);
    expect(trapped).toMatch(/invalid worker URI "worker:\/\/not-a-template\/x"/);
  });

  it('a call in flight when the host stops is sent again after the restart and the target runs it once', async () => {
    const caller = await worker();
    const target = `waiting-target-${n}`;
    // The target suspends on a promise of its own, so the call stays in flight.
    void call(caller, 'rpc-probe', [`worker://${templateId}/${target}`, fn('wait-for-text')]).catch(() => {});
    await untilStatus(executor, templateId, target, 'Suspended');
    expect(executor.getWorker(templateId, caller).status).toBe('Suspended');
    await executor.close();
    executor = await Executor.open({ dataDir });
    await executor.recover();
    const created = executor.getOplog(templateId, target).find((e) => e.kind === 'imported-function-invoked' && e.functionName === 'golem:api/host/create-promise');
    expect(await executor.completePromise(templateId, target, BigInt(created!.idx), new TextEncoder().encode('hi'))).toBe(true);
    await untilStatus(executor, templateId, caller, 'Idle');
    expect(executor.getOplog(templateId, caller).filter((e) => e.kind === 'exported-function-completed').at(-1)).toMatchObject({ response: ['ok'] });
    expect(invocations(target, 'wait-for-text')).toHaveLength(1);
  });
});
