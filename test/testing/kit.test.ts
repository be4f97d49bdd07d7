import { describe, expect, inject, it } from 'vitest';
import { createTestHost } from '../../src/testing/index.ts';

const application = { applicant: 'Grace Hopper', age: 52, coverage: 1_500_000, smoker: false };

describe('golem-ts/testing', () => {
  it('runs a component durably in-process, across a simulated host restart', async () => {
    const host = await createTestHost();
    try {
      const templateId = await host.template(inject('underwritingWasm'));
      const worker = await host.worker(templateId, 'kit-1');
      const [submission] = (await worker.invoke('golem:underwriting/api/submit', [application])) as [{ ok: { promise: { 'oplog-idx': number }; required: string[] } }];
      expect(submission.ok.required).toEqual(['identity-verification', 'medical-exam', 'financial-statement']);
      void worker.invoke('golem:underwriting/api/await-decision').catch(() => {});
      await worker.waitFor('Suspended');

      await host.restart();
      expect(worker.status()).toBe('Suspended');
      expect(await worker.complete(submission.ok.promise['oplog-idx'], { verdict: 'approve', 'loading-percent': 0, note: 'fine' })).toBe(true);
      await worker.waitFor('Idle');
      // age 52 → 35, coverage > 1M → +10: risk 45 → 325 cents per 1,000 of 1,500,000.
      expect(await worker.invoke('golem:underwriting/api/decision')).toEqual([{ approved: true, 'annual-premium-cents': 487_500, reason: 'fine' }]);
    } finally {
      await host.close();
    }
  });

  it('serves the REST API on 127.0.0.1 with a client, token included', async () => {
    const host = await createTestHost({ http: true, token: 'kit-secret' });
    try {
      expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const templateId = await host.template(inject('underwritingWasm'), 'underwriting');
      await host.worker(templateId, 'kit-2');
      expect((await host.client!.getWorker(templateId, 'kit-2')).status).toBe('Idle');
      const anonymous = await fetch(`${host.url}/v1/templates/${templateId}/workers/kit-2`);
      expect(anonymous.status).toBe(401);
    } finally {
      await host.close();
    }
  });
});
