import { describe, expect, it } from 'vitest';
import { createTestHost } from 'golem-ts/testing';

/** This project's directory: the kit builds it (content-hash cached) and uploads the component. */
const project = new URL('..', import.meta.url);

describe('approval', () => {
  it('waits for the approver durably, across a host crash, and reports the answer', async () => {
    await using host = await createTestHost();
    const worker = await host.worker(await host.template(project), 'expense-42');
    const [promise] = (await worker.invoke('golem:approval/api/request', ['expense #42'])) as [{ 'oplog-idx': number }];
    expect(worker.pendingPromises().map((p) => p.oplogIdx)).toEqual([promise['oplog-idx']]);

    const outcome = worker.invoke('golem:approval/api/outcome');
    await worker.waitFor('Suspended');
    await host.restart(); // kill -9 while the worker waits: it stays suspended, the call stays pending
    expect(await worker.complete(promise, { approved: true, by: 'Ada' })).toBe(true);
    expect(await outcome).toEqual([{ ok: 'expense #42: approved by Ada' }]);
  });

  it('answers a malformed approval with err', async () => {
    await using host = await createTestHost();
    const worker = await host.worker(await host.template(project), 'expense-43');
    await worker.invoke('golem:approval/api/request', ['expense #43']);
    const outcome = worker.invoke('golem:approval/api/outcome');
    await worker.waitFor('Suspended');
    await worker.pendingPromises()[0].complete({ approved: 'yes' });
    expect(await outcome).toEqual([{ err: expect.stringMatching(/expected \{"approved": boolean, "by": string\}/) }]);
  });
});
