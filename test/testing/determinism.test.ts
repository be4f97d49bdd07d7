import { describe, expect, inject, it } from 'vitest';
import { createTestHost, DeterminismError, ExecutorError } from '../../src/testing/index.ts';

const REQUEST = 'test:kit/api/request-approvals';
const AWAIT = 'test:kit/api/await-approvals';

/** A worker on version 0 (kit-v1) that recorded its two approval writes, and version 1 (kit-v2) uploaded next to it. */
async function recordedOnV1(alwaysReplay: boolean) {
  const host = await createTestHost({ alwaysReplay });
  const templateId = await host.template(inject('kitWasm').v1);
  const worker = await host.worker(templateId, 'w1');
  await worker.invoke(REQUEST);
  const version = await host.updateTemplate(templateId, inject('kitWasm').v2);
  const writes = worker.oplog().filter((e) => e.kind === 'imported-function-invoked' && e.functionName === 'wasi:keyvalue/eventual/set');
  return { host, worker, version, firstWrite: writes[0] };
}

describe('determinism: replay matches host calls by name and request', () => {
  it('records the request of a host call next to its result', async () => {
    const { host, firstWrite } = await recordedOnV1(false);
    await using _ = host;
    expect(firstWrite).toMatchObject({ request: ['approvals', 'w1/manager', expect.anything()] });
  });

  it('host: version 2 replaying version 1’s oplog fails the worker, naming the entry and both calls', async () => {
    const { host, worker, version, firstWrite } = await recordedOnV1(false);
    await using _ = host;
    await worker.update(version);
    await worker.waitFor('Failed');
    const error = worker.oplog().filter((e) => e.kind === 'error').pop();
    const message = error?.kind === 'error' ? error.error : '';
    expect(message).toContain(`entry ${firstWrite.idx} recorded wasi:keyvalue/eventual/set("approvals", "w1/manager"`);
    expect(message).toContain('but the guest called wasi:keyvalue/eventual/set("approvals", "w1/finance"');
    // Not retried: a divergence is final.
    expect(worker.metadata().retryCount).toBe(1);
    await expect(worker.invoke(AWAIT)).rejects.toMatchObject({ code: 'INVOCATION_FAILED', message: expect.stringContaining(`entry ${firstWrite.idx}`) });
    await expect(worker.invoke(AWAIT)).rejects.toBeInstanceOf(ExecutorError);
  });

  it('kit: alwaysReplay catches the reordered calls with a DeterminismError before the worker moves', async () => {
    const { host, worker, version, firstWrite } = await recordedOnV1(true);
    await using _ = host;
    const error = await worker.update(version).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DeterminismError);
    expect(error).toMatchObject({
      code: 'NONDETERMINISM',
      oplogIdx: firstWrite.idx,
      recorded: expect.stringContaining('"w1/manager"'),
      actual: expect.stringContaining('"w1/finance"'),
      message: expect.stringContaining(`worker w1 does not replay its oplog: entry ${firstWrite.idx} recorded`),
    });
    // The worker stayed on version 0 and keeps working.
    expect(worker.metadata().templateVersion).toBe(0);
    const decided = worker.invoke(AWAIT);
    await worker.waitFor('Suspended');
    for (const p of worker.pendingPromises()) await p.complete({ by: 'Ada' });
    expect(await decided).toEqual(['manager: Ada, finance: Ada']);
  });

  it('kit: the same version replays its own oplog after every invocation and suspension without complaint', async () => {
    await using host = await createTestHost();
    const worker = await host.worker(await host.template(inject('kitWasm').v1), 'steady');
    await worker.invoke(REQUEST);
    await worker.replay();
    // An explicit replay against version 2 finds the same divergence alwaysReplay would.
    const version = await host.updateTemplate(worker.templateId, inject('kitWasm').v2);
    await expect(worker.replay({ templateVersion: version })).rejects.toBeInstanceOf(DeterminismError);
    await expect(worker.update(99)).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});
