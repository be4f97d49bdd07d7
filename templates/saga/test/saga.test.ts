import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHost, type TestHost, type TestWorker } from 'golem-ts/testing';

/** The component `npm run build` writes. */
/** This project: the kit builds it if needed (content-hash cached, so `npm run build` output is reused) and uploads the component. */
const component = new URL('..', import.meta.url);
const api = (fn: string) => `golem:saga/api/${fn}`;
const providers = (fn: string) => `golem:saga/providers/${fn}`;

// One host for the file (loading the component is the slow part). Each test uses its own workers
// and its own flights and cars, so the shared key-value store does not couple them.
let host: TestHost;
let templateId: string;
beforeAll(async () => {
  host = await createTestHost();
  templateId = await host.template(component);
});
afterAll(() => host.close());

interface Trip {
  flight: string;
  hotel: string;
  car: string;
}

/** Plans a trip on a new worker; returns it and the oplog index of the hotel's confirmation promise. */
async function planned(name: string, trip: Trip): Promise<{ trip: TestWorker; confirmation: number }> {
  const trip$ = await host.worker(templateId, name);
  const [planResult] = (await trip$.invoke(api('plan'), [trip])) as [{ ok: { 'oplog-idx': number } }];
  return { trip: trip$, confirmation: planResult.ok['oplog-idx'] };
}

/** Another worker of the template: providers' stock lives in the shared key-value store. */
async function desk(): Promise<{ stock(item: string): Promise<number | null>; set(item: string, n: number): Promise<void>; outage(p: string, n: number): Promise<unknown> }> {
  const w = await host.worker(templateId, `desk-${Math.random().toString(36).slice(2)}`);
  return {
    stock: async (item) => ((await w.invoke(providers('stock'), [item])) as [number | null])[0],
    set: async (item, n) => void (await w.invoke(providers('set-stock'), [item, n])),
    outage: async (p, n) => ((await w.invoke(providers('set-outage'), [p, n])) as [unknown])[0],
  };
}

const ledger = async (w: TestWorker) => ((await w.invoke(api('ledger'))) as [string[]])[0];
const calls = (w: TestWorker, fn: string) => w.oplog().filter((e) => e.kind === 'imported-function-invoked' && e.functionName === `golem:api/host/${fn}`);

/** Starts `book`, waits until it suspends on the hotel's promise, answers it, returns the result. */
async function book(w: TestWorker, confirmation: number, answer: unknown): Promise<unknown> {
  const result = w.invoke(api('book'));
  await w.waitFor('Suspended');
  expect(await w.complete(confirmation, answer)).toBe(true);
  return ((await result) as [unknown])[0];
}

describe('saga', () => {
  it('survives a host restart while waiting for the hotel: every step runs exactly once', async () => {
    const providers$ = await desk();
    await providers$.set('LH-100', 3);
    await providers$.set('compact', 2);
    const { trip, confirmation } = await planned('trip-1', { flight: 'LH-100', hotel: 'Seaview', car: 'compact' });

    const key = host.executor.createInvocationKey(templateId, trip.name);
    trip.invoke(api('book'), [], { invocationKey: key }).catch(() => {}); // dropped by the restart; joined again below
    await trip.waitFor('Suspended');
    expect(await providers$.stock('LH-100')).toBe(2); // the flight was booked before the saga suspended

    await host.restart();
    expect(trip.status()).toBe('Suspended');
    const result = trip.invoke(api('book'), [], { invocationKey: key });
    expect(await trip.complete(confirmation, { confirmed: true, reference: 'SV-7' })).toBe(true);

    expect(await result).toEqual([{ ok: { flight: 'flight:LH-100:trip-1', hotel: 'SV-7', car: 'car:compact:trip-1' } }]);
    expect(await ledger(trip)).toEqual(['booked flight LH-100', 'booked hotel Seaview (SV-7)', 'booked car compact']);
    expect([await providers$.stock('LH-100'), await providers$.stock('compact')]).toEqual([2, 1]);
    // One invocation, one atomic region closed once, one suspension, no retry or jump.
    const oplog = trip.oplog();
    expect(oplog.filter((e) => e.kind === 'exported-function-invoked' && e.functionName === 'golem:saga/api/book')).toHaveLength(1);
    const [begin] = calls(trip, 'mark-begin-operation');
    expect(calls(trip, 'mark-end-operation').map((e) => e.kind === 'imported-function-invoked' && e.response)).toEqual([{ ok: begin.idx }]);
    expect(oplog.filter((e) => e.kind === 'suspend')).toHaveLength(1);
    expect(oplog.filter((e) => e.kind === 'jump' || e.kind === 'error')).toEqual([]);
  });

  it('a failing step after a restart compensates the earlier steps in reverse order, once each', async () => {
    const providers$ = await desk();
    await providers$.set('LH-200', 3);
    await providers$.set('suv', 0);
    const { trip, confirmation } = await planned('trip-2', { flight: 'LH-200', hotel: 'Harbor', car: 'suv' });

    const key = host.executor.createInvocationKey(templateId, trip.name);
    trip.invoke(api('book'), [], { invocationKey: key }).catch(() => {});
    await trip.waitFor('Suspended');
    await host.restart();
    const result = trip.invoke(api('book'), [], { invocationKey: key });
    await trip.complete(confirmation, { confirmed: true, reference: 'HB-1' });

    expect(await result).toEqual([{ err: 'car suv: sold out; the steps done before were undone' }]);
    expect(await ledger(trip)).toEqual([
      'booked flight LH-200',
      'booked hotel Harbor (HB-1)',
      'car suv refused: sold out',
      'cancelled hotel Harbor (HB-1)',
      'cancelled flight LH-200',
    ]);
    expect(await providers$.stock('LH-200')).toBe(3); // the seat went back exactly once
    await expect(trip.invoke(api('book'))).resolves.toEqual([{ err: 'the trip is failed, not planned' }]);
  });

  it('a hotel that declines, or answers nonsense, undoes the flight', async () => {
    const declined = await planned('trip-3', { flight: 'LH-300', hotel: 'Seaview', car: 'compact' });
    expect(await book(declined.trip, declined.confirmation, { confirmed: false, reason: 'fully booked' })).toEqual({
      err: 'hotel Seaview: declined (fully booked); the steps done before were undone',
    });
    expect(await ledger(declined.trip)).toEqual(['booked flight LH-300', 'hotel Seaview declined: fully booked', 'cancelled flight LH-300']);

    const garbled = await planned('trip-4', { flight: 'LH-301', hotel: 'Seaview', car: 'compact' });
    expect(await book(garbled.trip, garbled.confirmation, { confirmed: 'yes' })).toEqual({
      err: expect.stringMatching(/^hotel Seaview: invalid answer \(expected \{"confirmed": true.*the steps done before were undone$/),
    });
    expect(await ledger(garbled.trip)).toEqual(['booked flight LH-301', 'cancelled flight LH-301']);
  });

  it('a compensation that fails is reported as a partial rollback', async () => {
    const providers$ = await desk();
    const { trip, confirmation } = await planned('trip-5', { flight: 'LH-500', hotel: 'Seaview', car: 'compact' });
    const result = trip.invoke(api('book'));
    await trip.waitFor('Suspended');
    await providers$.outage('flight', 1); // the airline goes down while the saga waits for the hotel
    await trip.complete(confirmation, { confirmed: false, reason: 'closed' });
    expect(await result).toEqual([
      { err: 'hotel Seaview: declined (closed); undoing the steps done before failed: flight LH-500: the provider is unavailable' },
    ]);
    expect(await ledger(trip)).toEqual(['booked flight LH-500', 'hotel Seaview declined: closed', 'flight LH-500 refused: the provider is unavailable']);
  });

  it('cancel is an infallible transaction: a refusal re-books what was cancelled and starts over', async () => {
    const providers$ = await desk();
    await providers$.set('LH-600', 1);
    await providers$.set('estate', 1);
    const { trip, confirmation } = await planned('trip-6', { flight: 'LH-600', hotel: 'Seaview', car: 'estate' });
    expect(await book(trip, confirmation, { confirmed: true, reference: 'SV-1' })).toHaveProperty('ok');
    expect([await providers$.stock('LH-600'), await providers$.stock('estate')]).toEqual([0, 0]);

    expect(await providers$.outage('flight', 1)).toEqual({ ok: null });
    expect(await trip.invoke(api('cancel'))).toEqual([{ ok: null }]);
    expect((await ledger(trip)).slice(3)).toEqual([
      'cancelled car estate',
      'cancelled hotel Seaview (SV-1)',
      'flight LH-600 refused: the provider is unavailable',
      'booked hotel Seaview (SV-1)', // compensations, in reverse, before starting over
      'booked car estate',
      'cancelled car estate',
      'cancelled hotel Seaview (SV-1)',
      'cancelled flight LH-600',
    ]);
    expect([await providers$.stock('LH-600'), await providers$.stock('estate')]).toEqual([1, 1]);
    // The restart is Golem's set-oplog-index: one jump back to the start of the transaction.
    const jumps = trip.oplog().filter((e) => e.kind === 'jump');
    expect(jumps).toEqual([expect.objectContaining({ start: calls(trip, 'get-oplog-index').at(-1)!.idx + 1 })]);
    const regions = calls(trip, 'mark-begin-operation'); // book's and cancel's: the restart stays inside cancel's
    expect(regions).toHaveLength(2);
    expect(calls(trip, 'mark-end-operation').map((e) => e.kind === 'imported-function-invoked' && e.response)).toEqual(regions.map((r) => ({ ok: r.idx })));
    await expect(trip.invoke(api('cancel'))).resolves.toEqual([{ err: 'the trip is cancelled, not booked' }]);
  });

  it('refuses bad input with a clear error', async () => {
    const w = await host.worker(templateId, 'trip-7');
    expect(await w.invoke(api('book'))).toEqual([{ err: 'no trip planned: call plan first' }]);
    expect(await w.invoke(api('plan'), [{ flight: '', hotel: 'Seaview', car: 'compact' }])).toEqual([{ err: 'flight must not be empty' }]);
    expect(await (await desk()).outage('boat', 1)).toEqual({ err: 'unknown provider "boat": flight, hotel or car' });
    await w.invoke(api('plan'), [{ flight: 'LH-700', hotel: 'Seaview', car: 'compact' }]);
    expect(await w.invoke(api('plan'), [{ flight: 'LH-700', hotel: 'Seaview', car: 'compact' }])).toEqual([{ err: 'the trip is already planned' }]);
  });
});
