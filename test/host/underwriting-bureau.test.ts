/**
 * The underwriting example calls a credit bureau (a real service on 127.0.0.1): the bureau's
 * score raises the risk score, the request and response are in the oplog, and a new host on the
 * same data replays the submission without calling the bureau again.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startCreditBureau, type CreditBureau } from '../../src/cli/credit-bureau.ts';
import { Executor } from '../../src/host/executor.ts';
import { executorWith, tempDir } from './helpers.ts';

const API = 'golem:underwriting/api';
const smoker = { applicant: 'Ada Lovelace', age: 36, coverage: 250000, smoker: true };

const open: Executor[] = [];
const bureaus: CreditBureau[] = [];
afterEach(async () => {
  for (const e of open.splice(0)) await e.close();
  for (const b of bureaus.splice(0)) await b.close();
});

describe('the underwriting example with a credit bureau', () => {
  it("scores with the bureau's answer, records the request and its response, and replays without a second request", async () => {
    const bureau = await startCreditBureau();
    bureaus.push(bureau);
    const dataDir = tempDir('golem-ts-bureau-');
    const { executor, templateId } = await executorWith(inject('underwritingWasm'), dataDir);
    open.push(executor);
    await executor.createWorker(templateId, 'app-b', [], []);
    expect(await executor.invokeAndAwait(templateId, 'app-b', `${API}/use-credit-bureau`, [bureau.url])).toEqual([{ ok: null }]);
    const [submitted] = (await executor.invokeAndAwait(templateId, 'app-b', `${API}/submit`, [smoker])) as [{ ok: { 'risk-score': number } }];
    // Our own score for a 36-year-old smoker is 50; the bureau's is 70 (30 + 40 for smoking).
    expect(submitted.ok['risk-score']).toBe(70);
    expect(bureau.requests).toEqual([{ idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/), applicant: 'Ada Lovelace' }]);

    const oplog = executor.getOplog(templateId, 'app-b');
    const handle = oplog.find((e) => e.kind === 'imported-function-invoked' && e.functionName === 'wasi:http/outgoing-handler/handle');
    expect(handle).toMatchObject({ request: { method: 'POST', uri: bureau.url, headers: expect.arrayContaining([['idempotency-key', bureau.requests[0].idempotencyKey]]) } });

    await executor.close();
    open.pop();
    // A new host: `decision` needs the worker, which is rebuilt by replaying `submit` from the oplog.
    const again = await Executor.open({ dataDir });
    open.push(again);
    await again.recover();
    expect(await again.invokeAndAwait(templateId, 'app-b', `${API}/decision`, [])).toEqual([null]);
    expect(again.getOplog(templateId, 'app-b').filter((e) => e.kind === 'imported-function-invoked' && e.functionName === 'wasi:http/outgoing-handler/handle')).toHaveLength(1);
    expect(bureau.requests).toHaveLength(1);
  });
});
