// invoke.inprocess: executor.invokeAndAwait on a live worker vs a raw jco call on the same instance.
// invoke.rest: POST …/invoke-and-await vs an empty Fastify route that makes the same raw call.
import { rmSync } from 'node:fs';
import Fastify from 'fastify';
import { lib } from '../support/lib.js';
import { dataDir, FN, instantiateOnce, openHost } from '../support/host.js';
import { sideBySide } from '../support/measure.js';

const { startServer } = await lib('server/index.js');

/**
 * The raw-call baseline: increment() called straight on a jco instance of the same template on
 * this thread (the host's guests run in worker threads, out of reach of a direct call).
 */
async function rawIncrement(executor, templateId, name) {
  const instance = await instantiateOnce(executor, templateId, name);
  return () => instance.call(['test:host-api/api', 'increment'], [1n]);
}

export async function invokeMetrics({ executor, templateId, quick, results, log, wasmPath }) {
  const calls = quick ? 300 : 2000;
  log(`invoke.inprocess: ${calls} calls each, interleaved in batches`);
  await executor.createWorker(templateId, 'inprocess', [], []);
  const viaExecutor = () => executor.invokeAndAwait(templateId, 'inprocess', FN.increment, [1]);
  await viaExecutor();
  const raw = await rawIncrement(executor, templateId, 'raw-inprocess');
  for (let i = 0; i < 100; i++) {
    await viaExecutor();
    await raw();
  }
  // The same executor with guests on the host's thread: what the thread hop costs.
  const inlineDir = dataDir('inline');
  const inline = await openHost(inlineDir, wasmPath, undefined, { isolation: 'inline' });
  await inline.executor.createWorker(inline.templateId, 'inline', [], []);
  const viaInline = () => inline.executor.invokeAndAwait(inline.templateId, 'inline', FN.increment, [1]);
  for (let i = 0; i < 100; i++) await viaInline();
  {
    const [m, b] = await sideBySide(viaExecutor, raw, calls);
    const [mi] = await sideBySide(viaInline, raw, calls);
    await inline.executor.close();
    rmSync(inlineDir, { recursive: true, force: true });
    results.add({
      name: 'invoke.inprocess',
      value: m.mean,
      unit: 'ms',
      baseline: 'raw jco call of increment() on the same instance (mean)',
      baselineValue: b.mean,
      goal: '≤ 1.3×',
      check: (_, r) => r <= 1.3,
      details: { calls, p50: m.p50, p99: m.p99, baselineP50: b.p50, inlineIsolationMean: mi.mean, inlineIsolationRatio: mi.mean / b.mean },
    });
  }

  log(`invoke.rest: ${calls} requests each, one at a time, interleaved`);
  await executor.createWorker(templateId, 'rest', [], []);
  await executor.invokeAndAwait(templateId, 'rest', FN.increment, [1]);
  const rawRest = await rawIncrement(executor, templateId, 'raw-rest');
  const server = await startServer({ executor, host: '127.0.0.1', port: 0 });
  const app = Fastify({ logger: false });
  app.post('/raw', async () => ({ result: [String(await rawRest())] }));
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
