import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Executor } from '../../src/host/executor.ts';
import { ExecutorError } from '../../src/host/errors.ts';
import { stringifyJson } from '../../src/wit/index.ts';
import { executorWith, tempDir, untilStatus, utf8 } from './helpers.ts';

const fn = (name: string) => `test:host-api/api/${name}`;
let executor: Executor;
let templateId: string;
let dataDir: string;
let n = 0;

beforeAll(async () => {
  ({ executor, templateId, dataDir } = await executorWith(inject('hostApiWasm')));
});
afterAll(async () => {
  await executor.close();
});

async function worker(): Promise<string> {
  const name = `w${++n}`;
  await executor.createWorker(templateId, name, [], []);
  return name;
}
const call = (w: string, f: string, params: unknown[] = []) => executor.invokeAndAwait(templateId, w, fn(f), params);
const json = (v: unknown) => JSON.parse(stringifyJson(v) as string);

describe('host imports of the durable host', () => {
  it('a live worker keeps its instance between invocations; replay rebuilds it without re-running anything', async () => {
    const w = await worker();
    expect(json(await call(w, 'increment', [1]))).toEqual([1]);
    expect(json(await call(w, 'increment', [2]))).toEqual([3]);
    const before = executor.getOplog(templateId, w).length;
    await executor.interrupt(templateId, w, true); // simulated host restart: drop + replay
    expect(executor.getOplog(templateId, w).length).toBe(before); // replay appends nothing
    expect(executor.getWorker(templateId, w).status).toBe('Idle');
    expect(json(await call(w, 'increment', [4]))).toEqual([7]);
  });

  it('replay feeds recorded randomness and clock readings back, across a real restart', async () => {
    const w = await worker();
    const [first] = json(await call(w, 'draw'));
    const [second] = json(await call(w, 'draw'));
    expect(first).not.toEqual(second);
    await executor.close();
    executor = await Executor.open({ dataDir });
    // The new process rebuilt the worker's memory by replay: same random numbers, same times.
    expect(json(await call(w, 'draws'))).toEqual([[first, second]]);
  });

  it('gives two promises created back to back distinct oplog indexes', async () => {
    const w = await worker();
    const [[a, b]] = json(await call(w, 'two-promises'));
    expect(b).toBeGreaterThan(a);
    expect(await executor.completePromise(templateId, w, BigInt(a), utf8('a'))).toBe(true);
    expect(await executor.completePromise(templateId, w, BigInt(b), utf8('b'))).toBe(true);
  });

  it('resumes a worker whose promise another worker completes through golem:api/host', async () => {
    const waiter = await worker();
    const completer = await worker();
    const waiting = call(waiter, 'wait-for-text');
    await untilStatus(executor, templateId, waiter, 'Suspended');
    const created = executor.getOplog(templateId, waiter).find((e) => e.kind === 'imported-function-invoked' && e.functionName === 'golem:api/host/create-promise');
    expect(json(await call(completer, 'complete-other', [waiter, created?.idx, 'hello from a worker']))).toEqual([true]);
    expect(await waiting).toEqual(['hello from a worker']);
    expect(json(await call(completer, 'complete-other', [waiter, created?.idx, 'again']))).toEqual([false]);
  });

  it('runs every key-value operation against the store', async () => {
    const w = await worker();
    const [log] = json(await call(w, 'kv-tour', ['tour']));
    expect(log).toEqual([
      'get a={"n":1}',
      'raw=1,2,3',
      'exists a=true missing=false',
      'many=["one",null,"two"]',
      'keys=a,m1,m2,raw',
      'inc=5,7',
      'cas=true,false',
      'after delete keys=count,raw',
    ]);
  });

  it('retries a trapping invocation by the retry policy, then fails the worker for good', async () => {
    const w = await worker();
    const failure = await call(w, 'trap').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ExecutorError);
    expect((failure as ExecutorError).code).toBe('INVOCATION_FAILED');
    const meta = executor.getWorker(templateId, w);
    expect(meta.status).toBe('Failed');
    expect(meta.retryCount).toBe(3);
    expect(executor.getOplog(templateId, w).filter((e) => e.kind === 'error')).toHaveLength(3);
    const next = await call(w, 'increment', [1]).catch((e: unknown) => e);
    expect((next as ExecutorError).message).toMatch(/previous invocation failed/);
  });

  it('round-trips every WIT value kind through typed JSON', async () => {
    const w = await worker();
    const values = {
      small: 255,
      big: 18446744073709551615n,
      signed: -9223372036854775808n,
      ratio: 0.25,
      letter: 0x1f600,
      maybe: null,
      tags: ['x', 'y'],
      pair: [7, 'seven'],
      colour: 'green',
      perms: ['read', 'execute'],
      shape: { rect: [2, 3.5] },
      outcome: { err: 'nope' },
    };
    const text = stringifyJson(await call(w, 'echo', [values])) as string;
    expect(text).toContain('"big":18446744073709551615');
    expect(text).toContain('"signed":-9223372036854775808');
    expect(text).toBe(stringifyJson([values]));
  });
});

describe('oplog control from the guest', () => {
  it('set-oplog-index jumps back: the skipped region is dropped from replay and runs again live', async () => {
    const w = await worker();
    expect(json(await call(w, 'count-with-jumps', [3]))).toEqual([3]);
    const oplog = executor.getOplog(templateId, w);
    expect(oplog.filter((e) => e.kind === 'jump')).toHaveLength(2);
    // A restart replays the final history (jumped-over regions excluded) to the same state.
    await executor.interrupt(templateId, w, true);
    expect(executor.getWorker(templateId, w).status).toBe('Idle');
    expect(json(await call(w, 'count-with-jumps', [1]))).toEqual([4]);
  });

  it('a trap inside an atomic region re-executes the whole region on every retry', async () => {
    const w = await worker();
    const failure = await call(w, 'trap-in-region').catch((e: unknown) => e);
    expect((failure as ExecutorError).code).toBe('INVOCATION_FAILED');
    expect((failure as ExecutorError).message).toMatch(/promise .* not found/);
    // Three attempts, and each ran the increment again instead of replaying the recorded one.
    const jumps = executor.getOplog(templateId, w).filter((e) => e.kind === 'jump');
    expect(jumps).toHaveLength(2); // attempts 1 and 2 rolled their region back; attempt 3 failed for good
    const increments = executor.getOplog(templateId, w).filter((e) => e.kind === 'imported-function-invoked' && e.functionName === 'wasi:keyvalue/atomic/increment');
    expect(increments.map((e) => (e as { response: { ok: { $bigint: string } } }).response.ok.$bigint)).toEqual(['1', '2', '3']);
  });
});

describe('guest timers', () => {
  it('a short setTimeout just waits; a long one suspends the worker until it is due', async () => {
    const w = await worker();
    const [short] = json(await call(w, 'nap', [20]));
    expect(short).toBeGreaterThanOrEqual(20);
    expect(executor.getOplog(templateId, w).some((e) => e.kind === 'suspend')).toBe(false);

    const napping = call(w, 'nap', [1200]);
    await untilStatus(executor, templateId, w, 'Suspended', 5_000);
    const suspend = executor.getOplog(templateId, w).find((e) => e.kind === 'suspend');
    expect(suspend).toMatchObject({ until: expect.any(Number) });
    const [slept] = json(await napping);
    expect(slept).toBeGreaterThanOrEqual(1200);
    expect(executor.getWorker(templateId, w).status).toBe('Idle');
  });

  it('a sleeping worker wakes up on time after a host restart', async () => {
    const w = await worker();
    void call(w, 'nap', [1500]).catch(() => {});
    await untilStatus(executor, templateId, w, 'Suspended', 5_000);
    await executor.close();
    executor = await Executor.open({ dataDir });
    await executor.recover();
    expect(executor.getWorker(templateId, w).status).toBe('Suspended');
    await untilStatus(executor, templateId, w, 'Idle', 10_000);
    const completed = executor.getOplog(templateId, w).filter((e) => e.kind === 'exported-function-completed').pop();
    expect(Number((completed as { response: [bigint | number] }).response[0])).toBeGreaterThanOrEqual(1500);
  });
});

describe('live instance limit', () => {
  it('drops the least recently used idle instance beyond the limit; it comes back by replay', async () => {
    const exec = await Executor.open({ dataDir: tempDir(), maxLiveInstances: 1 });
    try {
      const tid = (await exec.addTemplate('host-api', readFileSync(inject('hostApiWasm')))).versionedTemplateId.rawTemplateId;
      for (const w of ['a', 'b']) await exec.createWorker(tid, w, [], []);
      const inc = async (w: string, by: number) => {
        const result = json(await exec.invokeAndAwait(tid, w, fn('increment'), [by]));
        await new Promise((r) => setTimeout(r, 10)); // let the eviction step run
        return result;
      };
      expect(await inc('a', 1)).toEqual([1]);
      expect(exec.liveInstances()).toEqual([`${tid}/a`]);
      expect(await inc('b', 10)).toEqual([10]);
      expect(exec.liveInstances()).toEqual([`${tid}/b`]);
      expect(await inc('a', 1)).toEqual([2]); // rebuilt by replay of its two invocations
      expect(await inc('b', 10)).toEqual([20]);
      expect(exec.liveInstances()).toEqual([`${tid}/b`]);
    } finally {
      await exec.close();
    }
  });
});
