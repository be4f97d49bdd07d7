import { createTestHost, type TestHost } from 'golem-ts/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

// Built by `npm run build` (golem-ts build) from wit/ and src/.
/** This project: the kit builds it if needed (content-hash cached, so `npm run build` output is reused) and uploads the component. */
const component = new URL('..', import.meta.url);

let host: TestHost;
let templateId: string;
beforeAll(async () => {
  host = await createTestHost();
  templateId = await host.template(component);
});
afterAll(() => host?.close());

const workerNames = () => host.executor.listWorkers(templateId).map((w) => w.workerId.workerName).sort();

it('the coordinator starts one worker per item and collects their results in order', async () => {
  const coordinator = await host.worker(templateId, 'batch-1');
  expect(await coordinator.invoke('golem:fanout/api/start', [['ada', 'grace', 'linus']])).toEqual([3]);
  // The parts were created on first use by the RPC calls, not by the test.
  expect(workerNames()).toEqual(expect.arrayContaining(['batch-1-part-0', 'batch-1-part-1', 'batch-1-part-2']));
  expect(await coordinator.invoke('golem:fanout/api/collect')).toEqual([{ ok: ['ADA', 'ECARG', 'SUNIL'] }]);
  // Each part ran its work exactly once.
  for (const part of ['batch-1-part-0', 'batch-1-part-1', 'batch-1-part-2']) {
    const oplog = host.executor.getOplog(templateId, part);
    expect(oplog.filter((e) => e.kind === 'exported-function-invoked' && e.functionName === 'golem:fanout/api/work')).toHaveLength(1);
  }
});

it('a host restart between start and collect loses nothing and starts no part twice', async () => {
  const coordinator = await host.worker(templateId, 'batch-2');
  await coordinator.invoke('golem:fanout/api/start', [['x', 'yz']]);
  await host.restart();
  // The coordinator's calls are in its oplog: replay does not start the parts again.
  expect(await coordinator.invoke('golem:fanout/api/collect')).toEqual([{ ok: ['X', 'ZY'] }]);
  const rpcRequests = coordinator.oplog().filter((e) => e.kind === 'imported-function-invoked' && e.functionName === 'golem:rpc/types/wasm-rpc.invoke');
  expect(rpcRequests).toHaveLength(2);
  expect(workerNames().filter((n) => n.startsWith('batch-2-part-'))).toEqual(['batch-2-part-0', 'batch-2-part-1']);
});

it('collect before start is an err, not a trap', async () => {
  const coordinator = await host.worker(templateId, 'batch-3');
  expect(await coordinator.invoke('golem:fanout/api/collect')).toEqual([{ err: expect.stringContaining('call start first') }]);
});
