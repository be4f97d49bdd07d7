import { createTestHost, type TestHost } from 'golem-ts/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

// Built by `npm run build` (golem-ts build) from wit/ and src/.
const component = new URL('../dist/minimal.wasm', import.meta.url);

let host: TestHost;
beforeAll(async () => {
  host = await createTestHost();
});
afterAll(() => host?.close());

it('hello answers on the durable host', async () => {
  const worker = await host.worker(await host.template(component), 'greeter-1');
  expect(await worker.invoke('golem:minimal/api/hello', ['Ada'])).toEqual(['Hello, Ada!']);
  expect(worker.status()).toBe('Idle');
});

it('a worker keeps answering after the host restarts (its oplog is replayed)', async () => {
  const worker = await host.worker(await host.template(component), 'greeter-2');
  await worker.invoke('golem:minimal/api/hello', ['Grace']);
  await host.restart();
  expect(await worker.invoke('golem:minimal/api/hello', ['Linus'])).toEqual(['Hello, Linus!']);
  expect(worker.oplog().filter((e) => e.kind === 'exported-function-invoked')).toHaveLength(2);
});
