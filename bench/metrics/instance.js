// instance.ready: from "a worker needs an instance" to "ready to replay", on the host's own path:
// a thread from its pool (ThreadPool.take; in steady state one recycled from the instance dropped
// before), the component instantiated there and bound to the worker (instantiate, instance.ts).
// Against the floor: a bare `new WebAssembly.Instance` of the same component's core modules with
// stub imports (bench/support/bare-instance.js), interleaved in the same run. The underwriting
// example is the component (19 MB core module, ~1.2 MB of jco glue).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { lib } from '../support/lib.js';
import { bareInstances } from '../support/bare-instance.js';
import { dataDir, openHost, scratchContext } from '../support/host.js';
import { stats, time } from '../support/measure.js';

// The measured checkout's host (--host-dir; this one's by default).
const { build } = await lib('build/index.js');
const { instantiate, preloadSource } = await lib('host/instance.js');
const { GuestThread } = await lib('host/thread/guest-thread.js');
const { ThreadPool } = await lib('host/thread/pool.js');
const { ThreadStopped } = await lib('host/thread/stopped.js');

export async function instanceReady({ hostDir, quick, results, log }) {
  const reps = quick ? 20 : 50;
  log('instance.ready: building the underwriting example (content-hash cached)');
  const wasmPath = (await build(join(hostDir, 'examples/underwriting'))).out;
  const dir = dataDir('instance');
  const { executor, templateId } = await openHost(dir, wasmPath);
  const pool = new ThreadPool(0);
  try {
    const template = await executor.templates.load(templateId, 0);
    const source = preloadSource(template);
    const modules = await template.coreModules();
    const dropped = () => new ThreadStopped('EVICTED', 'bench: the next instance');
    /**
     * Milliseconds until the instance is ready on a thread from `take()`, and how many of them the
     * thread spent loading (the rest: messages, and waiting for the threads' turns on the cores).
     * The instance is dropped after.
     */
    const ready = async (name, take) => {
      let instance;
      let thread;
      const ms = await time(async () => {
        thread = await take();
        instance = await instantiate(template, scratchContext(executor, templateId, name), thread);
      });
      instance.dispose(dropped());
      await pool.settled();
      return { ms, inThread: thread.loadedInMs };
    };
    log(`instance.ready: ${reps} instances on the host's path, each beside a bare instance of the core modules`);
    await ready('warm-up', () => pool.take(source));
    const host = [];
    const floor = [];
    const before = GuestThread.started;
    for (let i = 0; i < reps; i++) {
      host.push(await ready(`ready-${i}`, () => pool.take(source)));
      floor.push(await time(() => bareInstances(modules)));
    }
    const threadsStarted = GuestThread.started - before;
    // What each instance cost when every one had a thread of its own (start, glue import, instantiation).
    const fresh = [];
    for (let i = 0; i < Math.min(reps, 10); i++) fresh.push(await ready(`fresh-${i}`, () => new GuestThread()));
    const m = stats(host.map((h) => h.ms));
    const b = stats(floor);
    results.add({
      name: 'instance.ready',
      value: m.p50,
      unit: 'ms',
      baseline: 'bare new WebAssembly.Instance of the core modules, stub imports (p50)',
      baselineValue: b.p50,
      goal: '≤ 1.5× bare',
      check: (_, r) => r <= 1.5,
      details: {
        reps,
        p99: m.p99,
        baselineP99: b.p99,
        inThreadP50: stats(host.map((h) => h.inThread)).p50,
        messagingP50: stats(host.map((h) => h.ms - h.inThread)).p50,
        threadsStarted,
        newThreadPerInstanceP50: stats(fresh.map((f) => f.ms)).p50,
        coreModules: Object.keys(modules).length,
      },
    });
  } finally {
    await pool.close();
    await executor.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
