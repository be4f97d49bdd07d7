import { describe, expect, inject, it } from 'vitest';
import { createTestHost } from '../../src/testing/index.ts';

const HOUR = 3_600_000;

describe('golem-ts/testing: virtual time', () => {
  it('advancing 48 h wakes a worker sleeping on a durable timer, which sees the 48 h pass', async () => {
    await using host = await createTestHost({ startTime: new Date('2030-01-01T00:00:00Z'), time: 'frozen' });
    const worker = await host.worker(await host.template(inject('kitWasm').v1), 'escalation');
    const escalation = worker.invoke('test:kit/api/escalate-after', [48]);
    await worker.waitFor('Suspended');
    const [suspend] = worker.oplog().slice(-1);
    expect(suspend).toMatchObject({ kind: 'suspend', until: Date.parse('2030-01-03T00:00:00Z') });

    await host.advanceTime(47 * HOUR);
    expect(worker.status()).toBe('Suspended');
    const started = performance.now();
    await host.advanceTime(HOUR);
    expect(await escalation).toEqual(['escalated to the director after 48 h']);
    console.log(`[kit] 48 h escalation woke and finished in ${Math.round(performance.now() - started)} ms of wall time`);
    expect(worker.kv('approvals').get('escalation/escalated')).toBe(48);
    // The clock stopped at the timer (rounded up to the millisecond past its deadline).
    expect(host.now() - Date.parse('2030-01-03T00:00:00Z')).toBeLessThanOrEqual(1);
  });

  it('each host has its own clock; guests read it through recorded clock imports', async () => {
    await using a = await createTestHost({ startTime: 0, time: 'frozen' });
    await using b = await createTestHost({ startTime: 0, time: 'frozen' });
    await a.advanceTime(5 * HOUR);
    expect(a.now()).toBe(5 * HOUR);
    expect(b.now()).toBe(0);
    await using flowing = await createTestHost({ startTime: 0 });
    const before = flowing.now();
    await flowing.advanceTime(HOUR);
    expect(flowing.now()).toBeGreaterThanOrEqual(before + HOUR);
    const worker = await a.worker(await a.template(inject('hostApiWasm')), 'clock');
    const [[, millis]] = (await worker.invoke('test:host-api/api/draw')) as [[number, number]];
    expect(millis).toBe(5 * HOUR);
    // Replay answers the clock from the oplog: after time moved on, the worker still sees its reading.
    await a.advanceTime(HOUR);
    await a.restart();
    expect(await worker.invoke('test:host-api/api/draws')).toEqual([[[expect.any(Number), 5 * HOUR]]]);
  });

  it('rejects a negative or non-finite advance', async () => {
    await using host = await createTestHost();
    await expect(host.advanceTime(-1)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(host.advanceTime(Number.NaN)).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});

describe('golem-ts/testing: pending promises', () => {
  it('lists both promises of a two-approval workflow with their indexes and the invocation awaiting one', async () => {
    await using host = await createTestHost();
    const worker = await host.worker(await host.template(inject('kitWasm').v1), 'two-approvals');
    const [[manager, finance]] = (await worker.invoke('test:kit/api/request-approvals')) as [[{ 'oplog-idx': number }, { 'oplog-idx': number }]];
    expect(worker.pendingPromises().map((p) => p.oplogIdx)).toEqual([manager['oplog-idx'], finance['oplog-idx']]);
    expect(worker.pendingPromises().map((p) => p.promiseId)).toEqual([manager, finance]);

    const decided = worker.invoke('test:kit/api/await-approvals');
    await worker.waitFor('Suspended');
    const [first, second] = worker.pendingPromises();
    const awaiting = worker.oplog().filter((e) => e.kind === 'exported-function-invoked').pop()!;
    expect(first.awaitedBy).toEqual({ oplogIdx: awaiting.idx, functionName: 'test:kit/api/await-approvals' });
    expect(second.awaitedBy).toBeUndefined();

    // complete() returns once the worker has resumed and suspended again on the next promise.
    expect(await first.complete({ by: 'Mia' })).toBe(true);
    expect(worker.status()).toBe('Suspended');
    expect(worker.pendingPromises().map((p) => [p.oplogIdx, p.awaitedBy?.oplogIdx])).toEqual([[finance['oplog-idx'], awaiting.idx]]);
    // A typed-JSON promise-id works as well as an index.
    expect(await worker.complete(finance, { by: 'Fred' })).toBe(true);
    expect(await decided).toEqual(['manager: Mia, finance: Fred']);
    expect(worker.pendingPromises()).toEqual([]);
  });
});
