import { afterEach, describe, expect, inject, it } from 'vitest';
import { PROMISE_SCHEMA_BUCKET } from '../../src/guest/promise-schema-key.ts';
import { Executor } from '../../src/host/executor.ts';
import { ExecutorError } from '../../src/host/errors.ts';
import { executorWith, untilStatus, utf8 } from './helpers.ts';

const SUBMIT = 'golem:underwriting/api/submit';
const AWAIT = 'golem:underwriting/api.{await-decision}';
const DECISION = 'golem:underwriting/api/decision';
const application = { applicant: 'Ada Lovelace', age: 36, coverage: 250000, smoker: false };
const approve = { verdict: 'approve', 'loading-percent': 25, note: 'Healthy non-smoker' };
const decision = { approved: true, 'annual-premium-cents': 62500, reason: 'Healthy non-smoker' };

type Submission = [{ ok: { promise: { 'oplog-idx': number; 'worker-id': { 'worker-name': string } }; 'risk-score': number; required: string[] } }];

const open: Executor[] = [];
afterEach(async () => {
  for (const e of open.splice(0)) await e.close();
});

async function setup(dataDir?: string) {
  const s = await executorWith(inject('underwritingWasm'), dataDir);
  open.push(s.executor);
  return s;
}

async function expectError(p: Promise<unknown> | (() => unknown), code: string): Promise<ExecutorError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(ExecutorError);
    expect((e as ExecutorError).code).toBe(code);
    return e as ExecutorError;
  }
  throw new Error(`expected ${code}`);
}

describe('underwriting workflow on the durable host', () => {
  it('suspends on the review promise and resumes by replay when it is completed', async () => {
    const { executor, templateId } = await setup();
    await executor.createWorker(templateId, 'app-1', [], []);
    const [submission] = (await executor.invokeAndAwait(templateId, 'app-1', SUBMIT, [application])) as Submission;
    const idx = submission.ok.promise['oplog-idx'];
    expect(submission.ok['risk-score']).toBe(20);
    // The promise id is the index of the create-promise entry in this worker's oplog.
    const created = executor.getOplog(templateId, 'app-1').find((e) => e.idx === idx);
    expect(created).toMatchObject({ kind: 'imported-function-invoked', functionName: 'golem:api/host/create-promise' });

    const awaiting = executor.invokeAndAwait(templateId, 'app-1', AWAIT, []);
    await untilStatus(executor, templateId, 'app-1', 'Suspended');
    const oplogWhileSuspended = executor.getOplog(templateId, 'app-1');
    expect(oplogWhileSuspended[oplogWhileSuspended.length - 1].kind).toBe('suspend');

    expect(await executor.completePromise(templateId, 'app-1', BigInt(idx), utf8(approve))).toBe(true);
    expect(await awaiting).toEqual([{ ok: decision }]);
    expect(executor.getWorker(templateId, 'app-1').status).toBe('Idle');
    expect(await executor.invokeAndAwait(templateId, 'app-1', DECISION, [])).toEqual([decision]);

    // Completing again is a no-op answered with false; the replayed await did not run twice.
    expect(await executor.completePromise(templateId, 'app-1', BigInt(idx), utf8(approve))).toBe(false);
    const kinds = executor.getOplog(templateId, 'app-1').map((e) => ('functionName' in e ? `${e.kind}:${e.functionName}` : e.kind));
    expect(kinds.filter((k) => k === 'imported-function-invoked:golem:api/host/await-promise')).toHaveLength(1);
    expect(kinds.filter((k) => k.startsWith('exported-function-invoked'))).toHaveLength(3);
  });

  it('keeps a suspended worker suspended across a host restart, then resumes it', async () => {
    const first = await setup();
    const { templateId, dataDir } = first;
    await first.executor.createWorker(templateId, 'app-2', [], []);
    const [submission] = (await first.executor.invokeAndAwait(templateId, 'app-2', SUBMIT, [application])) as Submission;
    void first.executor.invokeAndAwait(templateId, 'app-2', AWAIT, []).catch(() => {});
    await untilStatus(first.executor, templateId, 'app-2', 'Suspended');
    await first.executor.close();

    const second = await Executor.open({ dataDir });
    open.push(second);
    await second.recover();
    expect(second.getWorker(templateId, 'app-2').status).toBe('Suspended');
    expect(await second.completePromise(templateId, 'app-2', BigInt(submission.ok.promise['oplog-idx']), utf8(approve))).toBe(true);
    await untilStatus(second, templateId, 'app-2', 'Idle');
    expect(await second.invokeAndAwait(templateId, 'app-2', DECISION, [])).toEqual([decision]);
  });

  it('answers an invalid verdict, an early await and a second submit with err', async () => {
    const { executor, templateId } = await setup();
    await executor.createWorker(templateId, 'app-3', [], []);
    expect(await executor.invokeAndAwait(templateId, 'app-3', AWAIT, [])).toEqual([{ err: 'no application submitted' }]);
    const [submission] = (await executor.invokeAndAwait(templateId, 'app-3', SUBMIT, [application])) as Submission;
    const [again] = (await executor.invokeAndAwait(templateId, 'app-3', SUBMIT, [application])) as [{ err: string }];
    expect(again.err).toMatch(/already submitted/);
    const awaiting = executor.invokeAndAwait(templateId, 'app-3', AWAIT, []);
    const idx = BigInt(submission.ok.promise['oplog-idx']);
    const invalidVerdict = utf8({ verdict: 'approve', 'loading-percent': 501, note: '' });
    // The host checks the payload against the schema the guest published: refused, still pending.
    await expect(executor.completePromise(templateId, 'app-3', idx, invalidVerdict)).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      errors: ['payload["loading-percent"]: must be ≤ 500, got 501', `promise ${idx} is still pending: complete it again with a valid payload`],
    });
    // Where no host checks (a real Golem: drop the published schema), the guest's own validation stands.
    executor.store.kvDelete(PROMISE_SCHEMA_BUCKET, `${templateId}/app-3/${idx}`);
    expect(await executor.completePromise(templateId, 'app-3', idx, invalidVerdict)).toBe(true);
    const [result] = (await awaiting) as [{ err: string }];
    expect(result.err).toMatch(/^invalid verdict: [\s\S]*loading-percent/);
  });

  it('keeps workers apart: each has its own application', async () => {
    const { executor, templateId } = await setup();
    for (const name of ['a', 'b']) {
      await executor.createWorker(templateId, name, [], []);
      const [s] = (await executor.invokeAndAwait(templateId, name, SUBMIT, [application])) as Submission;
      expect(s.ok.promise['worker-id']['worker-name']).toBe(name);
    }
  });

  it('interrupting a suspended worker makes it Interrupted; completion still resumes it', async () => {
    const { executor, templateId } = await setup();
    await executor.createWorker(templateId, 'app-4', [], []);
    const [submission] = (await executor.invokeAndAwait(templateId, 'app-4', SUBMIT, [application])) as Submission;
    const awaiting = executor.invokeAndAwait(templateId, 'app-4', AWAIT, []);
    await untilStatus(executor, templateId, 'app-4', 'Suspended');
    await executor.interrupt(templateId, 'app-4', false);
    expect(executor.getWorker(templateId, 'app-4').status).toBe('Interrupted');
    await executor.completePromise(templateId, 'app-4', BigInt(submission.ok.promise['oplog-idx']), utf8(approve));
    expect(await awaiting).toEqual([{ ok: decision }]);
  });

  it('returns the stored result for a used invocation key without running again', async () => {
    const { executor, templateId } = await setup();
    await executor.createWorker(templateId, 'app-5', [], []);
    const key = executor.createInvocationKey(templateId, 'app-5');
    const first = await executor.invokeAndAwait(templateId, 'app-5', SUBMIT, [application], { invocationKey: key });
    const invocations = () => executor.getOplog(templateId, 'app-5').filter((e) => e.kind === 'exported-function-invoked').length;
    expect(invocations()).toBe(1);
    expect(await executor.invokeAndAwait(templateId, 'app-5', SUBMIT, [application], { invocationKey: key })).toEqual(first);
    expect(invocations()).toBe(1);
    await expectError(executor.invokeAndAwait(templateId, 'app-5', SUBMIT, [application], { invocationKey: 'not-a-key' }), 'INVALID_REQUEST');
  });

  it('rejects unknown templates, workers, promises, functions and mistyped params', async () => {
    const { executor, templateId } = await setup();
    await executor.createWorker(templateId, 'app-6', [], []);
    await expectError(executor.createWorker(templateId, 'app-6', [], []), 'WORKER_ALREADY_EXISTS');
    await expectError(executor.createWorker('00000000-0000-0000-0000-000000000001', 'x', [], []), 'TEMPLATE_NOT_FOUND');
    await expectError(() => executor.getWorker(templateId, 'nobody'), 'WORKER_NOT_FOUND');
    await expectError(executor.completePromise(templateId, 'app-6', 999n, utf8('x')), 'PROMISE_NOT_FOUND');
    await expectError(executor.invokeAndAwait(templateId, 'app-6', 'golem:underwriting/api/nope', []), 'INVALID_REQUEST');
    const err = await expectError(executor.invokeAndAwait(templateId, 'app-6', SUBMIT, [{ ...application, age: 'old' }]), 'INVALID_REQUEST');
    expect(err.errors.join()).toMatch(/age/);
    expect(err.errors.join()).toMatch(/u32/);
    await expectError(executor.invokeAndAwait(templateId, 'app-6', SUBMIT, []), 'INVALID_REQUEST');
  });
});

describe('data directory', () => {
  it('refuses a second host on a data directory that one is using', async () => {
    const { dataDir } = await setup();
    await expect(Executor.open({ dataDir })).rejects.toThrow(/in use by another golem-ts host/);
  });
});
