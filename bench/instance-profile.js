#!/usr/bin/env node
// Where a fresh instance's time goes, phase by phase, on the underwriting example (or any
// component): thread start, jco glue import, glue init (jco's `instantiate` outside core
// instantiation), core instantiation, first and second call of an export; beside the floor, a bare
// `new WebAssembly.Instance` of the same core modules with stub imports, in the same run.
// The glue is the host's own (templates.ts transpiles it at upload, as the host does).
//
//   node bench/instance-profile.js [--reps N] [--wasm component.wasm] [--call api.decision] [--lib dir]
//
// `--lib` points at another build of the host (say, an older commit's lib/) to profile its glue.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { stats } from './support/measure.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const reps = Number(opt('reps', 15));
const wasmPath = resolve(opt('wasm', join(root, 'examples/underwriting/dist/underwriting.wasm')));
const call = opt('call', 'api.decision').split('.');
const lib = resolve(opt('lib', join(root, 'lib')));

const { Executor } = await import(pathToFileURL(join(lib, 'host/executor.js')).href);
const { instantiate, preloadSource } = await import(pathToFileURL(join(lib, 'host/instance.js')).href);
const { ThreadPool } = await import(pathToFileURL(join(lib, 'host/thread/pool.js')).href);
const { ThreadStopped } = await import(pathToFileURL(join(lib, 'host/thread/stopped.js')).href);
const { Durability } = await import(pathToFileURL(join(lib, 'host/durability.js')).href);
const { storePorts } = await import(pathToFileURL(join(lib, 'host/store-ports.js')).href);
const { systemClock } = await import(pathToFileURL(join(lib, 'host/clock.js')).href);
const dir = mkdtempSync(join(tmpdir(), 'golem-ts-instance-profile-'));
const executor = await Executor.open({ dataDir: dir, isolation: 'inline' });
try {
  const id = (await executor.addTemplate('profiled', readFileSync(wasmPath))).versionedTemplateId.rawTemplateId;
  const template = await executor.templates.load(id, 0);
  const source = preloadSource(template);
  const workerData = { jsUrl: template.jsUrl, modules: await template.coreModules(), shape: source.shape };
  const settings = { retryPolicy: {}, persistenceLevel: { tag: 'smart' }, idempotenceMode: true };
  const context = (name) => ({ ...storePorts(executor.store), templateId: id, workerName: name, args: [], env: [], durability: new Durability(executor.store, id, name, []), clock: systemClock, settings, output() {}, promiseCompleted() {} });
  // The host's own path: a thread from its pool (no instance ahead), instantiate, call, drop.
  const pool = new ThreadPool(0);
  const hostPath = async (name) => {
    let at = now();
    const thread = await pool.take(source);
    const instance = await instantiate(template, context(name), thread);
    const t = { ready: now() - at };
    // Older builds do not report the load's time in the thread.
    if (thread.loadedInMs !== undefined) Object.assign(t, { inThread: thread.loadedInMs, messaging: t.ready - thread.loadedInMs });
    at = now();
    await instance.call(call, []);
    t.firstCall = now() - at;
    at = now();
    await instance.call(call, []);
    t.secondCall = now() - at;
    instance.dispose(new ThreadStopped('EVICTED', 'profiled'));
    await pool.settled?.(); // its thread recycled (older builds stop it)
    return t;
  };
  const now = () => performance.timeOrigin + performance.now();

  const thread = async () => {
    const at = now();
    const worker = new Worker(new URL('./support/instance-profile-thread.js', import.meta.url), { workerData });
    const first = await new Promise((res, rej) => {
      worker.once('message', res);
      worker.once('error', rej);
    });
    return { worker, threadStart: first.startedAt - at };
  };
  const ask = (worker, op, n) =>
    new Promise((res, rej) => {
      worker.once('message', (m) => res(m.times));
      worker.once('error', rej);
      worker.postMessage({ op, n });
    });

  // Warm-up: V8's compile cache for the glue, the OS's page cache.
  {
    const { worker } = await thread();
    await ask(worker, 'instantiate', 2);
    await worker.terminate();
  }
  await hostPath('warm-up');
  const host = [];
  const fresh = [];
  const reused = [];
  const bare = [];
  for (let i = 0; i < reps; i++) {
    // A new thread per instance: what the host did before threads were reused.
    const { worker, threadStart } = await thread();
    const [t] = await ask(worker, 'instantiate', 1);
    fresh.push({ threadStart, ...t });
    // The same thread again: the glue stays imported, only the instance is new.
    reused.push(...(await ask(worker, 'instantiate', 1)));
    bare.push(...(await ask(worker, 'bare', 1)));
    await worker.terminate();
    host.push(await hostPath(`w${i}`));
  }
  await pool.close();
  const phases = ['threadStart', 'import', 'glueInit', 'core'];
  const p50 = (rows, k) => (rows[0][k] === undefined ? undefined : stats(rows.map((r) => r[k])).p50);
  const ready = (r) => (r.threadStart ?? 0) + r.import + r.glueInit + r.core;
  const b = stats(bare.map((r) => r.bare)).p50;
  const fmt = (v) => (v === undefined ? '—' : v.toFixed(2));
  const out = [`instance profile: ${wasmPath.replace(root, '')} (${reps} reps, p50 ms, Node ${process.version}, glue from ${lib.replace(root, '') || lib})`, ''];
  out.push(`| phase | new thread | reused thread |`, `|---|---|---|`);
  for (const k of phases) out.push(`| ${k} | ${fmt(p50(fresh, k))} | ${fmt(p50(reused, k))} |`);
  out.push(`| **ready to replay** (start + import + init + core) | ${fmt(stats(fresh.map(ready)).p50)} | ${fmt(stats(reused.map(ready)).p50)} |`);
  out.push(`| bare \`new WebAssembly.Instance\` of the core modules | ${fmt(b)} | ${fmt(b)} |`);
  out.push(`| ready / bare | ${(stats(fresh.map(ready)).p50 / b).toFixed(2)}× | ${(stats(reused.map(ready)).p50 / b).toFixed(2)}× |`);
  out.push('', `host's own path (ThreadPool without instances ahead → instantiate → call ${call.join('.')}, real imports):`, '', '| step | p50 ms |', '|---|---|');
  for (const k of ['ready', 'inThread', 'messaging', 'firstCall', 'secondCall']) out.push(`| ${k} | ${fmt(p50(host, k))} |`);
  out.push(`| ready / bare | ${(p50(host, 'ready') / b).toFixed(2)}× |`);
  console.log(out.join('\n'));
} finally {
  await executor.close();
  rmSync(dir, { recursive: true, force: true });
}
