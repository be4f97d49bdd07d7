#!/usr/bin/env node
// golem-ts benchmark: every metric against a baseline measured in the same run on the same machine,
// written to bench/results.json and printed as a table. Targets only 127.0.0.1; bounded counts.
//
//   npm run bench                   the full run (100,000 suspended workers)
//   npm run bench -- --quick        the CI run (10,000 suspended workers, fewer repetitions)
//   --suspended N, --completions N  override the worker counts
//   --only build,hostcall,instance,invoke,resume,replay,isolation,suspended   run some groups (results then lack the others)
//   --instances-ahead N             instances the host keeps instantiated ahead for cold resumes (default 2)
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from '../lib/build/index.js';
import { dataDir, openHost } from './support/host.js';
import { machine, Results } from './support/results.js';
import { buildMetrics } from './metrics/build.js';
import { completeSustained } from './metrics/complete.js';
import { hostcallRoundTrip } from './metrics/hostcall.js';
import { instanceReady } from './metrics/instance.js';
import { invokeMetrics } from './metrics/invoke.js';
import { isolation } from './metrics/isolation.js';
import { replayThroughput } from './metrics/replay.js';
import { resumeCold, resumeHot } from './metrics/resume.js';
import { suspendedWorkers } from './metrics/suspended.js';

const root = fileURLToPath(new URL('..', import.meta.url));
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
const groups = ['build', 'hostcall', 'instance', 'invoke', 'resume', 'replay', 'isolation', 'suspended'];
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : groups;
for (const g of only) if (!groups.includes(g)) throw new Error(`--only: unknown group ${g} (${groups.join(', ')})`);
const wanted = (g) => only.includes(g);
const log = (s) => process.stderr.write(`${s}\n`);
if (!globalThis.gc) log('note: run through `npm run bench` (node --expose-gc) for steadier memory figures');

const results = new Results({ ...machine(quick ? 'quick' : 'full'), suspendedWorkers: suspended, completions }, log);
const ctx = { root, quick, results, log };
// Pending WebAssembly instantiations hold no handle: without one, Node would exit mid-resume
// (a served host has its listening socket for that).
const keepAlive = setInterval(() => {}, 60_000);
const started = performance.now();

if (wanted('build')) await buildMetrics(ctx);
if (wanted('hostcall')) await hostcallRoundTrip(ctx);
if (wanted('instance')) await instanceReady(ctx);
log('building the host-api fixture (content-hash cached)');
const wasmPath = (await build(join(root, 'test/fixtures/host-api'))).out;

// First, while the process holds the least: RSS growth per suspended worker is the figure here.
if (wanted('suspended')) {
  const dir = dataDir('suspended');
  const { executor, templateId } = await openHost(dir, wasmPath);
  const names = await suspendedWorkers({ ...ctx, executor, templateId, dir, count: suspended });
  await completeSustained({ ...ctx, executor, templateId, names, count: completions });
  await executor.close();
  rmSync(dir, { recursive: true, force: true });
}
{
  const dir = dataDir('main');
  const { executor, templateId } = await openHost(dir, wasmPath);
  const host = { ...ctx, executor, templateId, wasmPath };
  if (wanted('invoke')) await invokeMetrics(host);
  if (wanted('resume')) await resumeHot(host);
  if (wanted('resume')) await resumeCold({ ...ctx, wasmPath, instancesAhead });
  if (wanted('replay')) await replayThroughput(host);
  if (wanted('isolation')) await isolation(host);
  await executor.close();
  rmSync(dir, { recursive: true, force: true });
}

clearInterval(keepAlive);
const json = results.json();
json.machine.totalSeconds = Math.round((performance.now() - started) / 1000);
mkdirSync(join(root, 'bench'), { recursive: true });
writeFileSync(join(root, 'bench/results.json'), `${JSON.stringify(json, null, 2)}\n`);
console.log(`\n${results.table()}\n`);
const unmet = results.metrics.filter((m) => m.met === false).map((m) => m.name);
console.log(`${results.metrics.length} metrics in ${json.machine.totalSeconds} s; goals not met: ${unmet.join(', ') || 'none'}`);
console.log('written to bench/results.json');
