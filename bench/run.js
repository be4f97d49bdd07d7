#!/usr/bin/env node
// golem-ts benchmark: every figure is a ratio against a baseline measured in the same run on the
// same machine. Targets only 127.0.0.1; request counts and durations are bounded.
//
//   npm run bench                 all four measurements
//   npm run bench -- --workers 200 --quick
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from '../lib/build/index.js';
import { Executor } from '../lib/host/executor.js';
import { startServer } from '../lib/server/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const quick = args.includes('--quick');
const WORKERS = flag('workers', quick ? 100 : 1000);
const CALLS = flag('calls', quick ? 300 : 2000);
const RESUMES = flag('resumes', quick ? 10 : 30);

const SUBMIT = 'golem:underwriting/api/submit';
const AWAIT = 'golem:underwriting/api/await-decision';
const DECISION = 'golem:underwriting/api/decision';
const application = { applicant: 'Bench Mark', age: 40, coverage: 100000, smoker: false };
const verdict = new TextEncoder().encode(JSON.stringify({ verdict: 'approve', 'loading-percent': 10, note: 'bench' }));

const results = { machine: { node: process.version, cpus: (await import('node:os')).cpus().length }, measurements: [] };
const dataDir = mkdtempSync(join(tmpdir(), 'golem-ts-bench-'));
const log = (s) => process.stderr.write(`${s}\n`);

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { mean, p50: sorted[Math.floor(sorted.length / 2)], p99: sorted[Math.floor(sorted.length * 0.99)], n: sorted.length };
}

async function time(fn) {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function record(name, measuredLabel, measured, baselineLabel, baseline, goal, unit = 'ms') {
  const ratio = measured / baseline;
  results.measurements.push({ name, measured: { label: measuredLabel, value: measured, unit }, baseline: { label: baselineLabel, value: baseline, unit }, ratio, goal });
  log(`  ${name}: ${measured.toFixed(3)} ${unit} vs ${baseline.toFixed(3)} ${unit} → ${ratio.toFixed(2)}× (goal ${goal})`);
}

/** Interleaves measured and baseline batches so drift on the machine hits both alike. */
async function sideBySide(measured, baseline, calls) {
  const a = [];
  const b = [];
  const batch = 50;
  for (let done = 0; done < calls; done += batch) {
    for (let i = 0; i < batch; i++) a.push(await time(measured));
    for (let i = 0; i < batch; i++) b.push(await time(baseline));
  }
  return [stats(a), stats(b)];
}

log('building the example (content-hash cached)…');
const { out } = await build(join(root, 'examples/underwriting'));
const wasm = readFileSync(out);

const executor = await Executor.open({ dataDir });
const template = await executor.addTemplate('underwriting', wasm);
const templateId = template.versionedTemplateId.rawTemplateId;

async function decidedWorker(name) {
  await executor.createWorker(templateId, name, [], []);
  const [submission] = await executor.invokeAndAwait(templateId, name, SUBMIT, [application]);
  const awaiting = executor.invokeAndAwait(templateId, name, AWAIT, []);
  await executor.completePromise(templateId, name, BigInt(submission.ok.promise['oplog-idx']), verdict);
  await awaiting;
}

// 1. invoke-and-await on a live worker vs a raw jco call on the same instance --------------------
log('1/4 invoke-and-await on a live worker, in-process');
await decidedWorker('live');
const runtime = executor.runtimes.get(`${templateId}/live`); // bench-only peek at the live instance
const rawDecision = () => runtime.instance.exports['golem:underwriting/api'].decision();
const viaExecutor = () => executor.invokeAndAwait(templateId, 'live', DECISION, []);
for (let i = 0; i < 100; i++) {
  await viaExecutor();
  rawDecision();
}
{
  const [m, b] = await sideBySide(viaExecutor, rawDecision, CALLS);
  record('invoke-and-await (live worker, in-process)', 'executor.invokeAndAwait(decision)', m.mean, 'raw jco call of decision() on the same instance', b.mean, '≤ 1.1×');
}

// 2. the same over HTTP vs an empty Fastify route + the raw call --------------------------------
log('2/4 invoke-and-await over HTTP');
await decidedWorker('http');
const httpRuntime = executor.runtimes.get(`${templateId}/http`);
const server = await startServer({ executor, host: '127.0.0.1', port: 0 });
const baselineApp = Fastify({ logger: false });
baselineApp.post('/raw', async () => {
  httpRuntime.instance.exports['golem:underwriting/api'].decision();
  return { result: [] };
});
await baselineApp.listen({ host: '127.0.0.1', port: 0 });
const baselineUrl = `http://127.0.0.1:${baselineApp.server.address().port}/raw`;
const invokeUrl = `${server.url}/v1/templates/${templateId}/workers/http/invoke-and-await?function=${encodeURIComponent(DECISION)}`;
const post = async (url) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"params":[]}' });
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  await res.arrayBuffer();
};
for (let i = 0; i < 100; i++) {
  await post(invokeUrl);
  await post(baselineUrl);
}
{
  const [m, b] = await sideBySide(() => post(invokeUrl), () => post(baselineUrl), CALLS);
  record('invoke-and-await over HTTP', 'POST …/invoke-and-await, one at a time', m.mean, 'empty Fastify route + raw call', b.mean, '≤ 1.5×');
  // Throughput with 8 connections (autocannon), for information: workers serialise their invocations.
  const cannon = (url) => autocannon({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"params":[]}', connections: 8, duration: quick ? 2 : 5 });
  const tm = await cannon(invokeUrl);
  const tb = await cannon(baselineUrl);
  if (tm.non2xx || tb.non2xx) throw new Error(`non-2xx answers during the HTTP bench: ${tm.non2xx} / ${tb.non2xx}`);
  record('HTTP throughput, 8 connections', 'invoke-and-await req/s', tm.requests.average, 'empty route + raw call req/s', tb.requests.average, 'information', 'req/s');
}
await server.close();
await baselineApp.close();

// 3. complete → resumed (replay of the example's oplog) vs instantiating a fresh instance ----------
log('3/4 complete → workflow resumed by replay');
{
  const loaded = await executor.templates.load(templateId, 0);
  const { hostImports } = await import('../lib/host/instance.js');
  const { Durability } = await import('../lib/host/durability.js');
  const { systemClock } = await import('../lib/host/clock.js');
  const resumes = [];
  const instantiations = [];
  const replayEntries = [];
  for (let i = 0; i < RESUMES; i++) {
    const name = `resume-${i}`;
    await executor.createWorker(templateId, name, [], []);
    const [submission] = await executor.invokeAndAwait(templateId, name, SUBMIT, [application]);
    const awaiting = executor.invokeAndAwait(templateId, name, AWAIT, []);
    while (executor.getWorker(templateId, name).status !== 'Suspended') await new Promise((r) => setTimeout(r, 1));
    replayEntries.push(executor.getOplog(templateId, name).length);
    resumes.push(await time(async () => {
      await executor.completePromise(templateId, name, BigInt(submission.ok.promise['oplog-idx']), verdict);
      await awaiting;
    }));
    const durability = new Durability(executor.store, templateId, `scratch-${i}`, []);
    const ctx = { store: executor.store, templateId, workerName: `scratch-${i}`, args: [], env: [], durability, clock: systemClock, settings: {}, output() {}, promiseCompleted() {} };
    instantiations.push(await time(() => loaded.instantiate(hostImports(ctx))));
  }
  const m = stats(resumes);
  const b = stats(instantiations);
  record('complete → resumed (replay)', `complete + replay of ${Math.round(stats(replayEntries).mean)} oplog entries + finish await-decision`, m.mean, 'instantiate a fresh instance', b.mean, '≤ 1.5×');

  // A simulated host restart of a decided worker: fresh instance + replay of its whole oplog.
  const restarts = [];
  const entries = executor.getOplog(templateId, 'resume-0').length;
  for (let i = 0; i < RESUMES; i++) restarts.push(await time(() => executor.interrupt(templateId, `resume-${i}`, true)));
  record('restart by replay (whole oplog)', `drop + instantiate + replay of ${entries} entries (3 invocations)`, stats(restarts).mean, 'instantiate a fresh instance', b.mean, 'replay itself small');
}

// 4. memory with many suspended workers ---------------------------------------------------------
log(`4/4 memory with ${WORKERS} suspended workers`);
{
  const gc = globalThis.gc;
  const heap = () => {
    gc?.();
    const m = process.memoryUsage();
    return { rss: m.rss, heap: m.heapUsed, external: m.external + m.arrayBuffers };
  };
  const before = heap();
  for (let i = 0; i < WORKERS; i++) {
    const name = `sleeper-${i}`;
    await executor.createWorker(templateId, name, [], []);
    await executor.invokeAndAwait(templateId, name, SUBMIT, [application]);
    void executor.invokeAndAwait(templateId, name, AWAIT, []).catch(() => {});
    while (executor.getWorker(templateId, name).status !== 'Suspended') await new Promise((r) => setTimeout(r, 1));
    if ((i + 1) % 100 === 0) log(`  ${i + 1} suspended`);
  }
  const after = heap();
  const live = [];
  const liveBefore = heap();
  for (let i = 0; i < 10; i++) {
    await executor.createWorker(templateId, `awake-${i}`, [], []);
    await executor.invokeAndAwait(templateId, `awake-${i}`, SUBMIT, [application]);
  }
  const liveAfter = heap();
  const perSuspended = (after.heap + after.external - before.heap - before.external) / WORKERS;
  const perLive = (liveAfter.heap + liveAfter.external - liveBefore.heap - liveBefore.external) / 10;
  record('memory per suspended worker', 'JS heap + buffers per suspended worker', perSuspended / 1024, 'per live worker (instance kept)', perLive / 1024, 'flat: ≪ 1×', 'KiB');
  results.memory = { workers: WORKERS, before, after, rssGrowthMiB: (after.rss - before.rss) / 1048576, gcExposed: Boolean(gc) };
  log(`  RSS ${(before.rss / 1048576).toFixed(0)} → ${(after.rss / 1048576).toFixed(0)} MiB for ${WORKERS} suspended workers${gc ? '' : ' (run with --expose-gc for steadier numbers)'}`);
}

await executor.close();
rmSync(dataDir, { recursive: true, force: true });

console.log('\n| measurement | measured | baseline | ratio | goal |\n|---|---|---|---|---|');
for (const m of results.measurements) {
  const fmt = (v) => `${v.value.toFixed(3)} ${v.unit} (${v.label})`;
  console.log(`| ${m.name} | ${fmt(m.measured)} | ${fmt(m.baseline)} | ${m.ratio.toFixed(2)}× | ${m.goal} |`);
}
mkdirSync(join(root, 'bench'), { recursive: true });
writeFileSync(join(root, 'bench/results.json'), `${JSON.stringify({ ...results, at: new Date().toISOString() }, null, 2)}\n`);
console.log('\nwritten to bench/results.json');
