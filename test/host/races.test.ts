/**
 * Races on the real host over real HTTP: concurrent completes of one promise, completes racing a
 * worker's deletion, its interruption and its own suspension, and invocations from many
 * clients to one worker.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { GolemApiError, GolemClient } from '../../src/client/index.ts';
import { startTestHost, type TestHost } from '../server/host.ts';
import { utf8 } from './helpers.ts';

const API = 'golem:underwriting/api';
const verdict = (note: string) => utf8({ verdict: 'approve', 'loading-percent': 25, note });
const decision = (note: string) => ({ approved: true, 'annual-premium-cents': 62500, reason: note });
const application = { applicant: 'Ada Lovelace', age: 36, coverage: 250000, smoker: false };

let host: TestHost;
let client: GolemClient;
let underwriting: string;
let hostApi: string;

beforeAll(async () => {
  host = await startTestHost();
  client = new GolemClient({ url: host.url });
  underwriting = (await client.addTemplate('underwriting', readFileSync(inject('underwritingWasm')))).versionedTemplateId.rawTemplateId;
  hostApi = (await client.addTemplate('host-api', readFileSync(inject('hostApiWasm')))).versionedTemplateId.rawTemplateId;
});
afterAll(() => host?.close());

/** A worker that submitted an application: its review promise's oplog index. */
async function submitted(name: string): Promise<number> {
  await client.createWorker(underwriting, name);
  const [res] = (await client.invokeAndAwait(underwriting, name, `${API}/submit`, [application])) as [{ ok: { promise: { 'oplog-idx': number } } }];
  return res.ok.promise['oplog-idx'];
}

const settle = <T>(p: Promise<T>) => p.then((value) => ({ value }), (error: unknown) => ({ error }));

describe('races', () => {
  it('100 concurrent completes of one promise: exactly one true, and the workflow gets that one value', async () => {
    const idx = await submitted('hundred');
    const awaiting = client.invokeAndAwait(underwriting, 'hundred', `${API}/await-decision`, []);
    await client.waitForStatus(underwriting, 'hundred', 'Suspended');
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => client.completePromise(underwriting, 'hundred', idx, verdict(`completer ${i}`))));
    expect(answers.filter(Boolean)).toHaveLength(1);
    const winner = answers.indexOf(true);
    expect(await awaiting).toEqual([{ ok: decision(`completer ${winner}`) }]);
  });

  it("completes racing the worker's own suspension never lose the wake-up", async () => {
    const names = ['own-0', 'own-1', 'own-2', 'own-3'];
    const results = await Promise.all(
      names.map(async (name, i) => {
        const idx = await submitted(name);
        const awaiting = client.invokeAndAwait(underwriting, name, `${API}/await-decision`, []);
        // From "before the await starts" to "while it suspends": the completion lands somewhere in between.
        await new Promise((r) => setTimeout(r, i * 15));
        expect(await client.completePromise(underwriting, name, idx, verdict(name))).toBe(true);
        return awaiting;
      }),
    );
    expect(results).toEqual(names.map((n) => [{ ok: decision(n) }]));
  });

  it("completes racing the worker's interruption: the worker comes back with the verdict", async () => {
    for (const order of ['interrupt-first', 'complete-first']) {
      const name = `interrupted-${order}`;
      const idx = await submitted(name);
      const awaiting = settle(client.invokeAndAwait(underwriting, name, `${API}/await-decision`, []));
      await client.waitForStatus(underwriting, name, 'Suspended');
      const interrupt = () => client.interrupt(underwriting, name);
      const complete = () => client.completePromise(underwriting, name, idx, verdict(name));
      const [a, b] = order === 'interrupt-first' ? [interrupt(), complete()] : [complete(), interrupt()];
      const answers = await Promise.all([a, b]);
      expect(answers).toContain(true);
      // Resumed by the completion, or on its next use: either way the verdict reached it, once.
      expect(await client.invokeAndAwait(underwriting, name, `${API}/decision`, [])).toEqual([decision(name)]);
      expect(await awaiting).toEqual({ value: [{ ok: decision(name) }] });
      const oplog = await client.getOplog(underwriting, name);
      expect(oplog.filter((e) => e.kind === 'exported-function-completed')).toHaveLength(3);
    }
  });

  it("completes racing the worker's deletion: an answer or a 404, and the worker is gone for good", async () => {
    for (const order of ['delete-first', 'complete-first']) {
      const name = `deleted-${order}`;
      const idx = await submitted(name);
      const awaiting = settle(client.invokeAndAwait(underwriting, name, `${API}/await-decision`, []));
      await client.waitForStatus(underwriting, name, 'Suspended');
      const del = () => settle(client.deleteWorker(underwriting, name));
      const complete = () => settle(client.completePromise(underwriting, name, idx, verdict(name)));
      const [first, second] = order === 'delete-first' ? [del(), complete()] : [complete(), del()];
      const [completed, deleted] = order === 'delete-first' ? [await second, await first] : [await first, await second];
      expect(deleted).toEqual({ value: undefined });
      if ('error' in completed) expect(completed.error).toMatchObject({ status: 404 });
      else expect(completed.value).toBe(true);
      // The caller waiting on the deleted worker is answered, not left hanging.
      expect(await awaiting).toMatchObject({ error: expect.any(GolemApiError) });
      await expect(client.getWorker(underwriting, name)).rejects.toMatchObject({ status: 404 });
      await expect(client.completePromise(underwriting, name, idx, verdict(name))).rejects.toMatchObject({ status: 404 });
    }
    // The host is unharmed: the same name can be created again (its oplog starts from scratch).
    await client.createWorker(underwriting, 'deleted-delete-first');
    expect((await client.getOplog(underwriting, 'deleted-delete-first')).map((e) => e.kind)).toEqual(['create']);
  });

  it('invocations from many clients to one worker run one at a time', async () => {
    await client.createWorker(hostApi, 'counter');
    const increments = Array.from({ length: 30 }, (_, i) => i + 1);
    const results = (await Promise.all(increments.map((by) => client.invokeAndAwait(hostApi, 'counter', 'test:host-api/api/increment', [by])))) as [number][];
    // Run one after the other, each result is the counter after that call: all distinct, the last the total.
    const totals = results.map(([t]) => t);
    expect(new Set(totals).size).toBe(30);
    expect(Math.max(...totals)).toBe((30 * 31) / 2);
    const oplog = await client.getOplog(hostApi, 'counter');
    const marks = oplog.filter((e) => e.kind === 'exported-function-invoked' || e.kind === 'exported-function-completed').map((e) => e.kind);
    expect(marks).toEqual(increments.flatMap(() => ['exported-function-invoked', 'exported-function-completed']));
    // In the order they ran, each total is the previous one plus that call's own increment.
    let running = 0;
    for (const e of oplog) {
      if (e.kind === 'exported-function-invoked') running += (e.request as [number])[0];
      if (e.kind === 'exported-function-completed') expect(e.response).toEqual([running]);
    }
  });

  it('invocations run in arrival order', async () => {
    const { executor } = host;
    await executor.createWorker(hostApi, 'ordered', [], []);
    const calls = Array.from({ length: 20 }, (_, i) => executor.invokeAndAwait(hostApi, 'ordered', 'test:host-api/api/increment', [i + 1]));
    // Each result is the counter after that call: the running sums in the order the calls were made.
    const results = (await Promise.all(calls)) as [unknown][];
    expect(results.map(([t]) => String(t))).toEqual(Array.from({ length: 20 }, (_, i) => String(((i + 1) * (i + 2)) / 2)));
  });
});
