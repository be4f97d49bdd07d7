/**
 * Pure host calls (clocks, random: src/host/pure-calls.js) are answered in the guest thread
 * itself (src/host/thread/journal.js), live and replayed: they no longer cross to the host, and
 * the oplog, the monotonic clock and divergences are what they were when every call crossed.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { Executor, ExecutorOptions } from '../../src/host/executor.ts';
import { PURE_CALLS, PURE_FUNCTIONS } from '../../src/host/pure-calls.js';
import { Store } from '../../src/host/store.ts';
import { GuestThread } from '../../src/host/thread/guest-thread.ts';
import { CROSS, GuestJournal } from '../../src/host/thread/journal.js';
import type { OplogEntry } from '../../src/host/types.ts';
import { VirtualClock } from '../../src/testing/virtual-clock.ts';
import { stringifyJson } from '../../src/wit/index.ts';
import { executorWith, tempDir } from './helpers.ts';

const INCREMENT = 'test:host-api/api/increment';
const DRAW = 'test:host-api/api/draw';
const MONOTONIC = 'wasi:clocks/monotonic-clock/now';

const opened: Executor[] = [];
afterEach(async () => {
  for (const e of opened.splice(0)) await e.close();
});

async function host(dataDir = tempDir('golem-ts-journal-'), opts: Omit<ExecutorOptions, 'dataDir'> = {}) {
  const h = await executorWith(inject('hostApiWasm'), dataDir, opts);
  opened.push(h.executor);
  return h;
}

/** The same data dir, the same template, after a restart. */
async function reopen(dataDir: string, templateId: string, opts: Omit<ExecutorOptions, 'dataDir'> = {}) {
  const { Executor } = await import('../../src/host/executor.ts');
  const executor = await Executor.open({ ...opts, dataDir });
  opened.push(executor);
  return { executor, templateId };
}

async function close(executor: Executor): Promise<void> {
  opened.splice(opened.indexOf(executor), 1);
  await executor.close();
}

type Imported = Extract<OplogEntry, { kind: 'imported-function-invoked' }>;
const imported = (oplog: OplogEntry[]) => oplog.filter((e): e is Imported => e.kind === 'imported-function-invoked');
const pureEntries = (oplog: OplogEntry[]) => imported(oplog).filter((e) => PURE_FUNCTIONS.has(e.functionName));
const readings = (oplog: OplogEntry[]) => imported(oplog).filter((e) => e.functionName === MONOTONIC).map((e) => BigInt((e.response as { ok: { $bigint: string } }).ok.$bigint));

/** Host calls that crossed from any guest thread while `fn` ran. */
async function crossings(fn: () => Promise<unknown>): Promise<number> {
  const before = GuestThread.crossings;
  await fn();
  return GuestThread.crossings - before;
}

/** A stopped host's oplog of `worker`, read from its data dir. */
function storedOplog(dataDir: string, templateId: string, worker: string): OplogEntry[] {
  const store = new Store(dataDir);
  try {
    return store.oplog(templateId, worker);
  } finally {
    store.close();
  }
}

/** Rewrites recorded entries of a stopped host's worker (a changed guest, seen from its oplog). */
function rewrite(dataDir: string, templateId: string, worker: string, change: (e: OplogEntry) => OplogEntry | undefined): number[] {
  const store = new Store(dataDir);
  const changed: number[] = [];
  try {
    for (const e of store.oplog(templateId, worker)) {
      const next = change(e);
      if (!next) continue;
      const { idx, timestamp: _, ...payload } = next;
      store.db.prepare('UPDATE oplog SET entry = ? WHERE template_id = ? AND worker_name = ? AND idx = ?').run(stringifyJson(payload), templateId, worker, idx);
      changed.push(idx);
    }
  } finally {
    store.close();
  }
  return changed;
}

describe('the guest-side journal', () => {
  it('live: clock reads and random draws are answered in the guest thread, none crosses, and the oplog records them as the host thread does', async () => {
    const threaded = await host();
    const inline = await host(undefined, { isolation: 'inline' });
    for (const { executor, templateId } of [threaded, inline]) {
      await executor.createWorker(templateId, 'w');
      await executor.invokeAndAwait(templateId, 'w', INCREMENT, [1]);
    }
    const from = threaded.executor.getOplog(threaded.templateId, 'w').length + 1;
    const crossed = await crossings(async () => {
      await threaded.executor.invokeAndAwait(threaded.templateId, 'w', INCREMENT, [1]);
      await threaded.executor.invokeAndAwait(threaded.templateId, 'w', DRAW, []);
    });
    await inline.executor.invokeAndAwait(inline.templateId, 'w', INCREMENT, [1]);
    await inline.executor.invokeAndAwait(inline.templateId, 'w', DRAW, []);
    const live = threaded.executor.getOplog(threaded.templateId, 'w', from);
    expect(pureEntries(live).length).toBeGreaterThan(2);
    expect(crossed).toBe(0);
    // The same entries as the guest on the host's thread writes, every call crossing into the imports.
    const shape = (oplog: OplogEntry[]) => oplog.map((e) => (e.kind === 'imported-function-invoked' ? `${e.functionName}:${e.wrappedFunctionType}:${'request' in e ? stringifyJson(e.request) : ''}` : e.kind));
    expect(shape(live)).toEqual(shape(inline.executor.getOplog(inline.templateId, 'w', from)));
  });

  it('replay: a cold resume answers the recorded pure calls in the guest thread; none crosses and the state comes back', async () => {
    const { executor, templateId, dataDir } = await host();
    await executor.createWorker(templateId, 'w');
    for (let i = 0; i < 3; i++) await executor.invokeAndAwait(templateId, 'w', INCREMENT, [2]);
    await executor.invokeAndAwait(templateId, 'w', DRAW, []);
    const recorded = executor.getOplog(templateId, 'w');
    expect(pureEntries(recorded).length).toBeGreaterThan(10);
    await close(executor);

    const again = await reopen(dataDir, templateId);
    let result: unknown;
    const crossed = await crossings(async () => {
      result = await again.executor.invokeAndAwait(templateId, 'w', INCREMENT, [2]);
    });
    expect(again.executor.counters.instantiations).toBe(1);
    expect(result).toEqual([8]);
    expect(crossed).toBe(0);
    const oplog = again.executor.getOplog(templateId, 'w');
    expect(oplog.slice(0, recorded.length)).toEqual(recorded);
    expect(oplog.at(-1)).toMatchObject({ kind: 'exported-function-completed' });
  });

  it('a recorded pure call the guest no longer makes diverges exactly as on the host thread: Failed, with the same divergence', async () => {
    const { executor, templateId, dataDir } = await host();
    await executor.createWorker(templateId, 'w');
    await executor.invokeAndAwait(templateId, 'w', INCREMENT, [1]);
    await executor.invokeAndAwait(templateId, 'w', INCREMENT, [1]);
    await close(executor);
    // The last monotonic reading becomes a wall-clock reading: the guest now calls another pure function there.
    const last = readings(storedOplog(dataDir, templateId, 'w')).length;
    let seen = 0;
    const [changed] = rewrite(dataDir, templateId, 'w', (e) =>
      e.kind === 'imported-function-invoked' && e.functionName === MONOTONIC && ++seen === last ? { ...e, functionName: 'wasi:clocks/wall-clock/now' } : undefined,
    );

    const again = await reopen(dataDir, templateId);
    // The replay check runs the guest on the host's thread, every call crossing into the imports.
    const expected = await again.executor.checkReplay(templateId, 'w');
    expect(expected?.message).toContain(`entry ${changed} recorded wasi:clocks/wall-clock/now() but the guest called ${MONOTONIC}()`);
    const before = GuestThread.crossings;
    // Replaying the worker for the next invocation finds it, and that invocation fails with it.
    await expect(again.executor.invokeAndAwait(templateId, 'w', INCREMENT, [1])).rejects.toThrow(/previous invocation failed/);
    expect(again.executor.getWorker(templateId, 'w').status).toBe('Failed');
    expect(again.executor.store.worker(templateId, 'w')?.lastError).toContain(expected!.message);
    expect(GuestThread.crossings - before).toBe(1); // the one call the guest thread did not answer: the host found the divergence
  });

  it('monotonic: readings the guest thread makes live stay above those it replayed', async () => {
    const { executor, templateId, dataDir } = await host();
    await executor.createWorker(templateId, 'w');
    await executor.invokeAndAwait(templateId, 'w', INCREMENT, [1]);
    await close(executor);
    // Recorded an hour ahead (a clock that went back since): replay answers them, live ones must go on above.
    const hour = 3_600_000_000_000n;
    rewrite(dataDir, templateId, 'w', (e) => {
      if (e.kind !== 'imported-function-invoked' || e.functionName !== MONOTONIC) return undefined;
      return { ...e, response: { ok: { $bigint: String(BigInt((e.response as { ok: { $bigint: string } }).ok.$bigint) + hour) } } };
    });
    const replayed = readings(storedOplog(dataDir, templateId, 'w'));

    const again = await reopen(dataDir, templateId);
    const crossed = await crossings(() => again.executor.invokeAndAwait(templateId, 'w', INCREMENT, [1]));
    expect(crossed).toBe(0);
    const all = readings(again.executor.getOplog(templateId, 'w'));
    const live = all.slice(replayed.length);
    expect(live.length).toBeGreaterThan(0);
    expect(live[0]).toBeGreaterThan(replayed.at(-1)!);
    for (let i = 1; i < all.length; i++) expect(all[i]).toBeGreaterThan(all[i - 1]);
  });

  it("with the test kit's virtual clock, clock reads cross and read it; random draws are still answered in the guest thread", async () => {
    const start = Date.UTC(2030, 0, 1);
    const { executor, templateId } = await host(undefined, { clock: new VirtualClock(start, 'frozen') });
    await executor.createWorker(templateId, 'w');
    await executor.invokeAndAwait(templateId, 'w', DRAW, []);
    const from = executor.getOplog(templateId, 'w').length + 1;
    const crossed = await crossings(() => executor.invokeAndAwait(templateId, 'w', DRAW, []));
    const oplog = executor.getOplog(templateId, 'w', from);
    const clockReads = imported(oplog).filter((e) => e.functionName.startsWith('wasi:clocks/'));
    expect(clockReads.length).toBeGreaterThan(0);
    expect(crossed).toBe(clockReads.length);
    for (const r of readings(oplog)) expect(r / 1_000_000n).toBe(BigInt(start));
  });
});

describe("the guest thread's journal", () => {
  const pure = (key: string) => PURE_CALLS.get(key)!;
  const monotonicNow = pure('wasi:clocks/monotonic-clock#now');
  const wallNow = pure('wasi:clocks/wall-clock#now');
  const bytes = pure('wasi:random/random#getRandomBytes');

  it('replays the fed entries that match by name and request, counting the markers before them; anything else crosses', () => {
    const cell = new BigInt64Array(1);
    const journal = new GuestJournal(cell);
    const feed = {
      items: [
        [2, 'wasi:clocks/monotonic-clock/now', null, { $bigint: '900' }],
        [0, 'wasi:random/random/get-random-bytes', '[{"$bigint":"2"}]', { $bytes: 'AQI=' }],
        [1, 'wasi:clocks/wall-clock/now', null, { seconds: { $bigint: '7' }, nanoseconds: 5 }],
      ] as [number, string, string | null, unknown][],
      live: false,
      clocks: true,
    };
    // Not in an invocation (instantiating): every call crosses.
    journal.take(feed as never);
    expect(journal.answer(monotonicNow, [])).toBe(CROSS);
    journal.start(feed as never);
    expect(journal.answer(wallNow, [])).toBe(CROSS); // another function than recorded
    expect(journal.answer(monotonicNow, [])).toBe(900n);
    expect(cell[0]).toBe(900n); // later readings stay above it
    expect(journal.answer(bytes, [3n])).toBe(CROSS); // another request than recorded
    expect(journal.answer(bytes, [2n])).toEqual(new Uint8Array([1, 2]));
    expect(journal.pending()).toEqual({ consumed: 4, buffered: [] });
    journal.sent();
    expect(journal.answer(wallNow, [])).toEqual({ seconds: 7n, nanoseconds: 5 });
    // Past the feed, not live: it crosses.
    expect(journal.answer(wallNow, [])).toBe(CROSS);
    expect(journal.stop()).toEqual({ consumed: 2, buffered: [] });
  });

  it('past the feed, live: answers and buffers (clock reads only with the system clock), above the shared monotonic reading, up to a bound', () => {
    const cell = new BigInt64Array([BigInt(Date.now() + 3_600_000) * 1_000_000n]);
    const journal = new GuestJournal(cell);
    journal.start({ items: [], live: true, clocks: false });
    expect(journal.answer(monotonicNow, [])).toBe(CROSS);
    const drawn = journal.answer(bytes, [4n]) as Uint8Array;
    expect(drawn).toHaveLength(4);
    expect(journal.pending().buffered).toEqual([['wasi:random/random/get-random-bytes', [4n], drawn]]);
    journal.take({ items: [], live: true, clocks: true });
    const first = journal.answer(monotonicNow, []) as bigint;
    const second = journal.answer(monotonicNow, []) as bigint;
    expect(first).toBeGreaterThan(BigInt(Date.now() + 3_500_000) * 1_000_000n);
    expect(second).toBeGreaterThan(first);
    expect(cell[0]).toBe(second);
    let answered = 3;
    while (journal.answer(bytes, [1n]) !== CROSS) answered++;
    expect(answered).toBe(1024);
    expect(journal.stop().buffered).toHaveLength(1024);
    expect(journal.answer(bytes, [1n])).toBe(CROSS);
  });
});
