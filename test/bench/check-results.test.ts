import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const checker = fileURLToPath(new URL('../../bench/check-results.js', import.meta.url));

/** The metric names issues 9 and 19 ask `npm run bench` to write (repo.test: not in a quick run). */
const ISSUE_METRICS = [
  'build.cold', 'build.unchanged', 'invoke.inprocess', 'invoke.rest', 'resume.hot',
  'resume.cold.10', 'resume.cold.100', 'resume.cold.1000', 'replay.throughput', 'instance.ready',
  'workers.created', 'workers.suspended', 'complete.sustained', 'complete.drain', 'isolation',
  'user.test.approval',
];
const QUICK_GROUPS = ['build', 'hostcall', 'instance', 'suspended', 'invoke', 'resume', 'replay', 'isolation', 'user'];

const metric = (name: string) => ({ name, value: 3, unit: 'ms', baseline: 'a baseline', baselineValue: 2, ratio: 1.5, goal: '≤ 2×', met: true });
const valid = () => ({ machine: { node: 'v24', cpus: 2, mode: 'quick', groups: QUICK_GROUPS }, metrics: ISSUE_METRICS.map(metric) });

function check(results: unknown, ...flags: string[]): Promise<{ code: number; stderr: string }> {
  const file = join(mkdtempSync(join(tmpdir(), 'golem-ts-bench-check-')), 'results.json');
  writeFileSync(file, JSON.stringify(results));
  return new Promise((resolve) => {
    execFile(process.execPath, [checker, file, ...flags], (err, _stdout, stderr) => resolve({ code: err ? (err.code as number) : 0, stderr }));
  });
}

describe('bench/check-results.js (the CI shape check of bench/results.json)', () => {
  it('accepts results with every metric of the issue', async () => {
    expect(await check(valid())).toEqual({ code: 0, stderr: '' });
  });

  it('names a missing metric, a ratio that is not value / baseline and a met without a goal', async () => {
    const results = valid();
    results.metrics = results.metrics.filter((m) => m.name !== 'resume.hot');
    results.metrics[0].ratio = 9;
    Object.assign(results.metrics[1], { goal: null, met: false });
    const { code, stderr } = await check(results);
    expect(code).toBe(1);
    expect(stderr).toContain('resume.hot: missing');
    expect(stderr).toContain('build.cold.ratio: 9 is not value / baselineValue');
    expect(stderr).toContain('build.unchanged: goal null with met false');
  });

  it('refuses a value that is not a finite number and a missing machine', async () => {
    const results: Record<string, unknown> = valid();
    delete results.machine;
    (results.metrics as Record<string, unknown>[])[2].value = null;
    const { code, stderr } = await check(results);
    expect(code).toBe(1);
    expect(stderr).toContain('machine: missing');
    expect(stderr).toContain('invoke.inprocess.value: null is not a finite number');
  });

  it('wants repo.test in a full run, and every group run', async () => {
    const results = valid();
    results.machine.mode = 'full';
    results.machine.groups = QUICK_GROUPS.filter((g) => g !== 'suspended');
    const { code, stderr } = await check(results);
    expect(code).toBe(1);
    expect(stderr).toContain('group repotest: not run');
    expect(stderr).toContain('group suspended: not run');
    expect(stderr).not.toContain('repo.test: missing'); // the group is named once, not each of its metrics
  });

  it('takes a metric written "n/a" (an older checkout lacks its API) only with --allow-na', async () => {
    const results = valid();
    results.metrics[9] = { name: 'instance.ready', na: 'bench/metrics/instance.js is not in this bench', value: null, unit: 'ms', baseline: 'bare', baselineValue: null, ratio: null, goal: '≤ 1.5×', met: null } as never;
    const refused = await check(results);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('instance.ready: n/a (bench/metrics/instance.js is not in this bench)');
    expect(await check(results, '--allow-na')).toEqual({ code: 0, stderr: '' });
  });
});
