// isolation: p99 latency of GET /v1/templates, sent every 10 ms from another thread, while one guest
// spins (computes for a few seconds) vs while the host is idle.
import { Worker } from 'node:worker_threads';
import { lib } from '../support/lib.js';
import { FN } from '../support/host.js';
import { stats } from '../support/measure.js';

const { startServer } = await lib('server/index.js');

function probe(url, durationMs, onReady) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('../support/latency-probe.js', import.meta.url), { workerData: { url, durationMs, intervalMs: 10 } });
    worker.on('message', (m) => {
      if (m.ready) onReady();
      else resolve(m.latencies);
    });
    worker.on('error', reject);
  });
}

export async function isolation({ executor, templateId, quick, results, log }) {
  const spinMs = quick ? 2000 : 5000;
  log(`isolation: GET /v1/templates from another thread, idle and while a guest spins for ${spinMs} ms`);
  await executor.createWorker(templateId, 'spinner', [], []);
  await executor.invokeAndAwait(templateId, 'spinner', FN.increment, [1]); // live instance, so the spin is all guest code
  const server = await startServer({ executor, host: '127.0.0.1', port: 0 });
  try {
    const url = `${server.url}/v1/templates`;
    const idle = await probe(url, spinMs, () => {});
    let spinning;
    const busy = await probe(url, spinMs + 500, () => {
      spinning = executor.invokeAndAwait(templateId, 'spinner', FN.spin, [spinMs]);
    });
    await spinning;
    const i = stats(idle);
    const b = stats(busy);
    results.add({
      name: 'isolation',
      value: b.p99,
      unit: 'ms',
      baseline: 'p99 with the host idle',
      baselineValue: i.p99,
      goal: '≤ 2× idle p99',
      check: (_, r) => r <= 2,
      details: { spinMs, requestsWhileSpinning: b.n, requestsIdle: i.n, maxWhileSpinning: b.max, p50WhileSpinning: b.p50, p50Idle: i.p50 },
    });
  } finally {
    await server.close();
  }
}
