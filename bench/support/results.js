// The results file: {"machine": {...}, "metrics": [{name, value, unit, baseline, baselineValue, ratio, goal, met}]}.
// A metric the measured checkout cannot run (an older commit without the API) is written as
// {name, na: "why", value: null, …}: "n/a" in the tables.
import { cpus, freemem, loadavg, totalmem } from 'node:os';

/** Every metric the issue asks for, in its order, with the `--only` group that measures it. */
export const METRIC_GROUPS = {
  'build.cold': 'build',
  'build.unchanged': 'build',
  'invoke.inprocess': 'invoke',
  'invoke.rest': 'invoke',
  'resume.hot': 'resume',
  'resume.cold.10': 'resume',
  'resume.cold.100': 'resume',
  'resume.cold.1000': 'resume',
  'replay.throughput': 'replay',
  'instance.ready': 'instance',
  'workers.created': 'suspended',
  'workers.suspended': 'suspended',
  'complete.sustained': 'suspended',
  'complete.drain': 'suspended',
  'isolation': 'isolation',
  'user.test.approval': 'user',
  'repo.test': 'repotest',
};
export const METRIC_NAMES = Object.keys(METRIC_GROUPS);
/** Information only, listed after the issue's metrics: what explains them. */
const EXTRA_NAMES = ['hostcall.roundtrip', 'hostcall.thread'];
/** Groups in the order run.js measures them; `--quick` leaves out the ones in QUICK_SKIPS. */
export const GROUPS = ['build', 'hostcall', 'instance', 'suspended', 'invoke', 'resume', 'replay', 'isolation', 'user', 'repotest'];
export const QUICK_SKIPS = ['repotest'];

export function machine(mode) {
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryMiB: Math.round(totalmem() / 1048576),
    freeMemoryMiB: Math.round(freemem() / 1048576),
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
    mode,
    startedAt: new Date().toISOString(),
  };
}

export class Results {
  metrics = [];

  constructor(machineInfo, log) {
    this.machine = machineInfo;
    this.log = log;
  }

  /**
   * One metric. `met` is decided by `check(value, ratio)` when the issue sets a goal for it, and
   * is null (information only) when it does not.
   */
  add({ name, value, unit, baseline, baselineValue, goal = null, check, details }) {
    const ratio = baselineValue ? value / baselineValue : null;
    const met = goal === null ? null : Boolean(check(value, ratio));
    const metric = { name, value: round(value), unit, baseline, baselineValue: round(baselineValue), ratio: ratio === null ? null : round(ratio), goal, met, loadAverage: loadNow(), ...(details ? { details } : {}) };
    this.metrics.push(metric);
    this.log(`  ${name}: ${fmt(value)} ${unit} vs ${fmt(baselineValue)} ${unit} (${baseline}) → ${ratio === null ? '—' : `${ratio.toFixed(2)}×`}; goal ${goal ?? '—'}: ${met === null ? 'information' : met ? 'met' : 'NOT met'}`);
    return metric;
  }

  /** A metric the measured checkout cannot run: `why` says what it lacks. */
  na({ name, unit, baseline, goal = null, why }) {
    this.metrics.push({ name, na: why, value: null, unit, baseline, baselineValue: null, ratio: null, goal, met: null });
    this.log(`  ${name}: n/a (${why})`);
  }

  /** In the issue's order, whatever order they were measured in. */
  ordered() {
    return [...this.metrics].sort((a, b) => order(a.name) - order(b.name));
  }

  json() {
    return { machine: { ...this.machine, finishedAt: new Date().toISOString(), loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100) }, metrics: this.ordered() };
  }

  table() {
    const rows = ['| metric | value | baseline (same run) | ratio | goal | met |', '|---|---|---|---|---|---|'];
    for (const m of this.ordered()) {
      if (m.na) {
        rows.push(`| ${m.name} | n/a | (${m.baseline}) | — | ${m.goal ?? '—'} | — |`);
        continue;
      }
      const met = m.met === null ? '—' : m.met ? 'yes' : '**no**';
      rows.push(`| ${m.name} | ${fmt(m.value)} ${m.unit} | ${fmt(m.baselineValue)} ${m.unit} (${m.baseline}) | ${m.ratio === null ? '—' : `${m.ratio.toFixed(2)}×`} | ${m.goal ?? '—'} | ${met} |`);
    }
    return rows.join('\n');
  }
}

/** The 1-minute load average when a metric is written: the machine is shared. */
const loadNow = () => Math.round(loadavg()[0] * 100) / 100;

export function order(name) {
  const i = METRIC_NAMES.indexOf(name);
  if (i >= 0) return i;
  const j = EXTRA_NAMES.indexOf(name);
  return METRIC_NAMES.length + (j >= 0 ? j : EXTRA_NAMES.length);
}

export function round(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return v ?? null;
  return Number(v.toPrecision(6));
}

export function fmt(v) {
  if (typeof v !== 'number') return String(v);
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(3);
}
