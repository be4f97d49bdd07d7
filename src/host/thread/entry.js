// @ts-check
// The guest thread: runs one worker's jco instance off the host's event loop. Plain JavaScript so
// Node can start it from the sources and from lib/ alike. Every host import is a synchronous round
// trip to the host thread over the shared channel (channel.js; guest-thread.ts is the other side):
//   request  → the call, with the handles dropped since the last one; then wait for the reply
//   reply    ← { ok } | { throw } (+ `block`: wait here until then)
// Control messages (load, reset) arrive on parentPort; once loaded, the thread waits on the
// channel for invocations (INVOKE) and answers each with its result (RESULT), until the host
// sends it back to its event loop (PORT) for the next control message. A thread
// serves one instance at a time and may serve many in turn: `reset` forgets the instance (the glue
// modules it imported stay, one per jsUrl, for the next instance of the same template). Pure calls
// (clocks, random: pure-calls.js) do not cross while an invocation runs: the journal (journal.js)
// answers them. Type-checked (JSDoc) against protocol.ts, the messages' one definition for both sides.
/** @import { MessagePort } from 'node:worker_threads' */
/** @import { FromHandle, FromThread, ImportShape, ToThread, WireError } from './protocol.ts' */
import { enableCompileCache, flushCompileCache } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { callTable, Channel, IDLE, PORT, readReply, REQUEST, RESULT, writeRequest } from './channel.js';
import { encodeValue, readValue, writeValue } from './codec.js';
import { CROSS, GuestJournal } from './journal.js';
import { PURE_CALLS } from '../pure-calls.js';

// V8's code cache for the jco glue (~850 KB a component): without it every new guest thread
// compiles it again (importing it: 10–11 ms without, 2–3 ms with, on Node 24). Node keeps it in
// os.tmpdir()/node-compile-cache (or $NODE_COMPILE_CACHE; NODE_DISABLE_COMPILE_CACHE=1 turns it
// off), per Node version and V8 flags, and checks each entry against its file's content hash.
enableCompileCache();

const channel = new Channel(workerData.channel, workerData.callPort);
const port = /** @type {MessagePort} */ (parentPort);
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const journal = new GuestJournal(channel.monotonic);

/** Host resources this instance holds, by handle id (same id, same proxy object). */
/** @type {Map<number, object>} */
const proxies = new Map();
/** Proxy classes by `interface#Class`, and each proxy's handle id. */
/** @type {Map<string, new (...args: unknown[]) => object>} */
const classes = new Map();
/** @type {WeakMap<object, number>} */
let ids = new WeakMap();
const FROM_HANDLE = Symbol('from-handle');
/** Handles the guest dropped since its last host call: the host disposes them before the next call, or when the invocation ends. */
/** @type {number[]} */
let drops = [];

/** @type {any} the instance's exports, as jco shapes them */
let exportsRoot;
/** The instance's linear memories (from every core instance's exports), to report their size with a trap. */
/** @type {WebAssembly.Memory[]} */
const memories = [];

/** jco's glue modules imported so far, by jsUrl: imported once per thread, instantiated once per instance. */
/** @type {Map<string, Promise<any>>} */
const glues = new Map();

/** @param {string} jsUrl */
function glueOf(jsUrl) {
  let glue = glues.get(jsUrl);
  if (!glue) {
    glue = import(jsUrl).then((mod) => {
      // A guest thread is terminated, never exits: write new cache entries now.
      flushCompileCache();
      return mod;
    });
    glue.catch(() => glues.delete(jsUrl));
    glues.set(jsUrl, glue);
  }
  return glue;
}

/** Forgets the instance, so that nothing of it reaches the next one this thread serves. */
function forgetInstance() {
  exportsRoot = undefined;
  memories.length = 0;
  proxies.clear();
  classes.clear();
  ids = new WeakMap();
  drops = [];
}

/**
 * jco's core instantiation, noting the memories each core instance exports. Synchronous, as is
 * getCoreModule below: jco's `instantiate` then runs start to end without yielding to the event
 * loop (it only waits on what is a promise), one task instead of one per core module.
 * @param {WebAssembly.Module} module
 * @param {WebAssembly.Imports} imports
 */
function instantiateCore(module, imports) {
  const instance = new WebAssembly.Instance(module, imports);
  for (const value of Object.values(instance.exports)) if (value instanceof WebAssembly.Memory && !memories.includes(value)) memories.push(value);
  return instance;
}

/** Guest → host: a proxy is its handle. @param {object} v */
const handleOf = (v) => {
  const id = ids.get(v);
  return id === undefined ? undefined : { id };
};

/** Host → guest: a handle is the proxy of its class (the same one each time). @type {FromHandle} */
function proxyOf(id, cls) {
  const p = proxies.get(id);
  if (p) return p;
  const Cls = cls === undefined ? undefined : classes.get(cls);
  if (!Cls) throw new Error(`golem-ts: the host returned a resource of unknown class ${cls}`);
  return new Cls(FROM_HANDLE, id);
}

/**
 * Calls host import number `index` (callTable); `h`: a method's resource. `fromHandle`: what a
 * resource in the reply becomes (a proxy; the bare id for a constructor's own).
 * @param {number} index
 * @param {number | undefined} h
 * @param {unknown[]} args
 * @param {FromHandle} [fromHandle]
 */
function hostCall(index, h, args, fromHandle = proxyOf) {
  const dropped = drops;
  drops = [];
  channel.send(REQUEST, (w) => writeRequest(w, index, h, args, dropped, handleOf, journal.pending()));
  journal.sent();
  channel.waitWhile(REQUEST);
  const reply = readReply(channel.receive(), fromHandle);
  journal.take(reply.feed);
  if (reply.block !== undefined) {
    for (let t = Date.now(); t < reply.block; t = Date.now()) Atomics.wait(sleeper, 0, 0, Math.max(1, reply.block - t));
  }
  if ('throw' in reply) {
    const w = reply.throw;
    const e = w.hasPayload ? Object.assign(new Error(w.message), { payload: w.payload }) : new Error(w.message);
    e.name = w.name;
    throw e;
  }
  return reply.ok;
}

/**
 * The import object, shaped as the host's (`shape` comes from describeImports on the host thread).
 * @param {ImportShape} shape
 */
function buildImports(shape) {
  /** @type {Record<string, Record<string, any>>} */
  const imports = {};
  for (const iface of Object.keys(shape)) imports[iface] = {};
  callTable(shape).forEach((entry, index) => {
    const { op, iface } = entry;
    const cls = 'cls' in entry ? entry.cls : '';
    const name = 'name' in entry ? entry.name : '';
    const obj = imports[iface];
    const pure = op === 'call' ? PURE_CALLS.get(`${iface}#${name}`) : undefined;
    if (pure) {
      obj[name] = (/** @type {unknown[]} */ ...args) => {
        const answer = journal.answer(pure, args);
        return answer === CROSS ? hostCall(index, undefined, args) : answer;
      };
    } else if (op === 'call') obj[name] = (/** @type {unknown[]} */ ...args) => hostCall(index, undefined, args);
    else if (op === 'new') {
      const Proxy = class {
        /** @param {unknown[]} args */
        constructor(...args) {
          const id = /** @type {number} */ (args[0] === FROM_HANDLE ? args[1] : hostCall(index, undefined, args, (h) => h));
          ids.set(this, id);
          proxies.set(id, this);
        }
      };
      Object.defineProperty(Proxy, 'name', { value: cls });
      /** @type {any} */ (Proxy.prototype)[Symbol.dispose] = /** @this {object} */ function () {
        const id = ids.get(this);
        if (id === undefined) return;
        proxies.delete(id);
        drops.push(id);
      };
      classes.set(`${iface}#${cls}`, Proxy);
      obj[cls] = Proxy;
    } else if (op === 'method') {
      obj[cls].prototype[name] = /** @this {object} @param {unknown[]} args */ function (...args) {
        return hostCall(index, ids.get(this), args);
      };
    } else obj[cls][name] = (/** @type {unknown[]} */ ...args) => hostCall(index, undefined, args);
  });
  return imports;
}

function takeDrops() {
  const d = drops;
  drops = [];
  return d;
}

/**
 * A guest's error or trap as it crosses to the host.
 * @param {unknown} e
 * @returns {WireError}
 */
function describeError(e) {
  const hasPayload = e !== null && typeof e === 'object' && 'payload' in e;
  return {
    message: e instanceof Error ? e.message : String(e),
    name: e instanceof Error ? e.name : 'Error',
    stack: e instanceof Error ? e.stack : undefined,
    hasPayload,
    payload: hasPayload ? encodeValue(/** @type {{ payload: unknown }} */ (e).payload, handleOf) : undefined,
    // How large the guest's memory was when it trapped (the host tells an out-of-memory trap by it).
    memoryBytes: e instanceof WebAssembly.RuntimeError ? Math.max(0, ...memories.map((m) => m.buffer.byteLength)) : undefined,
  };
}

/** @param {FromThread} msg */
const post = (msg) => port.postMessage(msg);

/**
 * Runs one invocation; its result goes back on the channel.
 * @param {Extract<ToThread, { type: 'invoke' }>} msg
 * @returns {Promise<Extract<FromThread, { type: 'result' }>>}
 */
async function invoke(msg) {
  journal.start(msg.feed);
  try {
    let fn = exportsRoot;
    for (const p of msg.path) fn = fn?.[p];
    if (typeof fn !== 'function') throw new Error(`the component does not export ${msg.path.join('.')}`);
    let value = fn(...msg.args);
    if (value instanceof Promise) value = await value;
    return { type: 'result', id: msg.id, ok: true, value, drops: takeDrops(), journal: journal.stop() };
  } catch (e) {
    return { type: 'result', id: msg.id, ok: false, error: describeError(e), drops: takeDrops(), journal: journal.stop() };
  }
}

/**
 * The loaded instance's invocations, one after another: the thread blocks on the channel
 * between them (its event loop with it) until the host sends PORT, then goes back to its event
 * loop for the control message that waits there. Whatever else would run on that event loop
 * (V8's tasks for this thread, FinalizationRegistry callbacks) waits until then: the guest runs
 * only in host calls and invocations, and V8 collects garbage as it allocates.
 */
async function serve() {
  while (channel.waitForWork() !== PORT) {
    const result = await invoke(/** @type {Extract<ToThread, { type: 'invoke' }>} */ (readValue(channel.receive())));
    try {
      channel.send(RESULT, (w) => writeValue(w, result));
    } catch (e) {
      const error = describeError(new Error(`golem-ts: the invocation's result could not be passed to the host thread: ${/** @type {Error} */ (e).message}`));
      channel.send(RESULT, (w) => writeValue(w, { type: 'result', id: result.id, ok: false, error, drops: result.drops, journal: result.journal }));
    }
  }
  channel.set(IDLE);
}

port.on('message', async (/** @type {ToThread} */ msg) => {
  if (msg.type === 'load') {
    const started = performance.now();
    try {
      const mod = await glueOf(msg.jsUrl);
      const getCoreModule = (/** @type {string} */ file) => {
        const m = msg.modules[file];
        if (!m) throw new Error(`golem-ts: core module ${file} was not sent to the guest thread`);
        return m;
      };
      exportsRoot = await mod.instantiate(getCoreModule, buildImports(msg.shape), instantiateCore);
      post({ type: 'loaded', drops: takeDrops(), ms: performance.now() - started });
    } catch (e) {
      post({ type: 'load-failed', error: describeError(e), drops: takeDrops() });
      return;
    }
    await serve();
    return;
  }
  if (msg.type === 'reset') forgetInstance();
});
