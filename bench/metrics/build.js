// build.cold: `golem-ts build --force` of the example, each in a fresh process (the user's command,
// nothing warm), vs raw componentize-js in a fresh process on the bundle and WIT that build left
// (import, root preopen, one call): p50 of wall times, interleaved. The step profile comes from
// one more cold build in its own process (bench/support/build-steps.js); `rawWarmMs` is
// componentize-js's second call in one process, the baseline of the runs before 2026-12.
// build.unchanged: the whole `golem-ts build` process on an unchanged project vs a bare `node` process.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostDir, lib } from '../support/lib.js';
import { stats, time } from '../support/measure.js';

const { loadProject } = await lib('build/index.js');
const support = (file) => fileURLToPath(new URL(`../support/${file}`, import.meta.url));
const node = (args) => execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 });

export async function buildMetrics({ quick, results, log }) {
  const example = join(hostDir, 'examples/underwriting');
  const cli = join(hostDir, 'bin/golem-ts.js');
  const runs = quick ? 3 : 5;
  log(`build.cold: ${runs} × \`golem-ts build --force\` of examples/underwriting beside raw componentize-js, each in a fresh process`);
  const project = loadProject(example);
  const workDir = join(project.dir, '.golem-ts');
  const rawArgs = [support('raw-componentize.js'), join(workDir, 'bundle.js'), join(workDir, 'wit'), project.world, JSON.stringify(project.disableFeatures), '--host-dir', hostDir];
  const cold = [];
  const raw = [];
  for (let i = 0; i < runs; i++) {
    cold.push(await time(() => node([cli, 'build', example, '--force'])));
    raw.push(await time(() => node(rawArgs)));
  }
  const profile = JSON.parse(node([support('build-steps.js'), example, '--host-dir', hostDir]));
  // What the README's runs before 2026-12 divided by: componentize-js called a second time in one
  // process, its own wasm already compiled (a build never gets that: each is a new process).
  const { warmMs } = JSON.parse(node([...rawArgs, '--twice']));
  const c = stats(cold);
  const r = stats(raw);
  results.add({
    name: 'build.cold',
    value: c.p50,
    unit: 'ms',
    baseline: 'raw componentize-js on the same bundle and WIT, in a fresh process (p50)',
    baselineValue: r.p50,
    goal: '≤ 1.5×',
    check: (_, ratio) => ratio <= 1.5,
    details: { runs, componentBytes: profile.size, rawWarmMs: warmMs, ratioToRawWarm: c.p50 / warmMs, min: c.min, max: c.max, rawMin: r.min, rawMax: r.max, profileBuildMs: profile.ms, stepsMs: profile.stepsMs, ...(Object.keys(profile.timingsMs).length ? { timingsMs: profile.timingsMs } : {}) },
  });

  log('build.unchanged: `golem-ts build` process on the unchanged example vs `node -e 0`');
  const runsUnchanged = quick ? 5 : 15;
  const whole = [];
  const bare = [];
  for (let i = 0; i < runsUnchanged; i++) {
    let out = '';
    whole.push(await time(() => (out = execFileSync(process.execPath, [cli, 'build', example], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))));
    if (!out.includes('unchanged, from cache')) throw new Error(`bench: the unchanged build was not a cache hit: ${out}`);
    bare.push(await time(() => execFileSync(process.execPath, ['-e', '0'])));
  }
  const w = stats(whole);
  const b = stats(bare);
  results.add({
    name: 'build.unchanged',
    value: w.p50,
    unit: 'ms',
    baseline: 'bare `node -e 0` process (p50)',
    baselineValue: b.p50,
    goal: '≤ 250 ms',
    check: (v) => v <= 250,
    details: { runs: runsUnchanged, p50: w.p50, min: w.min, max: w.max, nodeMin: b.min },
  });
}
