// The instance profile's thread (bench/instance-profile.js): instantiates a component the way a
// guest thread does (entry.js: import jco's glue, its `instantiate` with the import object's
// shape behind it), timing each phase, with stub imports that throw (instantiating calls nothing;
// calls are timed on the host's own path, in instance-profile.js).
// Messages: { op: 'instantiate' | 'bare', n } → { times: [{ phase: ms }] }.
import { enableCompileCache, flushCompileCache } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { bareInstances } from './bare-instance.js';

enableCompileCache(); // as entry.js does
const now = () => performance.timeOrigin + performance.now();
parentPort.postMessage({ startedAt: now() });

const { jsUrl, modules, shape } = workerData;

/** Stub imports of `shape` (describeImports): functions and classes that throw when called. */
function stubImports() {
  const imports = {};
  for (const [iface, members] of Object.entries(shape)) {
    const obj = (imports[iface] = {});
    const refuse = (name) => () => {
      throw new Error(`instance-profile: the guest called ${iface}/${name}`);
    };
    for (const name of members.functions) obj[name] = refuse(name);
    for (const [cls, c] of Object.entries(members.classes)) {
      const Cls = class {};
      for (const m of c.methods) Cls.prototype[m] = refuse(`${cls}.${m}`);
      for (const s of c.statics) Cls[s] = refuse(`${cls}.${s}`);
      obj[cls] = Cls;
    }
  }
  return imports;
}

let glue;

async function instantiate() {
  const t = {};
  let at = now();
  if (!glue) {
    glue = await import(jsUrl);
    t.import = now() - at;
    flushCompileCache();
    at = now();
  } else t.import = 0;
  let core = 0;
  const instantiateCore = (module, imports) => {
    const c = now();
    const instance = new WebAssembly.Instance(module, imports);
    core += now() - c;
    return instance;
  };
  const getCoreModule = (file) => modules[file];
  const exportsRoot = await glue.instantiate(getCoreModule, stubImports(), instantiateCore);
  const total = now() - at;
  t.glueInit = total - core;
  t.core = core;
  if (!exportsRoot) throw new Error('instance-profile: jco instantiated nothing');
  return t;
}

function bare() {
  const at = now();
  bareInstances(modules);
  return { bare: now() - at };
}

parentPort.on('message', async ({ op, n }) => {
  const times = [];
  for (let i = 0; i < n; i++) times.push(op === 'bare' ? bare() : await instantiate());
  parentPort.postMessage({ times });
});
