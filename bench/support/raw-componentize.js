// Raw componentize-js, cold, in this fresh process: the measured checkout's componentize-js (with
// the root preopen its shim needs) on a bundle and WIT directory, nothing else. Prints its ms;
// with --twice also a second call's, warm (componentize-js's own wasm compiled and tiered up).
//   node raw-componentize.js BUNDLE WIT_DIR WORLD DISABLED_FEATURES_JSON [--twice] [--host-dir DIR]
import { hostPackage, lib } from './lib.js';

const [sourcePath, witPath, worldName, disabled] = process.argv.slice(2);
const t0 = performance.now();
const { ensureRootPreopen } = await lib('build/index.js');
await ensureRootPreopen();
const { componentize } = await hostPackage('@bytecodealliance/componentize-js');
const opts = { sourcePath, witPath, worldName, disableFeatures: JSON.parse(disabled) };
const { component } = await componentize(opts);
const ms = Math.round(performance.now() - t0);
let warmMs;
if (process.argv.includes('--twice')) {
  const t1 = performance.now();
  await componentize(opts);
  warmMs = Math.round(performance.now() - t1);
}
console.log(JSON.stringify({ ms, warmMs, size: component.length }));
