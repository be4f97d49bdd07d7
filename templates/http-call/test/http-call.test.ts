import { createTestHost, type TestHost } from 'golem-ts/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

// Built by `npm run build` (golem-ts build) from wit/ and src/.
const component = new URL('../dist/http-call.wasm', import.meta.url);
const CHECKOUT = 'golem:http-call/api/checkout';

let host: TestHost;
const stock = new Map([['book', 1]]);
beforeAll(async () => {
  host = await createTestHost();
  // The services, answered by routes: no server, every request recorded in host.http.requests.
  let charges = 0;
  host.http.route('POST https://payments.example/charges', () => Response.json({ id: `ch_${++charges}` }, { status: 201 }));
  host.http.route('POST https://warehouse.example/reservations', (req) => {
    const { sku } = req.json() as { sku: string };
    const left = stock.get(sku) ?? 0;
    if (left === 0) return { status: 409 };
    stock.set(sku, left - 1);
    return { status: 201, json: { id: `rs_${sku}` } };
  });
  host.http.route('POST https://payments.example/charges/ch_2/refund', () => ({ status: 200 }));
});
afterAll(() => host?.close());

async function shop(name: string) {
  const worker = await host.worker(await host.template(component), name);
  expect(await worker.invoke('golem:http-call/api/configure', ['https://payments.example', 'https://warehouse.example'])).toEqual([{ ok: null }]);
  return worker;
}

const calls = () => host.http.requests.map((r) => `${r.method} ${r.url}`);

it('charges, then reserves: the receipt names both; each request carries an idempotency key', async () => {
  const worker = await shop('order-1');
  expect(await worker.invoke(CHECKOUT, ['o-1', 'book', 1999])).toEqual([{ ok: { 'charge-id': 'ch_1', 'reservation-id': 'rs_book' } }]);
  expect(calls()).toEqual(['POST https://payments.example/charges', 'POST https://warehouse.example/reservations']);
  expect(host.http.requests.every((r) => /^[0-9a-f-]{36}$/.test(r.headers['idempotency-key']))).toBe(true);
});

it('a refused reservation refunds the charge (the compensation); after a restart, replay sends nothing again', async () => {
  const worker = await shop('order-2');
  const before = host.http.requests.length;
  expect(await worker.invoke(CHECKOUT, ['o-2', 'book', 1999])).toEqual([{ err: 'book could not be reserved (409); charge ch_2 was refunded' }]);
  expect(calls().slice(before)).toEqual(['POST https://payments.example/charges', 'POST https://warehouse.example/reservations', 'POST https://payments.example/charges/ch_2/refund']);

  await host.restart();
  // The worker is rebuilt from its oplog: the recorded responses, no request.
  expect(await worker.invoke('golem:http-call/api/configure', ['https://payments.example', 'https://warehouse.example'])).toEqual([{ ok: null }]);
  expect(host.http.requests.length).toBe(before + 3);
});
