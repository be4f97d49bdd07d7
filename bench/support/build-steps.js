// One cold `build(dir, {force: true})` of the measured checkout (--host-dir) in this fresh process;
// prints {ms, stepsMs, timingsMs} as JSON: `stepsMs` from the `step` events (time from one step's
// start to the next's), `timingsMs` from the `timing` events a build that overlaps its steps emits
// as each finishes (absent in older builds).
import { lib } from './lib.js';

const dir = process.argv[2];
const { build } = await lib('build/index.js');
const stepsMs = {};
const timingsMs = {};
let last;
const t0 = performance.now();
const result = await build(dir, {
  force: true,
  onEvent(e) {
    const now = performance.now() - t0;
    if (e.type === 'timing') timingsMs[e.step] = Math.round(e.ms);
    if (e.type !== 'step') return;
    if (last) stepsMs[last.step] = Math.round(now - last.at);
    last = { step: e.step, at: now };
  },
});
const ms = performance.now() - t0;
if (last) stepsMs[last.step] = Math.round(ms - last.at);
console.log(JSON.stringify({ ms: Math.round(ms), size: result.size, stepsMs, timingsMs }));
