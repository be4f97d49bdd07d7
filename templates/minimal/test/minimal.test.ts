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

it('a call in flight when the host crashes still settles, and runs once', async () => {
  const worker = await host.worker(await host.template(component), 'greeter-3');
  const call = worker.invoke('golem:minimal/api/hello', ['Barbara']);
  await host.restart(); // kill -9 + restart while the call is on its way: it is joined or made again under its key
  expect(await call).toEqual(['Hello, Barbara!']);
  expect(worker.oplog().filter((e) => e.kind === 'exported-function-invoked')).toHaveLength(1);
  expect(worker.oplog().filter((e) => e.kind === 'exported-function-completed')).toHaveLength(1);
});
