// workers.suspended: N workers each suspended in wait-for-text (fire-and-forget, no caller kept):
// RSS growth per worker over the whole set vs the RSS of a worker that keeps its live instance.
import { FN, storeBytes, waitStatus } from '../support/host.js';
import { memory } from '../support/measure.js';

/** Flat memory: what a suspended worker may cost the host (bookkeeping, SQLite cache), at most. */
const FLAT_BYTES_PER_WORKER = 2048;

export async function suspendedWorkers({ executor, templateId, dir, count, results, log }) {
  log(`workers.suspended: creating ${count} suspended workers`);
  await executor.createWorker(templateId, 'warm', [], []);
  await executor.invoke(templateId, 'warm', FN.waitForText, []);
  await waitStatus(executor, templateId, 'warm', 'Suspended');

  const before = memory();
  const checkpoints = [];
  const names = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const name = `s-${i}`;
    await executor.createWorker(templateId, name, [], []);
    await executor.invoke(templateId, name, FN.waitForText, []);
    await waitStatus(executor, templateId, name, 'Suspended');
    names.push(name);
    if ((i + 1) % Math.max(1, Math.floor(count / 10)) === 0) {
      const m = memory();
      checkpoints.push({ workers: i + 1, rssMiB: round(m.rss / 1048576), heapMiB: round(m.heap / 1048576), seconds: round((performance.now() - started) / 1000) });
      log(`  ${i + 1} suspended, RSS ${checkpoints.at(-1).rssMiB} MiB, ${checkpoints.at(-1).seconds} s`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const after = memory();
  const perWorker = (after.rss - before.rss) / count;

  // Baseline: workers that keep their live instance (idle after an invocation, below --max-live).
  const liveCount = 8;
  const liveBefore = memory();
  for (let i = 0; i < liveCount; i++) {
    await executor.createWorker(templateId, `live-${i}`, [], []);
    await executor.invokeAndAwait(templateId, `live-${i}`, FN.increment, [1]);
  }
  const liveAfter = memory();
  const perLive = (liveAfter.rss - liveBefore.rss) / liveCount;

  results.add({
    name: 'workers.suspended',
    value: perWorker / 1024,
    unit: 'KiB RSS/worker',
    baseline: 'RSS per worker keeping a live instance',
    baselineValue: perLive / 1024,
    // Fewer workers than the 10,000 leave the figure inside the noise: not judged as met.
    goal: `flat: ≤ ${FLAT_BYTES_PER_WORKER / 1024} KiB RSS per suspended worker over ≥ 10,000 workers`,
    check: (v) => v * 1024 <= FLAT_BYTES_PER_WORKER && count >= 10_000,
    details: {
      workers: count,
      creationPerSecond: round(count / seconds),
      creationSeconds: round(seconds),
      rssMiBBefore: round(before.rss / 1048576),
      rssMiBAfter: round(after.rss / 1048576),
      heapKiBPerWorker: round((after.heap - before.heap) / count / 1024),
      storeMiB: round(storeBytes(dir) / 1048576),
      checkpoints,
    },
  });
  return names;
}

const round = (v) => Math.round(v * 100) / 100;

