#!/usr/bin/env node
// Which jco transpile options make a component's glue cheaper to import and to instantiate:
// transpiles the component once per option set (beside the options templates.ts uses), then
// times glue import, glue init and core instantiation in a new thread and in a reused one
// (bench/support/instance-profile-thread.js), p50 over the reps.
//
//   node bench/transpile-options.js [--reps N] [--wasm component.wasm] [--together JSON]
//
// 'optimized' and 'direct-optimized' import bindings fail here (jco 1.35 declares `trampoline3`
// twice), and would need every host import to implement jco's symbolCabiLower anyway.
import { transpile } from '@bytecodealliance/jco';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Executor } from '../lib/host/executor.js';
import { preloadSource } from '../lib/host/instance.js';
import { ensureRootPreopen } from '../lib/build/preopens.js';
import { stats } from './support/measure.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const reps = Number(opt('reps', 8));
const wasm = readFileSync(resolve(opt('wasm', join(root, 'examples/underwriting/dist/underwriting.wasm'))));

// templates.ts's options, then each variant on top of them.
const base = { name: 'component', instantiation: 'async', noTypescript: true, quiet: true };
const variants = {
  'as templates.ts': {},
  "importBindings: 'hybrid'": { importBindings: 'hybrid' },
  "importBindings: 'optimized'": { importBindings: 'optimized' },
  "importBindings: 'direct-optimized'": { importBindings: 'direct-optimized' },
  'validLiftingOptimization': { validLiftingOptimization: true },
  'tracing: false': { tracing: false },
  'namespacedExports: false': { namespacedExports: false },
  'base64Cutoff: 0': { base64Cutoff: 0 },
  'minify': { minify: true },
};
// `--together '{"…": …}'`: one more set, say the options that helped, combined.
if (args.includes('--together')) variants[`together: ${opt('together')}`] = JSON.parse(opt('together'));

const tmp = mkdtempSync(join(tmpdir(), 'golem-ts-transpile-options-'));
const executor = await Executor.open({ dataDir: join(tmp, 'host'), isolation: 'inline' });
const id = (await executor.addTemplate('t', wasm)).versionedTemplateId.rawTemplateId;
const shape = preloadSource(await executor.templates.load(id, 0)).shape;
await executor.close();
await ensureRootPreopen();

const ask = (worker, op, n) =>
  new Promise((res, rej) => {
    worker.once('message', (m) => res(m.times));
    worker.once('error', rej);
    worker.postMessage({ op, n });
  });

// Transpile every variant first, then time them interleaved (rep by rep) so drift on a loaded machine hits all alike.
const prepared = [];
const failed = [];
let i = 0;
for (const [label, extra] of Object.entries(variants)) {
  const dir = join(tmp, String(i++));
  let files;
  try {
    ({ files } = await transpile(wasm, { ...base, ...extra }));
  } catch (e) {
    failed.push(`| ${label} | transpile failed: ${e.message.split('\n')[0]} |||||`);
    continue;
  }
  for (const [file, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), bytes);
  }
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  const js = readFileSync(join(dir, 'component.js'), 'utf8');
  const modules = Object.fromEntries(await Promise.all(readdirSync(dir).filter((f) => f.endsWith('.wasm')).map(async (f) => [f, await WebAssembly.compile(readFileSync(join(dir, f)))])));
  const trampoline3 = (js.match(/(const|let|var|function) trampoline3\b/g) ?? []).length;
  prepared.push({ label, workerData: { jsUrl: pathToFileURL(join(dir, 'component.js')).href, modules, shape }, kb: Math.round(js.length / 1024), trampoline3, fresh: [], reused: [] });
}
for (let r = 0; r <= reps; r++) {
  for (const v of prepared) {
    if (v.error) continue;
    const worker = new Worker(new URL('./support/instance-profile-thread.js', import.meta.url), { workerData: v.workerData });
    try {
      await new Promise((res) => worker.once('message', res));
      const [first, ...again] = await ask(worker, 'instantiate', 4);
      if (r === 0) continue; // the first fills V8's compile cache
      v.fresh.push(first);
      v.reused.push(...again);
    } catch (e) {
      v.error = e.message.split('\n')[0];
    } finally {
      await worker.terminate();
    }
  }
}
const p50 = (rs, k) => stats(rs.map((r) => r[k])).p50.toFixed(2);
const rows = ['| options | glue KB | `trampoline3` declared | import | glue init (new thread) | glue init (reused) | core (reused) |', '|---|---|---|---|---|---|---|'];
for (const v of prepared) {
  if (v.error) rows.push(`| ${v.label} | ${v.kb} | ${v.trampoline3}× | instantiation failed: ${v.error} ||||`);
  else rows.push(`| ${v.label} | ${v.kb} | ${v.trampoline3}× | ${p50(v.fresh, 'import')} | ${p50(v.fresh, 'glueInit')} | ${p50(v.reused, 'glueInit')} | ${p50(v.reused, 'core')} |`);
}
rows.push(...failed);
rmSync(tmp, { recursive: true, force: true });
console.log(`transpile options: ${reps} new threads × (1 + 3 reused instantiations) each, p50 ms, Node ${process.version}\n\n${rows.join('\n')}`);
