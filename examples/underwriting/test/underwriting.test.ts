import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTestHost } from 'golem-ts/testing';

const project = fileURLToPath(new URL('..', import.meta.url));
const SUBMIT = 'golem:underwriting/api/submit';
const application = { applicant: 'Grace Hopper', age: 52, coverage: 1_500_000, smoker: false };

type Submission = [{ ok: { promise: { 'oplog-idx': number }; required: string[] } }];

describe('underwriting', () => {
  it('prices the policy once the underwriter answers, across a host crash while the worker waits', async () => {
    await using host = await createTestHost();
    const worker = await host.worker(await host.template(project), 'app-1');
    const [submission] = (await worker.invoke(SUBMIT, [application])) as Submission;
    expect(submission.ok.required).toEqual(['identity-verification', 'medical-exam', 'financial-statement']);
    expect(worker.pendingPromises().map((p) => p.oplogIdx)).toEqual([submission.ok.promise['oplog-idx']]);

    const decision = worker.invoke('golem:underwriting/api/await-decision');
    await worker.waitFor('Suspended');
    await host.restart();
    expect(worker.status()).toBe('Suspended');
    expect(await worker.complete(submission.ok.promise, { verdict: 'approve', 'loading-percent': 0, note: 'fine' })).toBe(true);
    // age 52 → 35, coverage > 1M → +10: risk 45 → 325 cents per 1,000 of 1,500,000.
    const priced = { approved: true, 'annual-premium-cents': 487_500, reason: 'fine' };
    expect(await decision).toEqual([{ ok: priced }]);
    expect(await worker.invoke('golem:underwriting/api/decision')).toEqual([priced]);
    expect(worker.kv('underwriting').keys()).toEqual(['app-1/application', 'app-1/decision']);
  });

  it('refuses an invalid verdict at the boundary: the promise stays pending and a valid one still decides', async () => {
    await using host = await createTestHost();
    const worker = await host.worker(await host.template(project), 'app-2');
    await worker.invoke(SUBMIT, [application]);
    const decision = worker.invoke('golem:underwriting/api/await-decision');
    await worker.waitFor('Suspended');
    // The verdict's schema travels with the promise, so the host checks the payload before accepting it.
    await expect(worker.pendingPromises()[0].complete({ verdict: 'approve', 'loading-percent': 900, note: '' })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringMatching(/loading-percent/),
    });
    expect(worker.pendingPromises()).toHaveLength(1);
    expect(worker.status()).toBe('Suspended');
    await worker.pendingPromises()[0].complete({ verdict: 'decline', 'loading-percent': 0, note: 'too risky' });
    expect(await decision).toEqual([{ ok: { approved: false, 'annual-premium-cents': 0, reason: 'too risky' } }]);
    expect(worker.kv('underwriting').get('app-2/application')).toMatchObject({ applicant: 'Grace Hopper', age: 52 });
  });

  it("scores with the credit bureau's answer (a route, no server) and replay never calls the bureau again", async () => {
    await using host = await createTestHost();
    host.http.route('POST https://bureau.example/score', (req) => Response.json({ score: (req.json() as { smoker: boolean }).smoker ? 90 : 60 }));
    const worker = await host.worker(await host.template(project), 'app-3');
    expect(await worker.invoke('golem:underwriting/api/use-credit-bureau', ['https://bureau.example/score'])).toEqual([{ ok: null }]);
    const [submission] = (await worker.invoke(SUBMIT, [application])) as [{ ok: { 'risk-score': number } }];
    expect(submission.ok['risk-score']).toBe(60);
    expect(host.http.requests).toHaveLength(1);
    expect(host.http.requests[0]).toMatchObject({ method: 'POST', routed: true, headers: { 'content-type': 'application/json' } });
    expect(host.http.requests[0].json()).toEqual({ applicant: 'Grace Hopper', age: 52, smoker: false });

    await host.restart();
    // The worker comes back by replay: the recorded response, not a second request.
    expect(await worker.invoke('golem:underwriting/api/decision')).toEqual([null]);
    expect(host.http.requests).toHaveLength(1);
  });
});
