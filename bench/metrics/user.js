// The user's view, in wall time of whole commands:
// user.test.approval: `npm test` in a project scaffolded from the `approval` template (npm pack of
//   the measured checkout → `golem-ts new` → npm install → npm test; the first test run builds the
//   component through the kit, cold, as a user's first run does) vs `npm test` of one trivial test
//   file in the same project (npm + vitest start-up).
// repo.test: the measured checkout's own `npm test` (~8 min: its own `--only repotest` group, left
//   out of --quick) vs `npm test` of its one small test file test/bench/check-results.test.ts.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { npm, pack, quietNpm, scaffold } from '../../scripts/user-project.js';
import { hostDir } from '../support/lib.js';

/** Wall time of `npm test [-- args]` in `dir`, whether it passed, and vitest's summary line. */
function npmTest(dir, args = []) {
  const t0 = performance.now();
  const run = spawnSync(npm, ['test', ...(args.length ? ['--', ...args] : [])], { cwd: dir, encoding: 'utf8', env: { ...quietNpm, CI: 'true', FORCE_COLOR: '0' }, maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - t0;
  const out = `${run.stdout}\n${run.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
  const summary = out.split('\n').map((l) => l.trim()).filter((l) => /^Tests\s/.test(l) || /\d+ passed/.test(l)).at(-1) ?? '';
  return { ms, passed: run.status === 0, summary, tail: run.status === 0 ? undefined : out.slice(-2000) };
}

export async function userTestApproval({ results, log }) {
  const work = mkdtempSync(join(tmpdir(), 'golem-ts-bench-user-'));
  try {
    log('user.test.approval: npm pack → golem-ts new --template approval → npm install (not timed)');
    const { tarball } = pack(hostDir, work, { ignoreScripts: true });
    scaffold(hostDir, { name: 'app-approval', template: 'approval', tarball, cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
    const dir = join(work, 'app-approval');
    const t0 = performance.now();
    execFileSync(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'], env: quietNpm });
    const installMs = performance.now() - t0;
    log(`  installed in ${Math.round(installMs / 1000)} s; npm test (first: builds the component), then again (build cached)`);
    const first = npmTest(dir);
    if (!first.passed) throw new Error(`bench: npm test failed in the approval project:\n${first.tail}`);
    const again = npmTest(dir);
    writeFileSync(join(dir, 'test/bench-floor.test.ts'), "import { expect, it } from 'vitest';\n\nit('starts', () => expect(1 + 1).toBe(2));\n");
    const floor = npmTest(dir, ['test/bench-floor.test.ts']);
    results.add({
      name: 'user.test.approval',
      value: first.ms,
      unit: 'ms',
      baseline: '`npm test` of one trivial test file in the same project',
      baselineValue: floor.ms,
      details: { firstRunBuildsComponent: true, summary: first.summary, secondRunMs: Math.round(again.ms), secondRunPassed: again.passed, installMs: Math.round(installMs) },
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export async function repoTest({ results, log }) {
  log(`repo.test: npm test in ${hostDir} (~8 min on a quiet machine)`);
  const whole = npmTest(hostDir);
  const floor = npmTest(hostDir, ['test/bench/check-results.test.ts']);
  results.add({
    name: 'repo.test',
    value: whole.ms,
    unit: 'ms',
    baseline: '`npm test` of test/bench/check-results.test.ts alone',
    baselineValue: floor.ms,
    details: { passed: whole.passed, summary: whole.summary, ...(whole.passed ? {} : { tail: whole.tail }) },
  });
}
