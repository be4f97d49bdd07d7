// resume.hot: complete → the awaiting invocation finishes, host up: the parked instance goes on (no instantiation, no replay).
// resume.cold.N: the same after a host restart, for workers whose oplog holds ~N entries.
// Both against the instantiation floor: a fresh instance of the same template, nothing replayed.
// Cold resumes take an instance instantiated ahead from the host's pool when one is ready
// (`--instances-ahead N`, default 2; 0 measures without the pool).
import { rmSync } from 'node:fs';
import { dataDir, FN, instantiateOnce, openHost, promiseIdx, utf8, waitStatus } from '../support/host.js';
import { stats, time } from '../support/measure.js';

async function suspendInWait(executor, templateId, name, invocationKey) {
  const waiting = executor.invokeAndAwait(templateId, name, FN.waitForText, [], invocationKey ? { invocationKey } : {});
  waiting.catch(() => {}); // after a restart this caller is gone; the key joins the invocation again
  await waitStatus(executor, templateId, name, 'Suspended');
  return { waiting }; // wrapped: an async function returning the promise itself would wait for it
}

function expectText(result, text, name) {
  if (JSON.stringify(result) !== JSON.stringify([text])) throw new Error(`bench: ${name} resumed with ${JSON.stringify(result)}, expected ["${text}"]`);
}

export async function resumeHot({ executor, templateId, quick, results, log }) {
  const reps = quick ? 10 : 30;
  log(`resume.hot: ${reps} completions of a suspended wait-for-text, host up`);
  const resumes = [];
  const floor = [];
  const hotBefore = executor.counters.hotResumes;
  for (let i = 0; i < reps; i++) {
    const name = `hot-${i}`;
    await executor.createWorker(templateId, name, [], []);
    const { waiting } = await suspendInWait(executor, templateId, name);
    const idx = promiseIdx(executor, templateId, name);
    let result;
    resumes.push(
      await time(async () => {
        await executor.completePromise(templateId, name, idx, utf8(name));
        result = await waiting;
      }),
    );
    expectText(result, name, name);
    floor.push(await time(() => instantiateOnce(executor, templateId, `floor-hot-${i}`)));
  }
  const m = stats(resumes);
  const b = stats(floor);
  results.add({
    name: 'resume.hot',
    value: m.p50,
    unit: 'ms',
    baseline: 'instantiate a fresh instance (p50)',
    baselineValue: b.p50,
    goal: 'p50 ≤ 2 ms',
    check: (v) => v <= 2,
    details: { reps, mean: m.mean, p99: m.p99, hotResumes: executor.counters.hotResumes - hotBefore, mechanism: 'the guest stays parked in await-promise on its thread; the completion answers the call' },
  });
}

export async function resumeCold({ wasmPath, quick, results, log, instancesAhead }) {
  const reps = quick ? 3 : 10;
  const sizes = [10, 100, 1000];
  const dir = dataDir('cold');
  let { executor, templateId } = await openHost(dir, wasmPath);
  log(`resume.cold: ${reps} workers each at ${sizes.join(' / ')} oplog entries, suspended, then a host restart`);
  const workers = [];
  for (const size of sizes) {
    for (let i = 0; i < reps; i++) {
      const name = `cold-${size}-${i}`;
      await executor.createWorker(templateId, name, [], []);
      // wait-for-text adds 7 entries: its invocation, clock reads, the promise and the suspend.
      while (executor.getOplog(templateId, name).length + 7 < size) await executor.invokeAndAwait(templateId, name, FN.increment, [1]);
      const key = executor.createInvocationKey(templateId, name);
      await suspendInWait(executor, templateId, name, key);
      workers.push({ size, name, key, idx: promiseIdx(executor, templateId, name), entries: executor.getOplog(templateId, name).length });
    }
  }
  await executor.close();
  ({ executor } = await openHost(dir, wasmPath, templateId, { instancesAhead }));
  await executor.recover();
  try {
    const floor = [];
    for (let i = 0; i < reps * 3; i++) floor.push(await time(() => instantiateOnce(executor, templateId, `floor-cold-${i}`)));
    const samples = new Map(sizes.map((s) => [s, []]));
    for (const w of workers) {
      let result;
      samples.get(w.size).push(
        await time(async () => {
          await executor.completePromise(templateId, w.name, w.idx, utf8(w.name));
          // The invocation key joins the invocation started before the restart.
          result = await executor.invokeAndAwait(templateId, w.name, FN.waitForText, [], { invocationKey: w.key });
        }),
      );
      expectText(result, w.name, w.name);
      floor.push(await time(() => instantiateOnce(executor, templateId, `floor-cold-x-${w.name}`)));
    }
    const b = stats(floor);
    for (const size of sizes) {
      const m = stats(samples.get(size));
      const entries = stats(workers.filter((w) => w.size === size).map((w) => w.entries));
      results.add({
        name: `resume.cold.${size}`,
        value: m.p50,
        unit: 'ms',
        baseline: 'instantiate a fresh instance after the restart (p50)',
        baselineValue: b.p50,
        ...(size === 100 ? { goal: '≤ 1.5× the instantiate floor', check: (_, r) => r <= 1.5 } : {}),
        details: { reps, oplogEntries: entries.p50, mean: m.mean, max: m.max, instancesAhead: instancesAhead ?? 2, resumesFromInstancesAhead: executor.counters.instantiatedAhead },
      });
    }
  } finally {
    await executor.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
