#!/usr/bin/env node
// golem-ts benchmark: every metric against a baseline measured in the same run on the same machine,
// written to bench/results.json and printed as a table. Targets only 127.0.0.1; bounded counts.
//
//   npm run bench                   the full run (100,000 suspended workers, the repository's npm test)
//   npm run bench -- --quick        the CI run (10,000 suspended workers, fewer repetitions, no repotest)
//   --suspended N, --completions N  override the worker counts
//   --only build,hostcall,instance,suspended,invoke,resume,replay,isolation,user,repotest
//                                   run some groups (results then lack the others)
//   --instances-ahead N             instances the host keeps instantiated ahead for cold resumes (default 2)
//   --host-dir DIR                  measure another checkout's host (its lib/, built; its node_modules)
//                                   with this bench code: metrics its API lacks are written "n/a"
//   --out FILE                      where to write the results (default bench/results.json)
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { benchRoot, commitOf, foreignHost, hostDir, lib } from './support/lib.js';
import { GROUPS, METRIC_GROUPS, QUICK_SKIPS, machine, Results } from './support/results.js';

const root = benchRoot;
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const count = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const n = Number(args[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} needs a positive integer, got ${args[i + 1]}`);
  return n;
};
const suspended = count('suspended', quick ? 10_000 : 100_000);
const completions = Math.min(suspended, count('completions', quick ? 300 : 3000));
const instancesAhead = args.includes('--instances-ahead') ? Number(args[args.indexOf('--instances-ahead') + 1]) : undefined;
if (instancesAhead !== undefined && !(Number.isInteger(instancesAhead) && instancesAhead >= 0)) throw new Error('--instances-ahead needs an integer ≥ 0');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : GROUPS.filter((g) => !(quick && QUICK_SKIPS.includes(g)));
for (const g of only) if (!GROUPS.includes(g)) throw new Error(`--only: unknown group ${g} (${GROUPS.join(', ')})`);
const outFile = args.includes('--out') ? resolve(args[args.indexOf('--out') + 1]) : join(root, 'bench/results.json');
const wanted = (g) => only.includes(g);
const log = (s) => process.stderr.write(`${s}\n`);
if (!globalThis.gc) log('note: run through `npm run bench` (node --expose-gc) for steadier memory figures');

const runInfo = {
  ...machine(quick ? 'quick' : 'full'),
  groups: only,
  suspendedWorkers: suspended,
  completions,
  // No machine paths in a results file that may be committed: the commit names the checkout.
  hostDir: foreignHost ? 'another checkout (--host-dir)' : '.',
  hostCommit: commitOf(hostDir),
  benchCommit: commitOf(root),
};
const results = new Results(runInfo, log);
log(`measuring the host of ${foreignHost ? hostDir : 'this checkout'} (${runInfo.hostCommit}) on Node ${process.version}`);
const ctx = { root, hostDir, quick, results, log };
// Pending WebAssembly instantiations hold no handle: without one, Node would exit mid-resume
// (a served host has its listening socket for that).
const keepAlive = setInterval(() => {}, 60_000);
const started = performance.now();

/**
 * Runs a group's metrics. On another checkout (--host-dir) a group that fails (an API it lacks)
 * writes its metrics as "n/a" with the reason; on this checkout a failure fails the run.
 */
async function group(name, fn) {
  if (!wanted(name)) return;
  try {
    await fn();
  } catch (e) {
    if (!foreignHost) throw e;
    const why = String(e?.message ?? e).split('\n')[0].replaceAll(hostDir, '<host-dir>').slice(0, 200);
    log(`group ${name} failed on ${hostDir}: ${why}`);
    for (const [metric, g] of Object.entries(METRIC_GROUPS)) if (g === name && !results.metrics.some((m) => m.name === metric)) results.na({ name: metric, unit: '', baseline: '', why });
  }
}

await group('build', async () => (await import('./metrics/build.js')).buildMetrics(ctx));
await group('hostcall', async () => (await import('./metrics/hostcall.js')).hostcallRoundTrip(ctx));

const hostGroups = ['instance', 'suspended', 'invoke', 'resume', 'replay', 'isolation'];
if (hostGroups.some(wanted)) {
  const { build } = await lib('build/index.js');
  const { dataDir, openHost } = await import('./support/host.js');
  log('building the host-api fixture (content-hash cached)');
  const wasmPath = (await build(join(hostDir, 'test/fixtures/host-api'))).out;

  // instance.ready (bench/metrics/instance.js) opens its own host on the underwriting example.
  await group('instance', async () => (await import('./metrics/instance.js')).instanceReady(ctx));

  // First, while the process holds the least: RSS growth per suspended worker is the figure here.
  await group('suspended', async () => {
    const { suspendedWorkers } = await import('./metrics/suspended.js');
    const { completeSustained } = await import('./metrics/complete.js');
    const dir = dataDir('suspended');
    const { executor, templateId } = await openHost(dir, wasmPath);
    try {
      const names = await suspendedWorkers({ ...ctx, executor, templateId, dir, count: suspended });
      await completeSustained({ ...ctx, executor, templateId, names, count: completions });
    } finally {
      await executor.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const dir = dataDir('main');
  const { executor, templateId } = await openHost(dir, wasmPath);
  const host = { ...ctx, executor, templateId, wasmPath };
  await group('invoke', async () => (await import('./metrics/invoke.js')).invokeMetrics(host));
  await group('resume', async () => {
    const { resumeCold, resumeHot } = await import('./metrics/resume.js');
    await resumeHot(host);
    await resumeCold({ ...ctx, wasmPath, instancesAhead });
  });
  await group('replay', async () => (await import('./metrics/replay.js')).replayThroughput(host));
  await group('isolation', async () => (await import('./metrics/isolation.js')).isolation(host));
  await executor.close();
  rmSync(dir, { recursive: true, force: true });
}

// Last: whole commands in child processes, with the host above closed.
await group('user', async () => (await import('./metrics/user.js')).userTestApproval(ctx));
await group('repotest', async () => (await import('./metrics/user.js')).repoTest(ctx));

clearInterval(keepAlive);
const json = results.json();
json.machine.totalSeconds = Math.round((performance.now() - started) / 1000);
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(json, null, 2)}\n`);
console.log(`\n${results.table()}\n`);
const unmet = results.metrics.filter((m) => m.met === false).map((m) => m.name);
const na = results.metrics.filter((m) => m.na).map((m) => m.name);
console.log(`${results.metrics.length} metrics in ${json.machine.totalSeconds} s; goals not met: ${unmet.join(', ') || 'none'}${na.length ? `; n/a: ${na.join(', ')}` : ''}`);
console.log(`written to ${outFile}`);
