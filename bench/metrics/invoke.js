// invoke.inprocess: executor.invokeAndAwait on a live worker vs a raw jco call on the same instance.
// invoke.rest: POST …/invoke-and-await vs an empty Fastify route that makes the same raw call.
import Fastify from 'fastify';
import { startServer } from '../../lib/server/index.js';
import { FN } from '../support/host.js';
import { sideBySide } from '../support/measure.js';

/** A bench-only peek at a live worker's jco exports. */
function rawIncrement(executor, templateId, name) {
  const runtime = executor.runtimes.get(`${templateId}/${name}`);
  if (!runtime?.instance) throw new Error(`bench: ${name} has no live instance`);
  const api = runtime.instance.exports['test:host-api/api'];
  return () => api.increment(1n);
}

export async function invokeMetrics({ executor, templateId, quick, results, log }) {
  const calls = quick ? 300 : 2000;
  log(`invoke.inprocess: ${calls} calls each, interleaved in batches`);
  await executor.createWorker(templateId, 'inprocess', [], []);
  const viaExecutor = () => executor.invokeAndAwait(templateId, 'inprocess', FN.increment, [1]);
  await viaExecutor();
  const raw = rawIncrement(executor, templateId, 'inprocess');
  for (let i = 0; i < 100; i++) {
    await viaExecutor();
    raw();
  }
  {
    const [m, b] = await sideBySide(viaExecutor, raw, calls);
    results.add({
      name: 'invoke.inprocess',
      value: m.mean,
      unit: 'ms',
      baseline: 'raw jco call of increment() on the same instance (mean)',
      baselineValue: b.mean,
      goal: '≤ 1.1×',
      check: (_, r) => r <= 1.1,
      details: { calls, p50: m.p50, p99: m.p99, baselineP50: b.p50 },
    });
  }

  log(`invoke.rest: ${calls} requests each, one at a time, interleaved`);
  await executor.createWorker(templateId, 'rest', [], []);
  await executor.invokeAndAwait(templateId, 'rest', FN.increment, [1]);
  const rawRest = rawIncrement(executor, templateId, 'rest');
  const server = await startServer({ executor, host: '127.0.0.1', port: 0 });
  const app = Fastify({ logger: false });
  app.post('/raw', async () => ({ result: [String(rawRest())] }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const baselineUrl = `http://127.0.0.1:${app.server.address().port}/raw`;
    const invokeUrl = `${server.url}/v1/templates/${templateId}/workers/rest/invoke-and-await?function=${encodeURIComponent(FN.increment)}`;
    const post = async (url) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"params":[1]}' });
      if (!res.ok) throw new Error(`bench: ${url} answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    };
    for (let i = 0; i < 100; i++) {
      await post(invokeUrl);
      await post(baselineUrl);
    }
    const [m, b] = await sideBySide(() => post(invokeUrl), () => post(baselineUrl), calls);
    results.add({
      name: 'invoke.rest',
      value: m.mean,
      unit: 'ms',
      baseline: 'empty Fastify route + raw call (mean)',
      baselineValue: b.mean,
      goal: '≤ 1.5×',
      check: (_, r) => r <= 1.5,
      details: { calls, p50: m.p50, p99: m.p99, baselineP50: b.p50 },
    });
  } finally {
    await server.close();
    await app.close();
  }
}
