// The guest thread: runs one worker's jco instance off the host's event loop. Plain JavaScript so
// Node can start it from the sources and from lib/ alike. Every host import is a synchronous round
// trip to the host thread (see guest-thread.ts for the other side and the protocol):
//   request  → callPort.postMessage({ op, … }), then Atomics.wait on `flag`
//   reply    ← receiveMessageOnPort(callPort): { ok } | { throw } (+ `block`: wait here until then)
// Control messages (load, invoke) arrive on parentPort while the thread is idle.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';

const HANDLE = '\u0000golem-ts-handle';
const { callPort } = workerData;
const flag = new Int32Array(workerData.flag);
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Host resources this instance holds, by handle id (same id, same proxy object). */
const proxies = new Map();
/** Proxy classes by `interface#Class`, and each proxy's handle id. */
const classes = new Map();
const ids = new WeakMap();
const FROM_HANDLE = Symbol('from-handle');

let exportsRoot;
/** The instance's linear memories (from every core instance's exports), to report their size with a trap. */
const memories = [];

/** jco's core instantiation, noting the memories each core instance exports. */
async function instantiateCore(module, imports) {
  const instance = await WebAssembly.instantiate(module, imports);
  for (const value of Object.values(instance.exports)) if (value instanceof WebAssembly.Memory && !memories.includes(value)) memories.push(value);
  return instance;
}

function hostCall(msg, raw = false) {
  Atomics.store(flag, 0, 0);
  callPort.postMessage(msg);
  Atomics.wait(flag, 0, 0);
  const reply = receiveMessageOnPort(callPort)?.message;
  if (!reply) throw new Error(`golem-ts: no reply from the host to ${msg.op} ${msg.name ?? ''}`);
  if (reply.block !== undefined) {
    for (let t = Date.now(); t < reply.block; t = Date.now()) Atomics.wait(sleeper, 0, 0, Math.max(1, reply.block - t));
  }
  if ('throw' in reply) throw fromWire(reply.throw);
  return raw ? reply.ok : fromWire(reply.ok);
}

/** Guest → host: proxies become handle references. */
function toWire(v) {
  if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return v;
  const id = ids.get(v);
  if (id !== undefined) return { [HANDLE]: id };
  if (Array.isArray(v)) return v.map(toWire);
  if (Object.getPrototypeOf(v) !== Object.prototype) return v;
  const out = {};
  for (const k of Object.keys(v)) out[k] = toWire(v[k]);
  return out;
}

/** Host → guest: handle references become proxies of the right class; thrown errors keep their payload. */
function fromWire(v) {
  if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return v;
  if (Array.isArray(v)) return v.map(fromWire);
  if (HANDLE in v) {
    let p = proxies.get(v[HANDLE]);
    if (!p) {
      const Cls = classes.get(v.cls);
      if (!Cls) throw new Error(`golem-ts: the host returned a resource of unknown class ${v.cls}`);
      p = new Cls(FROM_HANDLE, v[HANDLE]);
    }
    return p;
  }
  if (v['\u0000error']) {
    const e = v.payload === undefined && !v.hasPayload ? new Error(v.message) : Object.assign(new Error(v.message), { payload: fromWire(v.payload) });
    e.name = v.name;
    return e;
  }
  const out = {};
  for (const k of Object.keys(v)) out[k] = fromWire(v[k]);
  return out;
}

/** The import object, shaped as the host's (`shape` comes from describeImports on the host thread). */
function buildImports(shape) {
  const imports = {};
  for (const [iface, members] of Object.entries(shape)) {
    const obj = {};
    for (const name of members.functions) {
      obj[name] = (...args) => hostCall({ op: 'call', iface, name, args: toWire(args) });
    }
    for (const [clsName, cls] of Object.entries(members.classes)) {
      const key = `${iface}#${clsName}`;
      const Proxy = class {
        constructor(...args) {
          if (args[0] === FROM_HANDLE) {
            ids.set(this, args[1]);
            proxies.set(args[1], this);
            return;
          }
          const ref = hostCall({ op: 'new', iface, cls: clsName, args: toWire(args) }, true);
          ids.set(this, ref[HANDLE]);
          proxies.set(ref[HANDLE], this);
        }
      };
      Object.defineProperty(Proxy, 'name', { value: clsName });
      for (const m of cls.methods) {
        Proxy.prototype[m] = function (...args) {
          return hostCall({ op: 'method', h: ids.get(this), name: m, args: toWire(args) });
        };
      }
      for (const s of cls.statics) {
        Proxy[s] = (...args) => hostCall({ op: 'static', iface, cls: clsName, name: s, args: toWire(args) });
      }
      Proxy.prototype[Symbol.dispose] = function () {
        const id = ids.get(this);
        proxies.delete(id);
        callPort.postMessage({ op: 'drop', h: id });
      };
      classes.set(key, Proxy);
      obj[clsName] = Proxy;
    }
    imports[iface] = obj;
  }
  return imports;
}

function describeError(e) {
  const hasPayload = e !== null && typeof e === 'object' && 'payload' in e;
  return {
    message: e instanceof Error ? e.message : String(e),
    name: e instanceof Error ? e.name : 'Error',
    stack: e instanceof Error ? e.stack : undefined,
    hasPayload,
    payload: hasPayload ? toWire(e.payload) : undefined,
    // How large the guest's memory was when it trapped (the host tells an out-of-memory trap by it).
    memoryBytes: e instanceof WebAssembly.RuntimeError ? Math.max(0, ...memories.map((m) => m.buffer.byteLength)) : undefined,
  };
}

parentPort.on('message', async (msg) => {
  if (msg.type === 'load') {
    try {
      const mod = await import(msg.jsUrl);
      const getCoreModule = (file) => {
        const m = msg.modules[file];
        return m ? Promise.resolve(m) : Promise.reject(new Error(`golem-ts: core module ${file} was not sent to the guest thread`));
      };
      exportsRoot = await mod.instantiate(getCoreModule, buildImports(msg.shape), instantiateCore);
      parentPort.postMessage({ type: 'loaded' });
    } catch (e) {
      parentPort.postMessage({ type: 'load-failed', error: describeError(e) });
    }
    return;
  }
  if (msg.type === 'invoke') {
    try {
      let fn = exportsRoot;
      for (const p of msg.path) fn = fn?.[p];
      if (typeof fn !== 'function') throw new Error(`the component does not export ${msg.path.join('.')}`);
      let value = fn(...msg.args);
      if (value instanceof Promise) value = await value;
      parentPort.postMessage({ type: 'result', id: msg.id, ok: true, value });
    } catch (e) {
      parentPort.postMessage({ type: 'result', id: msg.id, ok: false, error: describeError(e) });
    }
  }
});
