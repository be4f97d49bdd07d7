// complete.sustained: completions over HTTP (autocannon) on suspended workers, each verified to have
// reached its worker (the awaited wait-for-text finished with the completion's text), vs autocannon
// against an empty Fastify route with the same connections and request count.
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { startServer } from '../../lib/server/index.js';
import { promiseIdx } from '../support/host.js';
import { until } from '../support/measure.js';

const CONNECTIONS = 16;

function cannon(url, requests, amount) {
  return autocannon({ url, connections: CONNECTIONS, amount, requests, timeout: 120 });
}

export async function completeSustained({ executor, templateId, names, count, results, log }) {
  const targets = names.slice(0, count).map((name) => ({ name, idx: promiseIdx(executor, templateId, name), text: `done-${name}` }));
  log(`complete.sustained: ${targets.length} completions over HTTP, ${CONNECTIONS} connections`);
  const server = await startServer({ executor, host: '127.0.0.1', port: 0 });
  const app = Fastify({ logger: false });
  app.post('/empty', async () => true);
  await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    let next = 0;
    const request = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      setupRequest(req) {
        const t = targets[next++ % targets.length];
        return { ...req, path: `/v1/templates/${templateId}/workers/${t.name}/complete`, body: JSON.stringify({ oplogIdx: Number(t.idx), data: [...new TextEncoder().encode(t.text)] }) };
      },
    };
    const started = performance.now();
    const run = await cannon(server.url, [request], targets.length);
    const answeredMs = performance.now() - started;
    // Every completion must reach its worker: the suspended invocation finished with its text.
    const pending = new Set(targets);
    await until(() => {
      for (const t of pending) {
        if (executor.getWorker(templateId, t.name).status !== 'Idle') continue;
        const done = executor.getOplog(templateId, t.name).findLast((e) => e.kind === 'exported-function-completed');
        if (!done || !JSON.stringify(done.response).includes(t.text)) throw new Error(`bench: ${t.name} finished without its completion: ${JSON.stringify(done)}`);
        pending.delete(t);
      }
      return pending.size === 0;
    }, 'every completed worker to resume', 30 * 60_000);
    const resumedMs = performance.now() - started;
    const errors = run.errors + run.timeouts + run.non2xx;

    // autocannon reports whole seconds; time the baseline run here (at least 1,000 requests).
    const baseAmount = Math.max(1000, targets.length);
    const baseStarted = performance.now();
    const base = await cannon(`http://127.0.0.1:${app.server.address().port}/empty`, [{ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }], baseAmount);
    const baseRate = base.requests.total / ((performance.now() - baseStarted) / 1000);
    results.add({
      name: 'complete.sustained',
      value: targets.length / (resumedMs / 1000),
      unit: 'completions/s',
      baseline: 'autocannon on an empty Fastify POST route (req/s)',
      baselineValue: baseRate,
      goal: '≥ 500/s, 0 errors, every completion verified at its worker',
      check: (v) => v >= 500 && errors === 0 && pending.size === 0,
      details: {
        completions: targets.length,
        verified: targets.length - pending.size,
        errors,
        non2xx: run.non2xx,
        answeredPerSecond: Math.round(targets.length / (answeredMs / 1000)),
        answeredMs: Math.round(answeredMs),
        allResumedMs: Math.round(resumedMs),
        latencyP99Ms: run.latency.p99,
      },
    });
  } finally {
    await server.close();
    await app.close();
  }
}
