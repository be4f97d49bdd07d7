/**
 * The kit's `waitFor` reads the host's worker events (committed statuses) instead of polling:
 * it sees a change made right after the call, resolves at once for the status the worker has,
 * follows a restart, ends with the host, names the status when it gives up, and leaves no
 * subscription behind.
 */
import { describe, expect, inject, it } from 'vitest';
import type { WorkerEvents } from '../../src/host/status-events.ts';
import { createTestHost, HostClosedError, WaitTimeoutError, type TestHost } from '../../src/testing/index.ts';

const subscriptions = (host: TestHost) => (host.executor as unknown as { events: WorkerEvents }).events.size;

describe('golem-ts/testing: worker.waitFor', () => {
  it('resolves at the committed change, at once when the status holds already, and across a restart', async () => {
    await using host = await createTestHost();
    const worker = await host.worker(await host.template(inject('kitWasm').v1), 'approver');
    await worker.waitFor('Idle');
    await worker.invoke('test:kit/api/request-approvals');
    const suspended = worker.waitFor('Suspended');
    const decided = worker.invoke('test:kit/api/await-approvals');
    await suspended;
    expect(worker.status()).toBe('Suspended');

    const idle = worker.waitFor('Idle');
    await host.restart();
    const [manager, finance] = worker.pendingPromises();
    await manager.complete({ by: 'Ann' });
    expect(worker.status(), 'complete waits for the resumed worker to run as far as it can').toBe('Suspended');
    await finance.complete({ by: 'Bo' });
    await idle;
    expect(await decided).toEqual(['manager: Ann, finance: Bo']);
    expect(subscriptions(host), 'every wait closed its subscription').toBe(0);
  });

  it('gives up after its timeout naming the status, and leaves no subscription', async () => {
    await using host = await createTestHost();
    const worker = await host.worker(await host.template(inject('kitWasm').v1), 'idle');
    const err = await worker.waitFor('Suspended', { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect((err as Error).message).toBe('timed out after 50 ms waiting for worker idle to become Suspended (it is Idle)');
    expect(subscriptions(host)).toBe(0);
  });

  it('ends with HostClosedError when the host closes', async () => {
    const host = await createTestHost();
    const worker = await host.worker(await host.template(inject('kitWasm').v1), 'closing');
    const waiting = worker.waitFor('Suspended').catch((e: unknown) => e);
    await host.close();
    expect(await waiting).toBeInstanceOf(HostClosedError);
  });
});
