// The results file: {"machine": {...}, "metrics": [{name, value, unit, baseline, baselineValue, ratio, goal, met}]}.
import { cpus, freemem, loadavg, totalmem } from 'node:os';

export const METRIC_NAMES = [
  'build.cold',
  'build.unchanged',
  'invoke.inprocess',
  'invoke.rest',
  'resume.hot',
  'resume.cold.10',
  'resume.cold.100',
  'resume.cold.1000',
  'instance.ready',
  'replay.throughput',
  'workers.suspended',
  'complete.sustained',
  'isolation',
];

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
    const metric = { name, value: round(value), unit, baseline, baselineValue: round(baselineValue), ratio: ratio === null ? null : round(ratio), goal, met, ...(details ? { details } : {}) };
    this.metrics.push(metric);
    this.log(`  ${name}: ${fmt(value)} ${unit} vs ${fmt(baselineValue)} ${unit} (${baseline}) → ${ratio === null ? '—' : `${ratio.toFixed(2)}×`}; goal ${goal ?? '—'}: ${met === null ? 'information' : met ? 'met' : 'NOT met'}`);
    return metric;
  }

  /** In the issue's order, whatever order they were measured in. */
  ordered() {
    const at = (m) => METRIC_NAMES.indexOf(m.name);
    return [...this.metrics].sort((a, b) => at(a) - at(b));
  }

  json() {
    return { machine: { ...this.machine, finishedAt: new Date().toISOString(), loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100) }, metrics: this.ordered() };
  }

  table() {
    const rows = ['| metric | value | baseline (same run) | ratio | goal | met |', '|---|---|---|---|---|---|'];
    for (const m of this.ordered()) {
      const met = m.met === null ? '—' : m.met ? 'yes' : '**no**';
      rows.push(`| ${m.name} | ${fmt(m.value)} ${m.unit} | ${fmt(m.baselineValue)} ${m.unit} (${m.baseline}) | ${m.ratio === null ? '—' : `${m.ratio.toFixed(2)}×`} | ${m.goal ?? '—'} | ${met} |`);
    }
    return rows.join('\n');
  }
}

function round(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return v ?? null;
  return Number(v.toPrecision(6));
}

function fmt(v) {
  if (typeof v !== 'number') return String(v);
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(3);
}
