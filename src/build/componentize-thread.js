// componentize-js in its own thread, for one build (src/build/componentize.ts is the other side).
// componentize-js runs synchronously for seconds (its WIT splicer, then wizer through spawnSync);
// here it leaves the build's thread free to type-check at the same time, and to stop it when the
// check fails. It loads while the build bundles; the root preopen is set on the shim copies the
// build names (preopens are per copy and per thread).
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

// componentize-js hands `process.stdout` to wizer's spawnSync, which takes a stream only with a
// file descriptor; a thread's stdout has none. Wizer writes to the process's own stdout, as it
// would from the main thread.
if (typeof process.stdout.fd !== 'number') Object.defineProperty(process.stdout, 'fd', { value: 1 });

const ready = (async () => {
  for (const file of workerData.shims) {
    const fs = await import(pathToFileURL(file).href);
    fs._setPreopens?.({ '/': '/' });
  }
  return (await import('@bytecodealliance/componentize-js')).componentize;
})();
ready.catch(() => {}); // reported when the build asks for its component

parentPort.once('message', async (opts) => {
  try {
    const componentize = await ready;
    const { component } = await componentize(opts);
    parentPort.postMessage({ component });
  } catch (e) {
    parentPort.postMessage({ error: { message: typeof e?.message === 'string' ? e.message : String(e), stack: e?.stack } });
  }
});
