import { afterEach, describe, expect, inject, it } from 'vitest';
import { GolemClient } from '../../src/client/index.ts';
import { Executor, type ExecutorOptions } from '../../src/host/executor.ts';
import { ExecutorError } from '../../src/host/errors.ts';
import type { OplogEntry } from '../../src/host/types.ts';
import { startServer, type RunningServer } from '../../src/server/index.ts';
import { createTestHost } from '../../src/testing/index.ts';
import { stringifyJson } from '../../src/wit/index.ts';
import { executorWith, tempDir, until, untilStatus, utf8 } from './helpers.ts';

/** Guests run in worker threads: the host stays responsive, can stop them, and resumes parked ones hot. */

const SPIN = 'test:host-api/api/spin';
const INCREMENT = 'test:host-api/api/increment';
const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0).reverse()) await o.close();
});

/** A host on a fresh data dir (or `dataDir`) with the host-api fixture (or `wasm`) uploaded; closed after the test. */
async function host(opts: { wasm?: string; dataDir?: string } & Omit<ExecutorOptions, 'dataDir'> = {}) {
  const { wasm = inject('hostApiWasm'), dataDir, ...options } = opts;
  const { executor, templateId } = await executorWith(wasm, dataDir, options);
  opened.push(executor);
  return { executor, templateId };
}

async function serve(executor: Executor): Promise<{ server: RunningServer; client: GolemClient }> {
  const server = await startServer({ executor, port: 0 });
  opened.push(server);
  return { server, client: new GolemClient({ url: server.url }) };
}

/** Whether the worker's `spin` invocation has started (its first effect is in the oplog) and not completed. */
function spinning(executor: Executor, templateId: string, worker: string): boolean {
  const oplog = executor.getOplog(templateId, worker);
  const invoked = oplog.findLastIndex((e) => e.kind === 'exported-function-invoked' && e.functionName === SPIN);
  return invoked >= 0 && oplog.slice(invoked).some((e) => e.kind === 'imported-function-invoked') && !oplog.slice(invoked).some((e) => e.kind === 'exported-function-completed');
}

const spinCompletions = (oplog: OplogEntry[]) => {
  const spins = oplog.filter((e) => e.kind === 'exported-function-invoked' && e.functionName === SPIN).map((e) => e.idx);
  return oplog.filter((e) => e.kind === 'exported-function-completed' && spins.some((s) => s < e.idx)).length;
};

describe('guests in worker threads', () => {
  it('the REST API answers while a guest spins for 5 s', async () => {
    const { executor, templateId } = await host();
    const { client } = await serve(executor);
    await client.createWorker(templateId, 'spinner');
    let spinDone = false;
    const spin = client.invokeAndAwait(templateId, 'spinner', SPIN, [5000]).then((r) => {
      spinDone = true;
      return r;
    });
    await until(() => spinning(executor, templateId, 'spinner'), 'the guest to start spinning');
    const templates = await client.listTemplates();
    expect(templates.map((t) => t.versionedTemplateId.rawTemplateId)).toContain(templateId);
    const worker = await client.getWorker(templateId, 'spinner');
    // Answered while the guest was still in its loop.
    expect(spinDone).toBe(false);
    expect(worker.status).toBe('Running');
    expect(await spin).toEqual([1]);
  });

  it('two workers run at the same time', async () => {
    const { executor, templateId } = await host();
    await executor.createWorker(templateId, 'a');
    await executor.createWorker(templateId, 'b');
    const a = executor.invokeAndAwait(templateId, 'a', SPIN, [3000]);
    const b = executor.invokeAndAwait(templateId, 'b', SPIN, [3000]);
    // Both are inside their loops at once: each has started and neither has finished.
    await until(() => spinning(executor, templateId, 'a') && spinning(executor, templateId, 'b'), 'both guests to spin at once');
    expect(await Promise.all([a, b])).toEqual([[1], [1]]);
  });

  it('interrupt stops a running guest where it is; its next use continues it by replay', async () => {
    const { executor, templateId } = await host();
    await executor.createWorker(templateId, 'runaway');
    const spin = executor.invokeAndAwait(templateId, 'runaway', SPIN, [4000]);
    await until(() => spinning(executor, templateId, 'runaway'), 'the guest to start spinning');
    await executor.interrupt(templateId, 'runaway', false);
    // Stopped mid-loop: nothing completed, the interruption recorded.
    expect(executor.getWorker(templateId, 'runaway').status).toBe('Interrupted');
    const oplog = executor.getOplog(templateId, 'runaway');
    expect(spinCompletions(oplog)).toBe(0);
    expect(oplog[oplog.length - 1].kind).toBe('interrupted');
    expect(executor.liveInstances()).not.toContain(`${templateId}/runaway`);

    // Next use: the interrupted spin comes back by replay and finishes first, once.
    expect(await executor.invokeAndAwait(templateId, 'runaway', INCREMENT, [5])).toEqual([6]);
    expect(await spin).toEqual([1]);
    const after = executor.getOplog(templateId, 'runaway');
    expect(after.filter((e) => e.kind === 'exported-function-invoked' && e.functionName === SPIN)).toHaveLength(1);
    expect(spinCompletions(after)).toBe(2); // spin's, then increment's
  });

  it('an invocation over the time limit fails with a clear error after the retry policy, and the host goes on', async () => {
    const { executor, templateId } = await host({ invocationTimeoutMs: 400 });
    await executor.createWorker(templateId, 'endless');
    await executor.createWorker(templateId, 'fine');
    const failed = await executor.invokeAndAwait(templateId, 'endless', SPIN, [60_000]).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ExecutorError);
    expect((failed as ExecutorError).code).toBe('INVOCATION_FAILED');
    expect((failed as Error).message).toMatch(/longer than the host's limit of 400 ms/);
    const worker = executor.getWorker(templateId, 'endless');
    expect(worker.status).toBe('Failed');
    expect(worker.retryCount).toBe(3); // Golem's default policy: 3 attempts
    expect(executor.getOplog(templateId, 'endless').filter((e) => e.kind === 'error')).toHaveLength(3);
    expect(await executor.invokeAndAwait(templateId, 'fine', INCREMENT, [2])).toEqual([2]);
  });
});

describe('hot resume', () => {
  it('a long guest sleep parks too: its timer resumes it hot, and the guest saw the time pass', async () => {
    const { executor, templateId } = await host();
    await executor.createWorker(templateId, 'sleeper');
    const hot = executor.counters.hotResumes;
    const built = executor.counters.instantiations;
    // Over 100 ms a guest timer suspends the worker until it is due (durable timer).
    const [slept] = (await executor.invokeAndAwait(templateId, 'sleeper', 'test:host-api/api/nap', [400])) as [bigint];
    expect(Number(slept)).toBeGreaterThanOrEqual(400);
    expect(executor.getOplog(templateId, 'sleeper').some((e) => e.kind === 'suspend' && e.until !== undefined)).toBe(true);
    expect(executor.counters.hotResumes).toBe(hot + 1);
    expect(executor.counters.instantiations).toBe(built + 1); // the first activation only
  });

  const SUBMIT = 'golem:underwriting/api/submit';
  const AWAIT = 'golem:underwriting/api.{await-decision}';
  const application = { applicant: 'Ada Lovelace', age: 36, coverage: 250000, smoker: false };
  const approve = { verdict: 'approve', 'loading-percent': 25, note: 'Healthy non-smoker' };
  type Submission = [{ ok: { promise: { 'oplog-idx': number } } }];

  /** An oplog, an entry a line, without what differs between runs (times, clock readings, random values, the worker's own name). */
  const shape = (oplog: OplogEntry[]) =>
    oplog.map((e) => {
      const varies = e.kind === 'imported-function-invoked' && /^wasi:(clocks|random)/.test(e.functionName);
      const { timestamp: _t, ...rest } = { ...e, ...(varies ? { response: 'varies' } : {}) };
      const readable = (_: string, v: unknown) =>
        typeof v === 'bigint' ? `${v}n` : v !== null && typeof v === 'object' && '$bytes' in v ? Buffer.from(String(v.$bytes), 'base64').toString() : v;
      return JSON.stringify(rest, readable).replace(/\b(hot|cold)\b/g, '<worker>');
    });

  async function suspended(executor: Executor, templateId: string, name: string) {
    await executor.createWorker(templateId, name);
    const [submission] = (await executor.invokeAndAwait(templateId, name, SUBMIT, [application])) as Submission;
    const awaiting = executor.invokeAndAwait(templateId, name, AWAIT, []);
    await untilStatus(executor, templateId, name, 'Suspended');
    return { idx: BigInt(submission.ok.promise['oplog-idx']), awaiting };
  }

  it('a completion resumes a parked worker without instantiating it again; hot and cold give the same oplog and result', async () => {
    const dataDir = tempDir();
    const first = await host({ wasm: inject('underwritingWasm'), dataDir });
    const hot = await suspended(first.executor, first.templateId, 'hot');
    const cold = await suspended(first.executor, first.templateId, 'cold'); // its caller stays with the first host
    // Parked: the hot worker keeps its instance while suspended.
    expect(first.executor.liveInstances()).toContain(`${first.templateId}/hot`);
    const before = { ...first.executor.counters };
    expect(await first.executor.completePromise(first.templateId, 'hot', hot.idx, utf8(approve))).toBe(true);
    const hotResult = await hot.awaiting;
    expect(first.executor.counters.instantiations).toBe(before.instantiations);
    expect(first.executor.counters.hotResumes).toBe(before.hotResumes + 1);

    // The cold one resumes in another host: a fresh instance and a replay.
    await first.executor.close();
    const second = await Executor.open({ dataDir });
    opened.push(second);
    await second.recover();
    expect(await second.completePromise(first.templateId, 'cold', cold.idx, utf8(approve))).toBe(true);
    await untilStatus(second, first.templateId, 'cold', 'Idle');
    expect(second.counters.instantiations).toBe(1);
    expect(second.counters.hotResumes).toBe(0);

    const coldOplog = second.getOplog(first.templateId, 'cold');
    const hotOplog = second.getOplog(first.templateId, 'hot');
    expect(shape(hotOplog)).toEqual(shape(coldOplog));
    const completed = (o: OplogEntry[]) => o.filter((e) => e.kind === 'exported-function-completed').pop();
    expect(completed(coldOplog)).toMatchObject({ response: hotResult });
  });

  it('a parked worker beyond --max-live is evicted and resumes cold with the same result', async () => {
    const { executor, templateId } = await host({ wasm: inject('underwritingWasm'), maxLiveInstances: 1 });
    const a = await suspended(executor, templateId, 'a');
    const b = await suspended(executor, templateId, 'b');
    expect(executor.liveInstances()).toEqual([`${templateId}/b`]);
    const built = executor.counters.instantiations;
    expect(await executor.completePromise(templateId, 'a', a.idx, utf8(approve))).toBe(true);
    expect(await executor.completePromise(templateId, 'b', b.idx, utf8(approve))).toBe(true);
    const [ra, rb] = await Promise.all([a.awaiting, b.awaiting]);
    expect(ra).toEqual(rb);
    expect(executor.counters.instantiations).toBeGreaterThan(built); // `a` came back cold
  });

  it('a crash (kill -9, as the test kit simulates it) while parked loses nothing: the next host resumes the worker cold', async () => {
    await using kit = await createTestHost();
    const templateId = await kit.template(inject('underwritingWasm'));
    const w = await kit.worker(templateId, 'parked');
    const [submission] = (await w.invoke(SUBMIT, [application])) as Submission;
    const awaiting = w.invoke(AWAIT);
    await w.waitFor('Suspended');
    expect(kit.executor.liveInstances()).toContain(`${templateId}/parked`);
    await kit.restart();
    expect(kit.executor.liveInstances()).toEqual([]);
    expect(await w.complete(submission.ok.promise['oplog-idx'], approve)).toBe(true);
    expect(await awaiting).toEqual([{ ok: { approved: true, 'annual-premium-cents': 62500, reason: 'Healthy non-smoker' } }]);
    expect(kit.executor.counters).toMatchObject({ hotResumes: 0 });
  });

  it('instances instantiated ahead are bound to the worker that takes them, with its own identity and state', async () => {
    const { executor, templateId } = await host({ wasm: inject('underwritingWasm'), maxLiveInstances: 1 });
    const first = await suspended(executor, templateId, 'first');
    // The first activation leaves instances of this template instantiated ahead; the next worker takes one.
    await until(async () => {
      const name = `next-${executor.counters.instantiations}`;
      await executor.createWorker(templateId, name);
      await executor.invokeAndAwait(templateId, name, SUBMIT, [application]);
      return executor.counters.instantiatedAhead > 0;
    }, 'a worker to get an instance instantiated ahead');
    const taken = `next-${executor.counters.instantiations - 1}`;
    const [submitted] = (await executor.invokeAndAwait(templateId, taken, 'golem:underwriting/api/submit', [application])) as [{ err?: string }];
    // Its own state: the application it got before is there (a second submit is refused), under its own name.
    expect(submitted.err).toMatch(/already/);
    const completed = executor.getOplog(templateId, taken).filter((e) => e.kind === 'exported-function-completed');
    expect(stringifyJson(completed[0])).toContain(`"worker-name":"${taken}"`);
    // The first worker (evicted: --max-live 1) still comes back with its own application.
    expect(await executor.completePromise(templateId, 'first', first.idx, utf8(approve))).toBe(true);
    expect(await first.awaiting).toEqual([{ ok: { approved: true, 'annual-premium-cents': 62500, reason: 'Healthy non-smoker' } }]);
  });
});
