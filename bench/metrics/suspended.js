// workers.suspended: N workers each suspended in wait-for-text (fire-and-forget, no caller kept):
// RSS growth per worker over the whole set (after the live set of parked instances is full) vs the
// RSS of a worker that keeps its live instance.
// workers.created: the same N workers created per second (create the worker, invoke, until it
// suspends on its promise, through the executor's public API) vs fresh instances of the template
// per second on the host thread, one at a time.
import { FN, instantiateRate, storeBytes, waitStatus } from '../support/host.js';
import { memory } from '../support/measure.js';
import { oldFigure } from '../support/old-run.js';

/** Flat memory: what a suspended worker may cost the host (bookkeeping, SQLite cache), at most. */
const FLAT_BYTES_PER_WORKER = 2048;

/** workers.created's goal: 4× the 6.3 workers/s the README's run of 2026-11-30 measured. */
const CREATED_GOAL = 4 * 6.3;

/** Workers created at once: each instantiates in its own guest thread, so both cores work. */
const CONCURRENCY = 4;
/** The executor's default --max-live: parked instances up to it are a fixed cost, not a per-worker one. */
const MAX_LIVE = 32;

export async function suspendedWorkers({ executor, templateId, dir, count, results, log }) {
  log(`workers.suspended: creating ${count} suspended workers, ${CONCURRENCY} at a time`);
  const suspend = async (name) => {
    await executor.createWorker(templateId, name, [], []);
    await executor.invoke(templateId, name, FN.waitForText, []);
    await waitStatus(executor, templateId, name, 'Suspended');
  };
  // Fill the live set first: beyond it every new parked instance evicts the oldest one. What the
  // live set costs per worker (a thread and an instance each) is the baseline.
  const empty = memory();
  for (let i = 0; i < MAX_LIVE; i += CONCURRENCY) await Promise.all(Array.from({ length: CONCURRENCY }, (_, j) => suspend(`warm-${i + j}`)));

  const before = memory();
  const perLive = (before.rss - empty.rss) / MAX_LIVE;
  const checkpoints = [];
  const names = [];
  const started = performance.now();
  const every = Math.max(CONCURRENCY, Math.floor(count / 10 / CONCURRENCY) * CONCURRENCY);
  for (let i = 0; i < count; i += CONCURRENCY) {
    const batch = Array.from({ length: Math.min(CONCURRENCY, count - i) }, (_, j) => `s-${i + j}`);
    await Promise.all(batch.map(suspend));
    names.push(...batch);
    if (names.length % every === 0 || names.length === count) {
      const m = memory();
      checkpoints.push({ workers: names.length, rssMiB: round(m.rss / 1048576), heapMiB: round(m.heap / 1048576), seconds: round((performance.now() - started) / 1000) });
      log(`  ${names.length} suspended, RSS ${checkpoints.at(-1).rssMiB} MiB, ${checkpoints.at(-1).seconds} s`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const floorRate = await instantiateRate(executor, templateId, 'created');
  const old = oldFigure('workers.created');
  results.add({
    name: 'workers.created',
    value: count / seconds,
    unit: 'workers/s',
    baseline: 'fresh instances of the template per second on the host thread, one at a time (p50)',
    baselineValue: floorRate,
    goal: `≥ ${CREATED_GOAL}/s (4× the 6.3/s of 2026-11-30)`,
    check: (v) => v >= CREATED_GOAL,
    details: { workers: count, concurrency: CONCURRENCY, seconds: round(seconds), instantiateMsP50: round(1000 / floorRate), ...(old ? { oldCommit: old.commit, oldValue: old.value, vsOld: round(count / seconds / old.value) } : {}) },
  });
  const after = memory();
  const perWorker = (after.rss - before.rss) / count;

  results.add({
    name: 'workers.suspended',
    value: perWorker / 1024,
    unit: 'KiB RSS/worker',
    baseline: 'RSS per worker keeping a live (parked) instance in its thread',
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

