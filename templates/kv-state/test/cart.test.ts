import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHost, type TestHost, type TestWorker } from 'golem-ts/testing';

/** The component `npm run build` writes. */
/** This project: the kit builds it if needed (content-hash cached, so `npm run build` output is reused) and uploads the component. */
const component = new URL('..', import.meta.url);
const fn = (name: string) => `golem:cart/api/${name}`;

// One host for the file (loading the component is the slow part); each test uses its own
// customers (workers), and order numbers are only compared relative to each other.
let host: TestHost;
let templateId: string;
beforeAll(async () => {
  host = await createTestHost();
  templateId = await host.template(component);
});
afterAll(() => host.close());

const line = (sku: string, quantity: number, unitPriceCents: number, name = `product ${sku}`) => ({ sku, name, quantity, 'unit-price-cents': unitPriceCents });

/** A customer: calls return the single result value. */
async function customer(name: string) {
  const w: TestWorker = await host.worker(templateId, name);
  const call = async (f: string, ...params: unknown[]) => ((await w.invoke(fn(f), params)) as [unknown])[0];
  return {
    worker: w,
    add: (sku: string, quantity: number, price: number, name?: string) => call('add-item', line(sku, quantity, price, name)),
    setQuantity: (sku: string, quantity: number) => call('set-quantity', sku, quantity),
    remove: (sku: string) => call('remove-item', sku),
    cart: () => call('get-cart'),
    checkout: () => call('checkout') as Promise<{ ok?: { number: number; 'total-cents': number }; err?: string }>,
    orders: () => call('orders') as Promise<{ number: number }[]>,
    order: (n: number) => call('get-order', n),
  };
}

describe('kv-state: a shopping cart', () => {
  it('adds, merges, changes and removes lines with exact totals', async () => {
    const ada = await customer('ada');
    expect(await ada.cart()).toEqual({ lines: [], 'total-cents': 0 });
    expect(await ada.add('tea', 2, 450)).toEqual({ ok: { lines: [line('tea', 2, 450)], 'total-cents': 900 } });
    await ada.add('mug', 1, 1299);
    expect(await ada.add('tea', 3, 450)).toEqual({ ok: { lines: [line('tea', 5, 450), line('mug', 1, 1299)], 'total-cents': 3549 } });
    expect(await ada.setQuantity('mug', 4)).toEqual({ ok: { lines: [line('tea', 5, 450), line('mug', 4, 1299)], 'total-cents': 7446 } });
    expect(await ada.setQuantity('tea', 0)).toEqual({ ok: { lines: [line('mug', 4, 1299)], 'total-cents': 5196 } });
    expect(await ada.remove('mug')).toEqual({ ok: { lines: [], 'total-cents': 0 } });
  });

  it('totals beyond 32 bits stay exact', async () => {
    const big = await customer('big-spender');
    expect(await big.add('yacht', 0xffff_ffff, 0xffff_ffff)).toEqual({
      ok: { lines: [line('yacht', 0xffff_ffff, 0xffff_ffff)], 'total-cents': 0xffff_ffffn * 0xffff_ffffn },
    });
  });

  it('refuses bad input with a clear error and leaves the cart as it was', async () => {
    const bo = await customer('bo');
    await bo.add('tea', 1, 450);
    expect(await bo.add('', 1, 100)).toEqual({ err: 'sku must not be empty' });
    expect(await bo.add('pen', 0, 100)).toEqual({ err: 'quantity must be at least 1' });
    expect(await bo.add('tea', 1, 500)).toEqual({ err: 'sku tea is already in the cart as "product tea" at 450 cents' });
    expect(await bo.setQuantity('coffee', 2)).toEqual({ err: 'no line with sku "coffee" in the cart' });
    expect(await bo.remove('coffee')).toEqual({ err: 'no line with sku "coffee" in the cart' });
    expect(await bo.cart()).toEqual({ lines: [line('tea', 1, 450)], 'total-cents': 450 });
  });

  it('each customer has their own cart', async () => {
    const [cy, di] = [await customer('cy'), await customer('di')];
    await cy.add('tea', 1, 450);
    await di.add('mug', 2, 1299);
    expect(await cy.cart()).toEqual({ lines: [line('tea', 1, 450)], 'total-cents': 450 });
    expect(await di.cart()).toEqual({ lines: [line('mug', 2, 1299)], 'total-cents': 2598 });
  });

  it('checkout turns the cart into an order; order numbers are shared and increase', async () => {
    const [ed, flo] = [await customer('ed'), await customer('flo')];
    expect(await ed.checkout()).toEqual({ err: 'the cart is empty' });
    await ed.add('tea', 2, 450);
    const first = (await ed.checkout()).ok!;
    expect(first).toMatchObject({ customer: 'ed', lines: [line('tea', 2, 450)], 'total-cents': 900 });
    expect(await ed.cart()).toEqual({ lines: [], 'total-cents': 0 });

    await flo.add('mug', 1, 1299);
    const second = (await flo.checkout()).ok!;
    await ed.add('pen', 3, 199);
    const third = (await ed.checkout()).ok!;
    expect([second.number - first.number, third.number - second.number]).toEqual([1, 1]);

    expect((await ed.orders()).map((o) => o.number)).toEqual([first.number, third.number]);
    expect(await ed.order(third.number)).toEqual(third);
    expect(await flo.order(first.number)).toBeNull(); // someone else's order
  });

  it('the cart survives a host restart', async () => {
    const gus = await customer('gus');
    await gus.add('tea', 1, 450);
    await gus.add('mug', 1, 1299);
    await host.restart();
    expect(await gus.cart()).toEqual({ lines: [line('tea', 1, 450), line('mug', 1, 1299)], 'total-cents': 1749 });
    expect(await gus.add('tea', 1, 450)).toEqual({ ok: { lines: [line('tea', 2, 450), line('mug', 1, 1299)], 'total-cents': 2199 } });
  });
});
