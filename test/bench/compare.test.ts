import { describe, expect, it } from 'vitest';
import { table } from '../../bench/compare.js';

const run = (commit: string, metrics: object[]) => ({ machines: [{ hostCommit: commit }], metrics: new Map(metrics.map((m) => [(m as { name: string }).name, m])) });
const metric = (name: string, value: number, baselineValue: number, goal: string | null, met: boolean | null) => ({ name, value, unit: 'workers/s', baseline: 'fresh instances/s', baselineValue, ratio: value / baselineValue, goal, met });

describe('bench/compare.js (the README table: an older commit beside this one)', () => {
  it('puts each metric before and after side by side, in the issue order, with the new run deciding met', () => {
    const old = run('0e92161', [
      metric('workers.created', 5, 34, '≥ 25.2/s', false),
      { name: 'instance.ready', na: 'bench/metrics/instance.js is not in this bench', value: null, unit: 'ms', baseline: 'bare', baselineValue: null, ratio: null, goal: '≤ 1.5×', met: null },
    ]);
    const neu = run('abc1234', [metric('workers.created', 30, 60, '≥ 25.2/s', true), metric('invoke.rest', 2, 1, '≤ 1.5×', false)]);
    const rows = table(old, neu).split('\n');
    expect(rows[0]).toContain('| 0e92161 (before) | new | new / before |');
    // invoke.rest comes before instance.ready and workers.created in the order.
    expect(rows.slice(2).map((r: string) => r.split(' | ')[0])).toEqual(['| invoke.rest', '| instance.ready', '| workers.created']);
    expect(rows[2]).toBe('| invoke.rest | — | 2.000 workers/s | — | 1.000 workers/s (fresh instances/s) | — → 2.00× | ≤ 1.5× | **no** |');
    expect(rows[3]).toBe('| instance.ready | n/a | — | — | (bare) | — → — | ≤ 1.5× | — |');
    expect(rows[4]).toBe('| workers.created | 5.000 workers/s | 30.000 workers/s | 6.00× | 60.000 workers/s (fresh instances/s) | 0.15× → 0.50× | ≥ 25.2/s | yes |');
  });
});
