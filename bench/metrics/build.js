// build.cold: a forced build of the example vs raw componentize-js on the same bundle.
// build.unchanged: the whole `golem-ts build` process on an unchanged project vs a bare `node` process.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { hostDir, hostPackage, lib } from '../support/lib.js';
import { stats, time } from '../support/measure.js';

const { build, ensureRootPreopen, loadProject } = await lib('build/index.js');

export async function buildMetrics({ quick, results, log }) {
  const example = join(hostDir, 'examples/underwriting');
  log('build.cold: forced build of examples/underwriting, then raw componentize-js on its bundle');
  // Both sides get componentize-js already loaded (its engine compiled), so neither pays for that.
  ensureRootPreopen();
  const { componentize } = await hostPackage('@bytecodealliance/componentize-js');
  let built;
  const steps = {};
  let last;
  const t0 = performance.now();
  const onEvent = (e) => {
    if (e.type !== 'step') return;
    const now = performance.now() - t0;
    if (last) steps[last.step] = Math.round(now - last.at);
    last = { step: e.step, at: now };
  };
  const cold = await time(async () => {
    built = await build(example, { force: true, onEvent });
  });
  if (last) steps[last.step] = Math.round(performance.now() - t0 - last.at);
  const project = loadProject(example);
  const workDir = join(project.dir, '.golem-ts');
  const raw = await time(() =>
    componentize({ sourcePath: join(workDir, 'bundle.js'), witPath: join(workDir, 'wit'), worldName: project.world, disableFeatures: project.disableFeatures }),
  );
  results.add({
    name: 'build.cold',
    value: cold,
    unit: 'ms',
    baseline: 'raw componentize-js on the same bundle and WIT',
    baselineValue: raw,
    details: { componentBytes: built.size, stepsMs: steps, note: 'in-process build(): WIT layout + esbuild + typecheck + componentize + write' },
  });

  log('build.unchanged: `golem-ts build` process on the unchanged example vs `node -e 0`');
  const cli = join(hostDir, 'bin/golem-ts.js');
  const runs = quick ? 5 : 15;
  const whole = [];
  const bare = [];
  for (let i = 0; i < runs; i++) {
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
    details: { runs, p50: w.p50, min: w.min, max: w.max, nodeMin: b.min },
  });
}
