/**
 * Worker events (src/host/status-events.ts): a real underwriting worker's status changes arrive
 * in order, with a snapshot taken in the same turn as the subscription; a status the store
 * rolls back (a full disk) is never announced; subscriptions end with the host and are bounded.
 */
import { describe, expect, inject, it } from 'vitest';
import { emptyDisk, fillDisk } from '../../src/host/crash-points.ts';
import { ExecutorError } from '../../src/host/errors.ts';
import type { Executor } from '../../src/host/executor.ts';
import { WorkerEvents } from '../../src/host/status-events.ts';
import { Store } from '../../src/host/store.ts';
import type { WorkerEvent, WorkerEventFilter } from '../../src/host/types.ts';
import { executorWith, tempDir, utf8 } from './helpers.ts';

const API = 'golem:underwriting/api';
const application = (applicant: string) => ({ applicant, age: 40, coverage: 100_000, smoker: false });

/** Every event of `filter`, and a way to wait (on the events themselves, no polling) until they say something. */
function record(executor: Executor, filter: WorkerEventFilter) {
  const events: WorkerEvent[] = [];
  let wake = () => {};
  let ended = false;
  const sub = executor.subscribe(
    filter,
    (e) => {
      events.push(e);
      wake();
    },
    () => {
      ended = true;
      wake();
    },
  );
  const until = async (check: (events: WorkerEvent[]) => boolean) => {
    while (!check(events)) {
      if (ended) throw new Error(`the subscription ended first; events: ${JSON.stringify(events)}`);
      await new Promise<void>((r) => (wake = r));
    }
  };
  return { events, sub, until, ended: () => ended };
}

const statuses = (events: WorkerEvent[], worker?: string) =>
  events.filter((e) => e.type === 'status' && (worker === undefined || e.workerId.workerName === worker)).map((e) => (e.type === 'status' ? `${e.previous}→${e.status}` : ''));

describe('worker events', () => {
  it('announce created, Running → Suspended, the completion and Running → Idle of a real workflow, in order', { timeout: 120_000 }, async () => {
    const { executor, templateId } = await executorWith(inject('underwritingWasm'));
    try {
      const all = record(executor, { templateId });
      expect(all.sub.snapshot).toEqual([]);
      await executor.createWorker(templateId, 'w1');
      const one = record(executor, { templateId, workerName: 'w1' });
      expect(one.sub.snapshot.map((w) => [w.workerId.workerName, w.status])).toEqual([['w1', 'Idle']]);

      const [submitted] = (await executor.invokeAndAwait(templateId, 'w1', `${API}/submit`, [application('Ada')])) as [{ ok: { promise: { 'oplog-idx': number } } }];
      const decision = executor.invokeAndAwait(templateId, 'w1', `${API}/await-decision`, []);
      await one.until((es) => statuses(es).at(-1) === 'Running→Suspended');
      // The snapshot of a subscriber arriving now is the committed Suspended.
      const late = record(executor, { templateId, workerName: 'w1' });
      expect(late.sub.snapshot[0].status).toBe('Suspended');

      const idx = submitted.ok.promise['oplog-idx'];
      expect(await executor.completePromise(templateId, 'w1', BigInt(idx), utf8({ verdict: 'approve', 'loading-percent': 0, note: 'ok' }))).toBe(true);
      await decision;
      await one.until((es) => statuses(es).at(-1)?.endsWith('→Idle') === true);

      expect(all.events[0]).toMatchObject({ type: 'created', workerId: { rawTemplateId: templateId, workerName: 'w1' }, status: 'Idle' });
      // submit: Idle → Running → Idle; await-decision: Idle → Running → Suspended; the completion resumes it (hot: Suspended → Running) to Idle.
      expect(statuses(one.events)).toEqual(['Idle→Running', 'Running→Idle', 'Idle→Running', 'Running→Suspended', 'Suspended→Running', 'Running→Idle']);
      expect(statuses(late.events)).toEqual(['Suspended→Running', 'Running→Idle']);
      const completed = one.events.findIndex((e) => e.type === 'promise-completed');
      expect(one.events[completed]).toMatchObject({ type: 'promise-completed', oplogIdx: idx });
      expect(statuses(one.events.slice(0, completed)).at(-1), 'the completion comes after the suspension, before the resume').toBe('Running→Suspended');
      // Events and the status as read agree: the last one is what getWorker says.
      expect(executor.getWorker(templateId, 'w1').status).toBe('Idle');
      for (const e of one.events) expect(Date.parse(e.at)).not.toBeNaN();

      one.sub.close();
      late.sub.close();
      await executor.deleteWorker(templateId, 'w1');
      expect(all.events.at(-1)).toMatchObject({ type: 'deleted', workerId: { workerName: 'w1' } });
      expect(one.events.some((e) => e.type === 'deleted'), 'a closed subscription hears nothing more').toBe(false);
    } finally {
      await executor.close();
    }
  });

  it('never announce a status the store rolled back (a full disk), and announce the one it commits after', { timeout: 120_000 }, async () => {
    const { executor, templateId } = await executorWith(inject('underwritingWasm'));
    try {
      await executor.createWorker(templateId, 'full');
      // Instantiated before the disk fills: what follows is the invocation's own writes.
      await executor.invokeAndAwait(templateId, 'full', `${API}/decision`, []);
      const rec = record(executor, { templateId, workerName: 'full' });
      fillDisk(executor.store.db);
      // The worker is Running (deferred, in memory) until its first effect's write is refused.
      const refused = await executor.invokeAndAwait(templateId, 'full', `${API}/submit`, [application('x'.repeat(40_000))]).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(ExecutorError);
      expect((refused as ExecutorError).code).toBe('STORAGE_FAILED');
      expect(executor.counters.storageFailures).toBeGreaterThan(0);
      expect(rec.events, 'the Running that never committed was not announced').toEqual([]);
      expect(executor.getWorker(templateId, 'full').status).toBe('Idle');

      emptyDisk(executor.store.db);
      await executor.invokeAndAwait(templateId, 'full', `${API}/submit`, [application('Ada')]);
      expect(statuses(rec.events)).toEqual(['Idle→Running', 'Running→Idle']);
    } finally {
      await executor.close();
    }
  });

  it('end with the host, and a closed or ended subscription holds no listener', async () => {
    const { executor, templateId } = await executorWith(inject('underwritingWasm'));
    const events = (executor as unknown as { events: WorkerEvents }).events;
    const a = record(executor, { templateId });
    const b = record(executor, { templateId, workerName: 'nobody-yet' });
    expect(b.sub.snapshot).toEqual([]);
    expect(events.size).toBe(2);
    a.sub.close();
    a.sub.close();
    expect(events.size).toBe(1);
    expect(() => executor.subscribe({ templateId: '00000000-0000-4000-8000-00000000dead' }, () => {})).toThrow(/not found/);
    expect(events.size).toBe(1);
    await executor.close();
    expect(b.ended()).toBe(true);
    expect(a.ended(), 'a subscription closed before is not ended again').toBe(false);
    expect(events.size).toBe(0);
  });
});

describe('WorkerEvents', () => {
  it('bounds the subscriptions it holds, and drops a listener that throws', () => {
    const events = new WorkerEvents(2);
    const T = '00000000-0000-4000-8000-000000000001';
    const heard: string[] = [];
    let ended = 0;
    events.subscribe({ templateId: T }, () => {
      throw new Error('broken consumer');
    }, () => ended++);
    const close = events.subscribe({ templateId: T, workerName: 'w' }, (e) => heard.push(e.type));
    expect(() => events.subscribe({ templateId: T }, () => {})).toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED' }));
    events.statusChange(T, 'w', 'Idle', 'Running')();
    events.statusChange(T, 'other', 'Idle', 'Running')();
    expect(heard).toEqual(['status']);
    expect(ended).toBe(1);
    expect(events.size).toBe(1);
    close();
    expect(events.size).toBe(0);
  });
});

describe('Store.updateWorker tells of a status change only once it is committed', () => {
  const T = '00000000-0000-4000-8000-000000000001';
  const storeWithWorker = () => {
    const store = new Store(tempDir('golem-ts-store-'));
    store.insertWorker({ templateId: T, name: 'w', templateVersion: 0, args: [], env: [], status: 'Idle', retryCount: 0, createdAt: 'now', lastError: null });
    return store;
  };
  const big = { kind: 'error', error: 'x'.repeat(20_000) } as const;

  it('inside a transaction: after the commit, never after a rollback', () => {
    const store = storeWithWorker();
    const told: string[] = [];
    store.transaction(() => {
      store.updateWorker(T, 'w', { status: 'Running' }, false, () => told.push('Running'));
      expect(told, 'not before the commit').toEqual([]);
    });
    expect(told).toEqual(['Running']);
    fillDisk(store.db);
    expect(() =>
      store.transaction(() => {
        store.updateWorker(T, 'w', { status: 'Suspended' }, false, () => told.push('Suspended'));
        store.appendOplog(T, 'w', big);
      }),
    ).toThrow(/database or disk is full/);
    expect(told).toEqual(['Running']);
    store.close();
  });

  it('deferred: with the write that carries it; never when it is forgotten', () => {
    const store = storeWithWorker();
    const told: string[] = [];
    store.updateWorker(T, 'w', { status: 'Running' }, true, () => told.push('Running'));
    expect(told).toEqual([]);
    fillDisk(store.db);
    expect(() => store.appendOplog(T, 'w', big)).toThrow(/database or disk is full/);
    expect(told, 'a refused flush tells nothing').toEqual([]);
    emptyDisk(store.db);
    store.appendOplog(T, 'w', { kind: 'interrupted' });
    expect(told).toEqual(['Running']);

    store.updateWorker(T, 'w', { status: 'Idle' }, true, () => told.push('Idle'));
    store.forgetUncommitted(T, 'w');
    store.appendOplog(T, 'w', { kind: 'interrupted' });
    expect(told, 'forgotten as a crash forgets it').toEqual(['Running']);
    store.close();
  });
});
