#!/usr/bin/env node
// Checks the shape of bench/results.json (never the speed): every metric the issue lists, each
// with a finite value and baseline, its ratio, and `met` decided exactly when a goal is set.
// Every group runs except those `--quick` leaves out (repotest) in a quick run; a metric written
// as "n/a" (its API missing in the measured checkout) passes only with --allow-na, for the runs of
// older commits kept in bench/baseline/.
//
//   node bench/check-results.js [results.json] [--allow-na]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GROUPS, METRIC_GROUPS, QUICK_SKIPS } from './support/results.js';

export function checkResults(results, { allowNa = false } = {}) {
  const problems = [];
  const machine = results?.machine;
  if (typeof machine !== 'object' || machine === null) problems.push('machine: missing');
  else for (const k of ['node', 'cpus', 'mode', 'groups']) if (machine[k] === undefined) problems.push(`machine.${k}: missing`);
  const groups = Array.isArray(machine?.groups) ? machine.groups : GROUPS;
  for (const g of GROUPS) if (!groups.includes(g) && !(machine?.mode === 'quick' && QUICK_SKIPS.includes(g))) problems.push(`group ${g}: not run (every group runs; --quick leaves out only ${QUICK_SKIPS.join(', ')})`);
  if (!Array.isArray(results?.metrics)) return [...problems, 'metrics: not an array'];
  const names = results.metrics.map((m) => m.name);
  for (const [name, group] of Object.entries(METRIC_GROUPS)) if (groups.includes(group) && !names.includes(name)) problems.push(`${name}: missing`);
  for (const name of names) if (names.indexOf(name) !== names.lastIndexOf(name)) problems.push(`${name}: listed twice`);
  for (const m of results.metrics) {
    const at = m.name ?? '(unnamed)';
    if (m.na !== undefined) {
      if (!allowNa) problems.push(`${at}: n/a (${m.na})`);
      else if (typeof m.na !== 'string' || !m.na) problems.push(`${at}.na: says not why`);
      continue;
    }
    for (const k of ['value', 'baselineValue']) if (typeof m[k] !== 'number' || !Number.isFinite(m[k])) problems.push(`${at}.${k}: ${m[k]} is not a finite number`);
    for (const k of ['unit', 'baseline']) if (typeof m[k] !== 'string' || !m[k]) problems.push(`${at}.${k}: missing`);
    if (typeof m.ratio !== 'number' || (m.baselineValue > 0 && Math.abs(m.ratio - m.value / m.baselineValue) > 0.01 * Math.abs(m.ratio) + 0.002)) problems.push(`${at}.ratio: ${m.ratio} is not value / baselineValue`);
    if (m.goal === null ? m.met !== null : typeof m.goal !== 'string' || typeof m.met !== 'boolean') problems.push(`${at}: goal ${JSON.stringify(m.goal)} with met ${JSON.stringify(m.met)}`);
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--')) ?? fileURLToPath(new URL('results.json', import.meta.url));
  const problems = checkResults(JSON.parse(readFileSync(file, 'utf8')), { allowNa: args.includes('--allow-na') });
  for (const p of problems) console.error(`${file}: ${p}`);
  if (problems.length) process.exit(1);
  console.log(`${file}: every metric present and well formed`);
}
