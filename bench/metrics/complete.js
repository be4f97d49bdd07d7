// complete.sustained: completions over HTTP (autocannon) on suspended workers answered per second,
// each verified to have reached its worker (the awaited wait-for-text finished with the
// completion's text), vs autocannon against an empty Fastify route with the same connections.
// complete.drain: the same completions' resumes drained per second (the workers were evicted: each
// resume instantiates and replays) vs fresh instances per second on the host thread; its goal is
// 4× the old commit's run kept in bench/baseline/.
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { lib } from '../support/lib.js';
import { instantiateRate, promiseIdx } from '../support/host.js';
import { until } from '../support/measure.js';
import { oldFigure } from '../support/old-run.js';

const { startServer } = await lib('server/index.js');

const CONNECTIONS = 16;

/**
 * Runs `amount` requests; `answeredMs` is the time from the start to the last response. autocannon's
 * own duration cannot serve: it ends a run at its next one-second sample tick, so a few hundred
 * requests always "took" a whole second (300 completions could never count more than ~300/s).
 */
async function cannon(url, requests, amount) {
  const run = autocannon({ url, connections: CONNECTIONS, amount, requests, timeout: 120 });
  const started = performance.now();
  let last = started;
  run.on('response', () => (last = performance.now()));
  return { ...(await run), answeredMs: last - started };
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
    const { answeredMs } = run;
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

    // The baseline, timed the same way (at least 1,000 requests).
    const baseAmount = Math.max(1000, targets.length);
    const base = await cannon(`http://127.0.0.1:${app.server.address().port}/empty`, [{ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }], baseAmount);
    const baseRate = base.requests.total / (base.answeredMs / 1000);
    const lost = pending.size; // 0 here: `until` fails the run when one never arrives
    const answeredRate = targets.length / (answeredMs / 1000);
    results.add({
      name: 'complete.sustained',
      value: answeredRate,
      unit: 'completions/s',
      baseline: 'autocannon on an empty Fastify POST route (req/s)',
      baselineValue: baseRate,
      goal: '≥ 500/s answered, 0 errors, 0 lost (every completion verified at its worker)',
      check: (v) => v >= 500 && errors === 0 && lost === 0,
      details: { completions: targets.length, connections: CONNECTIONS, verified: targets.length - pending.size, lost, errors, non2xx: run.non2xx, answeredMs: Math.round(answeredMs), latencyP50Ms: run.latency.p50, latencyP99Ms: run.latency.p99 },
    });
    const drainRate = targets.length / (resumedMs / 1000);
    const old = oldFigure('complete.drain');
    results.add({
      name: 'complete.drain',
      value: drainRate,
      unit: 'resumes/s',
      baseline: 'fresh instances per second on the host thread, one at a time (p50)',
      baselineValue: await instantiateRate(executor, templateId, 'drain'),
      // Without the old commit's run the goal has nothing to be 4× of: information only.
      ...(old ? { goal: `≥ 4× ${old.commit}'s ${old.value.toFixed(1)}/s`, check: (v) => v >= 4 * old.value } : {}),
      details: { completions: targets.length, evicted: 'all but the last --max-live (32) suspended', allResumedMs: Math.round(resumedMs), ...(old ? { oldCommit: old.commit, oldValue: old.value, vsOld: drainRate / old.value } : {}) },
    });
  } finally {
    await server.close();
    await app.close();
  }
}
