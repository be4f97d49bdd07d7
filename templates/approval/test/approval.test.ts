import { createTestHost, type TestHost } from 'golem-ts/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

// Built by `npm run build` (golem-ts build) from wit/ and src/.
const component = new URL('../dist/approval.wasm', import.meta.url);

let host: TestHost;
let templateId: string;
beforeAll(async () => {
  host = await createTestHost();
  templateId = await host.template(component);
});
afterAll(() => host?.close());

/** Requests an approval, waits until the worker is suspended on it, then answers it. */
async function decide(worker: string, subject: string, answer: unknown): Promise<unknown> {
  const w = await host.worker(templateId, worker);
  const [promise] = (await w.invoke('golem:approval/api/request', [subject])) as [{ 'oplog-idx': number }];
  const outcome = w.invoke('golem:approval/api/outcome');
  await w.waitFor('Suspended');
  expect(await w.complete(promise['oplog-idx'], answer)).toBe(true);
  return outcome;
}

it('waits for the approver durably and reports the answer', async () => {
  expect(await decide('expense-42', 'expense #42', { approved: true, by: 'Ada' })).toEqual([{ ok: 'expense #42: approved by Ada' }]);
});

it('an answer of the wrong shape becomes an err result, not a trap', async () => {
  expect(await decide('expense-43', 'expense #43', { approved: 'yes' })).toEqual([
    { err: expect.stringMatching(/expected \{"approved": boolean, "by": string\}/) },
  ]);
});

it('the suspended worker survives a host restart and resumes when answered', async () => {
  const w = await host.worker(templateId, 'expense-44');
  const [promise] = (await w.invoke('golem:approval/api/request', ['expense #44'])) as [{ 'oplog-idx': number }];
  void w.invoke('golem:approval/api/outcome').catch(() => {});
  await w.waitFor('Suspended');
  await host.restart();
  expect(w.status()).toBe('Suspended');
  expect(await w.complete(promise['oplog-idx'], { approved: false, by: 'Grace' })).toBe(true);
  await w.waitFor('Idle');
  // The answer is durable: asking again replays nothing and reads the completed promise.
  expect(await w.invoke('golem:approval/api/outcome')).toEqual([{ ok: 'expense #44: rejected by Grace' }]);
});
