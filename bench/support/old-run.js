// The run of the commit before issue 19's work, kept in bench/baseline/: the goals that are "n×
// faster than before" (complete.drain) read its figure. Absent when the bench measures another
// checkout (--host-dir) or no such run is kept.
import { existsSync, readFileSync } from 'node:fs';
import { foreignHost } from './lib.js';

export const OLD_RUN = new URL('../baseline/0e92161.json', import.meta.url);

/** {commit, value} of a metric in the kept old run, or null. */
export function oldFigure(name) {
  if (foreignHost || !existsSync(OLD_RUN)) return null;
  const run = JSON.parse(readFileSync(OLD_RUN, 'utf8'));
  const m = run.metrics.find((x) => x.name === name);
  return m && typeof m.value === 'number' ? { commit: run.machine.hostCommit, value: m.value } : null;
}
