import { describe, expect, inject, it } from 'vitest';
import { createTestHost, HostClosedError } from '../../src/testing/index.ts';

const HOUR = 3_600_000;
const invoked = (oplog: { kind: string; functionName?: string }[], fn: string) => oplog.filter((e) => e.kind === 'exported-function-invoked' && e.functionName === fn).length;

describe('golem-ts/testing: host.restart() is a crash, and nothing waiting on the host hangs', () => {
  it('running: an invocation the crash cut off before it committed anything runs once on the new host and settles', async () => {
    await using host = await createTestHost();
    const worker = await host.worker(await host.template(inject('kitWasm').v1), 'runner');
    const running = worker.invoke('test:kit/api/work', [20]);
    await host.restart();
    expect(await running).toEqual([1]);
    expect(invoked(worker.oplog(), 'test:kit/api/work')).toBe(1);
    expect(worker.kv('work').get('runner/runs')).toBe(1);
  });

  it('suspended: an invocation awaiting a promise survives two crashes and settles once the promise is completed', async () => {
    await using host = await createTestHost();
    const worker = await host.worker(await host.template(inject('kitWasm').v1), 'approver');
    await worker.invoke('test:kit/api/request-approvals');
    const decided = worker.invoke('test:kit/api/await-approvals');
    await worker.waitFor('Suspended');
    await host.restart();
    expect(worker.status()).toBe('Suspended');
    const [manager, finance] = worker.pendingPromises();
    await manager.complete({ by: 'Ann' });
    await host.restart();
    expect(worker.status()).toBe('Suspended');
    await finance.complete({ by: 'Bo' });
    expect(await decided).toEqual(['manager: Ann, finance: Bo']);
    expect(invoked(worker.oplog(), 'test:kit/api/await-approvals')).toBe(1);
  });

  it('retrying: a worker waiting out a one-minute retry delay is resumed at once by the restart and settles', async () => {
    await using host = await createTestHost();
    const worker = await host.worker(await host.template(inject('kitWasm').v1), 'flaky');
    const result = worker.invoke('test:kit/api/flaky', [1]);
    await worker.waitFor('Retrying');
    await host.restart();
    expect(await result).toEqual(['succeeded on attempt 2']);
    expect(worker.metadata().retryCount).toBe(0);
  });

  it('sleeping: a worker on a durable timer stays asleep across the crash and wakes when the time comes', async () => {
    await using host = await createTestHost();
    const worker = await host.worker(await host.template(inject('kitWasm').v1), 'sleeper');
    const escalation = worker.invoke('test:kit/api/escalate-after', [2]);
    await worker.waitFor('Suspended');
    await host.advanceTime(HOUR);
    await host.restart();
    expect(worker.status()).toBe('Suspended');
    await host.advanceTime(HOUR);
    expect(await escalation).toEqual(['escalated to the director after 2 h']);
  });

  it('close(): calls still waiting reject with HostClosedError; later calls too', async () => {
    const host = await createTestHost();
    const worker = await host.worker(await host.template(inject('kitWasm').v1), 'closer');
    await worker.invoke('test:kit/api/request-approvals');
    const pending = worker.invoke('test:kit/api/await-approvals');
    await worker.waitFor('Suspended');
    const settled = pending.then(
      () => undefined,
      (e: unknown) => e,
    ); // observed before close() rejects it
    await host.close();
    expect(await settled).toBeInstanceOf(HostClosedError);
    expect(await settled).toMatchObject({ code: 'HOST_CLOSED' });
    await expect(worker.invoke('test:kit/api/await-approvals')).rejects.toBeInstanceOf(HostClosedError);
    await expect(host.advanceTime(1)).rejects.toBeInstanceOf(HostClosedError);
  });
});
