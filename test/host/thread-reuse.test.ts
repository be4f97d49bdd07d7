import { afterEach, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../../src/host/clock.ts';
import { Durability } from '../../src/host/durability.ts';
import type { WorkerContext } from '../../src/host/imports/context.ts';
import { instantiate } from '../../src/host/instance.ts';
import { SuspendSignal } from '../../src/host/signals.ts';
import { storePorts } from '../../src/host/store-ports.ts';
import { Templates } from '../../src/host/templates.ts';
import { GuestThread } from '../../src/host/thread/guest-thread.ts';
import { ThreadPool } from '../../src/host/thread/pool.ts';
import { ThreadStopped } from '../../src/host/thread/stopped.ts';
import { executorWith } from './helpers.ts';
import { componentFromWat } from './wat.ts';

/** A guest thread serves one instance at a time and, once it is dropped, the next one: nothing of the first reaches the second. */

const GLUE = new URL('../fixtures/thread-glue/reuse-glue.js', import.meta.url).href;

/** A worker's import object: answers with the worker's name, and notes every call that reaches it. */
function worker(name: string) {
  const seen: string[] = [];
  class Res {
    constructor(public n: number) {
      seen.push(`new ${n}`);
    }
    get() {
      return `${name}:${this.n}`;
    }
    [Symbol.dispose]() {
      seen.push(`dispose ${this.n}`);
    }
  }
  const api = {
    whoami: () => (seen.push('whoami'), name),
    park: () => {
      seen.push('park');
      throw new SuspendSignal(1);
    },
    Res,
  };
  return { imports: { 'test:reuse/api': api }, seen };
}

const evicted = () => new ThreadStopped('EVICTED', 'dropped by the test');

let pool: ThreadPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('guest threads reused across instances', () => {
  it('a thread whose idle instance is dropped serves the next worker, with nothing of the first', async () => {
    pool = new ThreadPool(0);
    const a = worker('a');
    const thread = await pool.take();
    await thread.load(GLUE, {}, a.imports);
    expect(await thread.invoke(['whoami'], [])).toEqual({ host: 'a', calls: 1 });
    expect(await thread.invoke(['keep'], [1])).toBe('a:1');
    thread.dispose(evicted());
    await pool.settled();
    expect(pool.sizes.recycled).toBe(1);

    const again = await pool.take();
    expect(again).toBe(thread);
    const b = worker('b');
    await again.load(GLUE, {}, b.imports);
    // A new instance: its own state, its own worker's imports, no proxy of the first's resources.
    expect(await again.invoke(['kept'], [])).toBe('none');
    expect(await again.invoke(['whoami'], [])).toEqual({ host: 'b', calls: 1 });
    expect(await again.invoke(['keep'], [2])).toBe('b:2');
    expect(a.seen).toEqual(['whoami', 'new 1']);
    expect(b.seen).toEqual(['whoami', 'new 2']);
  });

  it('a guest parked in a host call is unwound out of it, its last tries refused; the thread serves the next worker', async () => {
    pool = new ThreadPool(0);
    const a = worker('a');
    const thread = await pool.take();
    expect(thread.status).toBe('idle');
    const loading = thread.load(GLUE, {}, a.imports);
    expect(thread.status).toBe('loading');
    await loading;
    expect(thread.status).toBe('idle');
    const kept = thread.invoke(['keep'], [1]);
    expect(thread.status).toBe('invoking');
    await kept;
    await expect(thread.invoke(['park'], [])).rejects.toBeInstanceOf(SuspendSignal);
    expect(thread.parked).toBe(true);
    expect(thread.status).toBe('parked');
    thread.dispose(evicted());
    await pool.settled();
    expect(pool.sizes.recycled).toBe(1);
    expect(thread.status).toBe('idle');
    // The guest's call on its way out never reached the worker's import object; the resource it
    // dropped while unwinding was disposed.
    expect(a.seen).toEqual(['new 1', 'park', 'dispose 1']);

    const again = await pool.take();
    expect(again).toBe(thread);
    expect(again.parked).toBe(false);
    const b = worker('b');
    await again.load(GLUE, {}, b.imports);
    expect(await again.invoke(['whoami'], [])).toEqual({ host: 'b', calls: 1 });
    expect(await again.invoke(['kept'], [])).toBe('none');
    expect(b.seen).toEqual(['whoami']);
  });

  it("a trap on a recycled thread reports its own instance's memory, not the one before", async () => {
    pool = new ThreadPool(0);
    const memory = async (pages: number) => ({ 'memory.wasm': await WebAssembly.compile((await componentFromWat(`(module (memory (export "memory") ${pages}))`)) as Uint8Array<ArrayBuffer>) });
    const thread = await pool.take();
    await thread.load(GLUE, await memory(100), worker('a').imports);
    await expect(thread.invoke(['trap'], [])).rejects.toMatchObject({ name: 'RuntimeError', memoryBytes: 100 * 65536 });
    thread.dispose(evicted());
    await pool.settled();
    const again = await pool.take();
    expect(again).toBe(thread);
    await again.load(GLUE, await memory(1), worker('b').imports);
    await expect(again.invoke(['trap'], [])).rejects.toMatchObject({ name: 'RuntimeError', memoryBytes: 65536 });
  });

  it('a thread whose guest is running when its instance is dropped is stopped, never reused', async () => {
    pool = new ThreadPool(0);
    const thread = await pool.take();
    await thread.load(GLUE, {}, worker('a').imports);
    const spinning = thread.invoke(['spin'], []);
    thread.dispose(new ThreadStopped('INTERRUPTED', 'interrupted by the test'));
    await expect(spinning).rejects.toMatchObject({ code: 'INTERRUPTED' });
    await pool.settled();
    expect(pool.sizes.recycled).toBe(0);
    expect(await pool.take()).not.toBe(thread);
  });

  it('a parked guest that does not unwind (it keeps calling the host) has its thread stopped, never reused', async () => {
    pool = new ThreadPool(0);
    const a = worker('a');
    const thread = await pool.take();
    await thread.load(GLUE, {}, a.imports);
    await expect(thread.invoke(['parkForever'], [])).rejects.toBeInstanceOf(SuspendSignal);
    thread.dispose(evicted());
    await pool.settled();
    expect(pool.sizes.recycled).toBe(0);
    expect(thread.status).toBe('stopped');
    expect(a.seen).toEqual(['park']); // every later try was refused
    expect(await pool.take()).not.toBe(thread);
  });

  it('a host closing stops its threads, parked ones included, instead of recycling them', async () => {
    pool = new ThreadPool(0);
    const thread = await pool.take();
    await thread.load(GLUE, {}, worker('a').imports);
    await expect(thread.invoke(['park'], [])).rejects.toBeInstanceOf(SuspendSignal);
    thread.dispose(new ThreadStopped('CLOSED', 'the host closed'));
    await pool.settled();
    expect(pool.sizes.recycled).toBe(0);
  });

  it('an instance once dropped reaches its thread no more, though the thread now serves another worker', async () => {
    const { executor, templateId } = await executorWith(inject('hostApiWasm'), undefined, { isolation: 'inline' });
    try {
      const template = await new Templates(executor.store).load(templateId, 0);
      const settings = { retryPolicy: {}, persistenceLevel: { tag: 'smart' }, idempotenceMode: true };
      const context = (name: string) =>
        ({ ...storePorts(executor.store), templateId, workerName: name, args: [], env: [], durability: new Durability(executor.store, templateId, name, []), clock: systemClock, settings, output() {}, promiseCompleted() {} }) as unknown as WorkerContext;
      const increment = ['test:host-api/api', 'increment'];
      pool = new ThreadPool(0);
      const a = await instantiate(template, context('a'), await pool.take());
      expect(await a.call(increment, [5n])).toBe(5n);
      a.dispose(evicted());
      await pool.settled();
      const b = await instantiate(template, context('b'), await pool.take());
      expect(pool.sizes.recycled).toBe(0); // b has a's thread
      await expect(a.call(increment, [5n])).rejects.toMatchObject({ code: 'EVICTED' });
      expect(a.parked).toBe(false);
      a.dispose(evicted()); // a second drop gives nothing back
      await pool.settled();
      expect(pool.sizes.recycled).toBe(0);
      expect(await b.call(increment, [1n])).toBe(1n);
      expect(await b.call(increment, [1n])).toBe(2n);
      b.dispose(evicted());
    } finally {
      await executor.close();
    }
  });

  it('workers evicted beyond --max-live hand their threads on: each worker keeps its own state, fewer threads than instances', async () => {
    const { executor, templateId } = await executorWith(inject('hostApiWasm'), undefined, { maxLiveInstances: 1, instancesAhead: 0 });
    try {
      const started = GuestThread.started;
      const built = executor.counters.instantiations;
      const names = ['w0', 'w1', 'w2'];
      for (const n of names) await executor.createWorker(templateId, n, [], []);
      // Round robin: every invocation finds its worker evicted and gets an instance on a thread another worker's eviction freed.
      for (let round = 1; round <= 3; round++) {
        for (const [i, n] of names.entries()) {
          expect(await executor.invokeAndAwait(templateId, n, 'test:host-api/api/increment', [i + 1])).toEqual([(i + 1) * round]);
        }
      }
      const instantiations = executor.counters.instantiations - built;
      expect(instantiations).toBeGreaterThanOrEqual(9);
      expect(GuestThread.started - started).toBeLessThan(instantiations / 2);
    } finally {
      await executor.close();
    }
  });
});
