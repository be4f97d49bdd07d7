import { beforeAll, describe, expect, inject, it } from 'vitest';
import { loadComponent, MinimalHost } from './minimal-host.ts';

const application = { applicant: 'Ada Lovelace', age: 36, coverage: 250_000n, smoker: false };
const verdict = (v: object) => new TextEncoder().encode(JSON.stringify(v));

/** jco calls exports synchronously and throws a ComponentError whose payload is the `err` value. */
function errOf(call: () => unknown): unknown {
  try {
    call();
  } catch (e) {
    return (e as { payload?: unknown }).payload;
  }
  throw new Error('expected an err result');
}

describe('underwriting component on a minimal jco host', () => {
  let instantiate: Awaited<ReturnType<typeof loadComponent>>;
  beforeAll(async () => {
    instantiate = await loadComponent(inject('underwritingWasm'));
  });

  const start = async () => {
    const host = new MinimalHost();
    const instance = await instantiate(host.imports());
    return { host, api: instance['golem:underwriting/api'] };
  };

  it('submit returns the promise id with the oplog index the host handed out', async () => {
    const { host, api } = await start();
    host.nextOplogIdx = 1234n;
    const submission = api.submit(application);
    expect(submission.promise.oplogIdx).toBe(1234n);
    expect(submission.promise.workerId.workerName).toBe('test-worker');
    expect(submission.promise.workerId.templateId.uuid).toEqual(host.templateUuid);
    expect(submission.riskScore).toBe(20);
    expect(submission.required).toEqual(['identity-verification']);
    expect(host.promises.has(1234n)).toBe(true);
  });

  it('await-decision on a completed promise prices the policy', async () => {
    const { host, api } = await start();
    const { promise } = api.submit(application);
    host.promises.set(promise.oplogIdx, verdict({ verdict: 'approve', 'loading-percent': 25, note: 'Healthy non-smoker' }));
    // risk 20 → 200 cents per 1,000 of coverage: 250,000 → 50,000 cents, +25 % loading.
    expect(api.awaitDecision()).toEqual({ approved: true, annualPremiumCents: 62_500n, reason: 'Healthy non-smoker' });
    expect(api.decision()).toEqual({ approved: true, annualPremiumCents: 62_500n, reason: 'Healthy non-smoker' });
  });

  it('reports invalid input, double submits, early awaits and bad verdicts as err', async () => {
    const { host, api } = await start();
    expect(errOf(() => api.awaitDecision())).toBe('no application submitted');
    expect(errOf(() => api.submit({ ...application, age: 17 }))).toEqual(expect.stringMatching(/age must be between 18 and 100/));
    expect(errOf(() => api.submit({ ...application, applicant: ' ' }))).toEqual(expect.stringMatching(/applicant/));
    expect(errOf(() => api.submit({ ...application, coverage: 0n }))).toEqual(expect.stringMatching(/coverage/));
    const { promise } = api.submit(application);
    expect(errOf(() => api.submit(application))).toEqual(expect.stringMatching(/already submitted/));
    host.promises.set(promise.oplogIdx, verdict({ verdict: 'maybe', 'loading-percent': 900, note: 'x' }));
    const invalid = errOf(() => api.awaitDecision()) as string;
    expect(invalid).toMatch(/^invalid verdict: /);
    expect(invalid).toMatch(/verdict/);
    expect(invalid).toMatch(/loading-percent/);
    expect(api.decision()).toBeUndefined();
  });

  it('a declined verdict is a decision without a premium', async () => {
    const { host, api } = await start();
    const { promise } = api.submit({ ...application, age: 64, smoker: true });
    host.promises.set(promise.oplogIdx, verdict({ verdict: 'decline', 'loading-percent': 0, note: 'Risk too high' }));
    expect(api.awaitDecision()).toEqual({ approved: false, annualPremiumCents: 0n, reason: 'Risk too high' });
  });
});
