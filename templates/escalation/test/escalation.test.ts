import { createTestHost, type TestHost } from 'golem-ts/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

/** This project: the kit builds it if needed (content-hash cached, so `npm run build` output is reused) and uploads the component. */
const component = new URL('..', import.meta.url);

/** The deadline is a parameter: short ones run in wall time, the 48-hour one in virtual time (last test). */
const SHORT_DEADLINE_MS = 300;
const LONG_DEADLINE_MS = 48 * 3_600_000;

let host: TestHost;
let templateId: string;
beforeAll(async () => {
  host = await createTestHost();
  templateId = await host.template(component);
});
afterAll(() => host?.close());

type Approvals = { first: { 'oplog-idx': number }; second: { 'oplog-idx': number } };

async function open(worker: string, deadlineMs: number) {
  const w = await host.worker(templateId, worker);
  const [approvals] = (await w.invoke('golem:escalation/api/request', ['expense #7', 'Ada', 'Grace', deadlineMs])) as [Approvals];
  return { w, approvals, timer: () => host.executor.getWorker(templateId, `${worker}-timer`).status };
}

/** Polls `check` until it holds (no fixed sleeps). */
async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

it('the first approver answers before the deadline: no escalation', async () => {
  const { w, approvals, timer } = await open('req-1', LONG_DEADLINE_MS);
  const outcome = w.invoke('golem:escalation/api/outcome');
  await w.waitFor('Suspended');
  // The timer worker was started over RPC and sleeps on a durable timer (suspended, no instance).
  await until(() => timer() === 'Suspended', 'the timer worker to sleep');
  expect(await w.complete(approvals.first['oplog-idx'], { approved: true, by: 'Ada' })).toBe(true);
  expect(await outcome).toEqual([{ ok: 'expense #7: approved by Ada' }]);
});

it('no answer before the deadline: the timer completes the promise and the second approver decides', async () => {
  const { w, approvals } = await open('req-2', SHORT_DEADLINE_MS);
  const outcome = w.invoke('golem:escalation/api/outcome');
  // The timer fires, completes the first promise with its marker and wakes the requester,
  // which now waits for the second approver. (The timer worker is Idle before it starts too:
  // the promise is what tells.)
  await until(() => !w.pendingPromises().some((p) => p.oplogIdx === approvals.first['oplog-idx']), 'the timer to complete the first promise');
  await w.waitFor('Suspended');
  expect(await w.complete(approvals.first['oplog-idx'], { approved: true, by: 'Ada' })).toBe(false); // too late
  expect(await w.complete(approvals.second['oplog-idx'], { approved: false, by: 'Grace' })).toBe(true);
  expect(await outcome).toEqual([{ ok: `expense #7: escalated to Grace after ${SHORT_DEADLINE_MS} ms; rejected by Grace` }]);
});

it('the deadline survives a host restart while the timer sleeps', async () => {
  const { w, approvals, timer } = await open('req-3', 1_000);
  await until(() => timer() === 'Suspended', 'the timer worker to sleep');
  await host.restart();
  const outcome = w.invoke('golem:escalation/api/outcome');
  await until(() => timer() === 'Idle', 'the timer to fire after the restart');
  expect(await w.complete(approvals.second['oplog-idx'], { approved: true, by: 'Grace' })).toBe(true);
  expect(await outcome).toEqual([{ ok: 'expense #7: escalated to Grace after 1000 ms; approved by Grace' }]);
});

it('48 hours of virtual time: the deadline passes and the request escalates, without waiting for it', async () => {
  await using vhost = await createTestHost({ time: 'frozen' });
  const w = await vhost.worker(await vhost.template(component), 'req-48h');
  const [approvals] = (await w.invoke('golem:escalation/api/request', ['expense #8', 'Ada', 'Grace', LONG_DEADLINE_MS])) as [Approvals];
  // Both approvals are pending promises of this worker, with the indexes `request` returned.
  expect(w.pendingPromises().map((p) => p.oplogIdx)).toEqual([approvals.first['oplog-idx'], approvals.second['oplog-idx']]);
  const outcome = w.invoke('golem:escalation/api/outcome');
  await w.waitFor('Suspended');
  const timer = () => vhost.executor.getWorker(w.templateId, 'req-48h-timer').status;
  await until(() => timer() === 'Suspended', 'the timer worker to sleep');
  const started = Date.now();
  await vhost.advanceTime(LONG_DEADLINE_MS - 1);
  expect(timer()).toBe('Suspended'); // a millisecond early: still asleep
  await vhost.advanceTime(1);
  await until(() => timer() === 'Idle', 'the timer to fire');
  console.log(`[escalation] 48 h of virtual time took ${Date.now() - started} ms of wall time`);
  expect(await w.complete(approvals.first['oplog-idx'], { approved: true, by: 'Ada' })).toBe(false); // too late
  expect(await w.complete(approvals.second['oplog-idx'], { approved: true, by: 'Grace' })).toBe(true);
  expect(await outcome).toEqual([{ ok: `expense #8: escalated to Grace after ${LONG_DEADLINE_MS} ms; approved by Grace` }]);
});
