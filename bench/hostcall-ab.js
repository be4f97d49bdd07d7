#!/usr/bin/env node
// The host-call round trip of two builds side by side in one process, interleaved (on a shared,
// loaded machine a run-to-run comparison drifts more than the difference):
//   node bench/hostcall-ab.js <before>/lib <after>/lib [calls] [reps]
// Each lib is a `tsc -p tsconfig.build.json` output; prints the median µs per host call of each
// kind (a number; 4 KiB of bytes and a bigint; a resource method) and after/before.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [beforeLib, afterLib, callsArg, repsArg] = process.argv.slice(2);
if (!beforeLib || !afterLib) throw new Error('usage: node bench/hostcall-ab.js <before lib dir> <after lib dir> [calls] [reps]');
const calls = Number(callsArg ?? 5000);
const reps = Number(repsArg ?? 15);
const load = async (lib) => (await import(pathToFileURL(resolve(lib, 'host/thread/guest-thread.js')).href)).GuestThread;
const glue = new URL('./support/hostcall-guest.js', import.meta.url).href;

class Counter {
  n = 0;
  add(k) {
    this.n += k;
    return this.n;
  }
}
const imports = { 'bench:probe/api': { ping: (x) => x + 1, bytes: (i, data) => data.subarray(0, 4096 - Number(i % 2n)), Counter } };
const threads = { before: new (await load(beforeLib))(), after: new (await load(afterLib))() };
for (const t of Object.values(threads)) await t.load(glue, {}, imports);
const kinds = ['small', 'bytes', 'method'];
const samples = Object.fromEntries(kinds.flatMap((k) => Object.keys(threads).map((s) => [`${s}.${k}`, []])));
for (let r = 0; r < reps + 2; r++) {
  for (const k of kinds) {
    for (const s of r % 2 ? ['before', 'after'] : ['after', 'before']) {
      const t0 = process.hrtime.bigint();
      await threads[s].invoke([k], [calls]);
      if (r >= 2) samples[`${s}.${k}`].push(Number(process.hrtime.bigint() - t0) / 1e3 / calls);
    }
  }
}
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
for (const k of kinds) {
  const b = median(samples[`before.${k}`]);
  const a = median(samples[`after.${k}`]);
  console.log(`${k.padEnd(7)} before ${b.toFixed(2)} µs  after ${a.toFixed(2)} µs  after/before ${(a / b).toFixed(2)}`);
}
await Promise.all(Object.values(threads).map((t) => t.terminate(new Error('done'))));
