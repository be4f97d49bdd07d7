#!/usr/bin/env node
// The README's Performance table: a run of an older commit beside a run of this checkout, both by
// this bench code on the same machine (see --host-dir in run.js). Prints the table and writes it to
// bench/comparison.md.
//
//   node bench/compare.js                 render the kept old run(s) beside bench/results.json
//   node bench/compare.js --run           first run this checkout's bench with the old run's options
//                                         (mode, counts, groups), then render
//   node bench/compare.js --run --rerun-old DIR   also run DIR's host first (same hour), into
//                                         bench/baseline/<its commit>.json
//   --with-repotest                       with --run: also the repository's npm test (repo.test, ~8 min)
//                                         into bench/results-repotest.json
//   --old FILE / --new FILE               results files (repeatable: their metrics are merged)
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, order } from './support/results.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
const many = (flag) => args.flatMap((a, i) => (a === flag ? [args[i + 1]] : []));
const OLD_COMMIT = '0e92161';
const keptOld = () => readdirSync(join(here, 'baseline')).filter((f) => f.startsWith(OLD_COMMIT) && f.endsWith('.json')).map((f) => join(here, 'baseline', f));

/** One run from several results files of the same checkout, metrics merged; the run of most groups first. */
function load(files) {
  const runs = files.map((f) => JSON.parse(readFileSync(f, 'utf8'))).sort((a, b) => (b.machine.groups?.length ?? 0) - (a.machine.groups?.length ?? 0));
  const metrics = new Map();
  for (const r of runs) for (const m of r.metrics) metrics.set(m.name, m);
  return { machines: runs.map((r) => r.machine), metrics };
}

function bench(extra) {
  const started = Date.now();
  execFileSync(process.execPath, ['--expose-gc', join(here, 'run.js'), ...extra], { stdio: 'inherit' });
  return Math.round((Date.now() - started) / 1000);
}

/** The bench options that reproduce a run: mode, counts, groups. */
function optionsOf(machine) {
  return [...(machine.mode === 'quick' ? ['--quick'] : []), '--suspended', String(machine.suspendedWorkers), '--completions', String(machine.completions), '--only', machine.groups.join(',')];
}

const value = (m) => (!m ? '—' : m.na ? 'n/a' : `${fmt(m.value)} ${m.unit}`);
const ratio = (m) => (!m || m.na || m.ratio === null ? '—' : `${m.ratio.toFixed(2)}×`);
const measured = (m) => m && !m.na && typeof m.value === 'number';
/** New value over old: the speed-up of a rate, the slow-down of a time. */
const change = (o, n) => (measured(o) && measured(n) && o.value !== 0 ? `${(n.value / o.value).toFixed(2)}×` : '—');

export function table(old, neu) {
  const names = [...new Set([...old.metrics.keys(), ...neu.metrics.keys()])].sort((a, b) => order(a) - order(b));
  const commit = old.machines[0].hostCommit;
  const rows = [`| metric | ${commit} (before) | new | new / before | baseline (new run) | ratio to baseline, before → new | goal | met |`, '|---|---|---|---|---|---|---|---|'];
  for (const name of names) {
    const o = old.metrics.get(name);
    const n = neu.metrics.get(name);
    const described = [n, o].find((m) => m?.baseline)?.baseline;
    const base = measured(n) ? `${fmt(n.baselineValue)} ${n.unit} (${n.baseline})` : described ? `(${described})` : '—';
    const goal = n?.goal ?? o?.goal ?? '—';
    const met = !n || n.na || n.met === null ? '—' : n.met ? 'yes' : '**no**';
    rows.push(`| ${name} | ${value(o)} | ${value(n)} | ${change(o, n)} | ${base} | ${ratio(o)} → ${ratio(n)} | ${goal} | ${met} |`);
  }
  return rows.join('\n');
}

/** The main run: its checkout, Node, time, options and the load at its start and end. */
function when(machines) {
  const m = machines[0];
  const loads = [...(m.loadAverageAtStart ?? []).slice(0, 1), ...(m.loadAverageAtEnd ?? []).slice(0, 1)];
  return `${m.hostCommit} on Node ${m.node}, ${m.startedAt?.slice(0, 16).replace('T', ' ')} UTC, ${m.mode} (${m.suspendedWorkers} suspended workers, ${m.completions} completions), load average ${Math.min(...loads)}–${Math.max(...loads)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let oldFiles = many('--old');
  const newFiles = many('--new').length ? many('--new') : [join(here, 'results.json')];
  if (!args.includes('--run') && !many('--new').length && existsSync(join(here, 'results-repotest.json'))) newFiles.push(join(here, 'results-repotest.json'));
  const rerun = args.includes('--rerun-old') ? args[args.indexOf('--rerun-old') + 1] : undefined;
  if (!oldFiles.length) oldFiles = keptOld();
  if (!oldFiles.length) throw new Error(`no run of ${OLD_COMMIT} in bench/baseline/: pass --old FILE`);
  if (args.includes('--run')) {
    const machine = load(oldFiles).machines[0]; // the main run's options, not those of its npm test alone
    if (rerun) {
      const s = bench([...optionsOf(machine), '--host-dir', rerun, '--out', join(here, 'baseline', `${OLD_COMMIT}.json`)]);
      console.error(`old commit's run: ${s} s`);
    }
    const s = bench([...optionsOf(machine), '--out', newFiles[0]]);
    console.error(`this checkout's run: ${s} s`);
    if (args.includes('--with-repotest')) {
      const file = join(here, 'results-repotest.json');
      console.error(`this checkout's npm test: ${bench(['--only', 'repotest', '--out', file])} s`);
      newFiles.push(file);
    }
  }
  const out = `Before: ${when(load(oldFiles).machines)}.\nNew: ${when(load(newFiles).machines)}.\n\n${table(load(oldFiles), load(newFiles))}\n`;
  writeFileSync(join(here, 'comparison.md'), out);
  console.log(`\n${out}`);
  console.log('written to bench/comparison.md');
}
