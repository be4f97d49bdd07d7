#!/usr/bin/env node
// Checks the shape of bench/results.json (never the speed): every metric the issue lists, each
// with a finite value and baseline, its ratio, and `met` decided exactly when a goal is set.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { METRIC_NAMES } from './support/results.js';

export function checkResults(results) {
  const problems = [];
  if (typeof results?.machine !== 'object' || results.machine === null) problems.push('machine: missing');
  else for (const k of ['node', 'cpus', 'mode']) if (results.machine[k] === undefined) problems.push(`machine.${k}: missing`);
  if (!Array.isArray(results?.metrics)) return [...problems, 'metrics: not an array'];
  const names = results.metrics.map((m) => m.name);
  for (const name of METRIC_NAMES) if (!names.includes(name)) problems.push(`${name}: missing`);
  for (const name of names) if (names.indexOf(name) !== names.lastIndexOf(name)) problems.push(`${name}: listed twice`);
  for (const m of results.metrics) {
    const at = m.name ?? '(unnamed)';
    for (const k of ['value', 'baselineValue']) if (typeof m[k] !== 'number' || !Number.isFinite(m[k])) problems.push(`${at}.${k}: ${m[k]} is not a finite number`);
    for (const k of ['unit', 'baseline']) if (typeof m[k] !== 'string' || !m[k]) problems.push(`${at}.${k}: missing`);
    if (typeof m.ratio !== 'number' || (m.baselineValue > 0 && Math.abs(m.ratio - m.value / m.baselineValue) > 0.01 * Math.abs(m.ratio) + 0.002)) problems.push(`${at}.ratio: ${m.ratio} is not value / baselineValue`);
    if (m.goal === null ? m.met !== null : typeof m.goal !== 'string' || typeof m.met !== 'boolean') problems.push(`${at}: goal ${JSON.stringify(m.goal)} with met ${JSON.stringify(m.met)}`);
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? fileURLToPath(new URL('results.json', import.meta.url));
  const problems = checkResults(JSON.parse(readFileSync(file, 'utf8')));
  for (const p of problems) console.error(`bench/results.json: ${p}`);
  if (problems.length) process.exit(1);
  console.log(`${file}: every metric present and well formed`);
}
