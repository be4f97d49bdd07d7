import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const checker = fileURLToPath(new URL('../../bench/check-results.js', import.meta.url));

/** The metric names issue 9 asks `npm run bench` to write. */
const ISSUE_METRICS = [
  'build.cold', 'build.unchanged', 'invoke.inprocess', 'invoke.rest', 'resume.hot',
  'resume.cold.10', 'resume.cold.100', 'resume.cold.1000', 'replay.throughput',
  'workers.suspended', 'complete.sustained', 'isolation',
  // issue 19
  'instance.ready',
];

const metric = (name: string) => ({ name, value: 3, unit: 'ms', baseline: 'a baseline', baselineValue: 2, ratio: 1.5, goal: '≤ 2×', met: true });
const valid = () => ({ machine: { node: 'v20', cpus: 2, mode: 'quick' }, metrics: ISSUE_METRICS.map(metric) });

function check(results: unknown): Promise<{ code: number; stderr: string }> {
  const file = join(mkdtempSync(join(tmpdir(), 'golem-ts-bench-check-')), 'results.json');
  writeFileSync(file, JSON.stringify(results));
  return new Promise((resolve) => {
    execFile(process.execPath, [checker, file], (err, _stdout, stderr) => resolve({ code: err ? (err.code as number) : 0, stderr }));
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
});
