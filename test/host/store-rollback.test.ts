/**
 * The store's in-memory state (last oplog index, deferred entries, cached worker rows) changes
 * only with a commit: a write SQLite refuses leaves memory equal to the database.
 */
import { describe, expect, it } from 'vitest';
import { emptyDisk, fillDisk } from '../../src/host/crash-points.ts';
import { Store } from '../../src/host/store.ts';
import { tempDir } from './helpers.ts';

const T = '00000000-0000-4000-8000-000000000001';

function storeWithWorker(): Store {
  const store = new Store(tempDir('golem-ts-store-'));
  store.transaction(() => {
    store.insertWorker({ templateId: T, name: 'w', templateVersion: 0, args: [], env: [], status: 'Idle', retryCount: 0, createdAt: 'now', lastError: null });
    store.appendOplog(T, 'w', { kind: 'create', templateVersion: 0, args: [], env: {} });
  });
  return store;
}

const dbStatus = (store: Store) => (store.db.prepare('SELECT status FROM workers WHERE template_id = ? AND name = ?').get(T, 'w') as { status: string }).status;
const dbLastIdx = (store: Store) => (store.db.prepare('SELECT MAX(idx) AS m FROM oplog WHERE template_id = ? AND worker_name = ?').get(T, 'w') as { m: number }).m;
const big = { kind: 'error', error: 'x'.repeat(20_000) } as const;

describe('store state after a refused write', () => {
  it('a transaction that does not commit leaves the cached status and the oplog index as the database has them', () => {
    const store = storeWithWorker();
    fillDisk(store.db);
    expect(() =>
      store.transaction(() => {
        store.updateWorker(T, 'w', { status: 'Running' });
        store.appendOplog(T, 'w', big);
      }),
    ).toThrow(/database or disk is full/);
    expect(store.worker(T, 'w')?.status).toBe('Idle');
    expect(dbStatus(store)).toBe('Idle');
    expect(store.lastOplogIndex(T, 'w')).toBe(dbLastIdx(store));
    // Space again: the next entry follows the last committed one, without a hole.
    emptyDisk(store.db);
    expect(store.appendOplog(T, 'w', { kind: 'interrupted' }).idx).toBe(2);
    expect(store.oplog(T, 'w').map((e) => e.idx)).toEqual([1, 2]);
  });

  it('deferred entries and a deferred status survive a refused flush and reach the database with the next one', () => {
    const store = storeWithWorker();
    store.updateWorker(T, 'w', { status: 'Running' }, true);
    store.appendOplog(T, 'w', { kind: 'imported-function-invoked', functionName: 'wasi:clocks/wall-clock/now', response: { ok: 1 }, wrappedFunctionType: 'ReadLocal' }, true);
    fillDisk(store.db);
    expect(() => store.appendOplog(T, 'w', big)).toThrow(/database or disk is full/);
    expect(dbStatus(store)).toBe('Idle');
    expect(dbLastIdx(store)).toBe(1);
    expect(store.lastOplogIndex(T, 'w')).toBe(2); // the deferred entry keeps its index, still pending
    emptyDisk(store.db);
    store.appendOplog(T, 'w', { kind: 'interrupted' });
    expect(store.oplog(T, 'w').map((e) => [e.idx, e.kind])).toEqual([
      [1, 'create'],
      [2, 'imported-function-invoked'],
      [3, 'interrupted'],
    ]);
    expect(dbStatus(store)).toBe('Running');
  });

  it('a status written alone and refused leaves the cache as it was', () => {
    const store = storeWithWorker();
    store.db.pragma('query_only = ON'); // every write refused, like a read-only disk
    expect(() => store.updateWorker(T, 'w', { status: 'Failed', lastError: 'boom' })).toThrow();
    expect(store.worker(T, 'w')).toMatchObject({ status: 'Idle', lastError: null });
  });

  it('forgetting uncommitted changes drops deferred entries and status, as a crash would', () => {
    const store = storeWithWorker();
    store.updateWorker(T, 'w', { status: 'Running' }, true);
    store.appendOplog(T, 'w', { kind: 'interrupted' }, true);
    store.forgetUncommitted(T, 'w');
    expect(store.worker(T, 'w')?.status).toBe('Idle');
    expect(store.lastOplogIndex(T, 'w')).toBe(1);
    expect(store.oplog(T, 'w')).toHaveLength(1);
  });
});
