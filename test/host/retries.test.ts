/**
 * Retries against a real store: the backoff the policy gives, the error entry every trap leaves,
 * the retry-or-fail decision by the worker's retry count, and the jump that makes a retry run an
 * open atomic region again as a whole (and only an open one).
 */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, recordTrap, retryDelayMs, rollBackOpenRegion } from '../../src/host/retries.ts';
import { Store } from '../../src/host/store.ts';
import type { OplogPayload } from '../../src/host/types.ts';
import { tempDir } from './helpers.ts';

const T = '11111111-2222-4333-8444-555555555555';
const stores: { store: Store; dir: string }[] = [];

afterEach(() => {
  for (const { store, dir } of stores.splice(0)) {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A store holding worker `w` with `entries` after its create entry, and `retryCount` retries so far. */
function workerWith(entries: OplogPayload[], retryCount = 0): Store {
  const dir = tempDir('golem-ts-retries-');
  const store = new Store(dir);
  stores.push({ store, dir });
  store.insertWorker({ templateId: T, name: 'w', templateVersion: 0, args: [], env: [], status: 'Running', retryCount, createdAt: new Date(0).toISOString(), lastError: null });
  store.appendOplog(T, 'w', { kind: 'create', templateVersion: 0, args: [], env: {} });
  for (const e of entries) store.appendOplog(T, 'w', e);
  return store;
}

const invoked: OplogPayload = { kind: 'exported-function-invoked', functionName: 'f', request: [], invocationKey: null };
const host = (name: string, response: unknown): OplogPayload => ({ kind: 'imported-function-invoked', functionName: `golem:api/host/${name}`, response, wrappedFunctionType: 'WriteLocal' });
const kvSet: OplogPayload = { kind: 'imported-function-invoked', functionName: 'wasi:keyvalue/eventual/set', response: { ok: null }, wrappedFunctionType: 'WriteRemote' };

describe('retries', () => {
  it('backs off by the policy: minDelay × multiplier^(attempt-1), capped at maxDelay, in ms', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(DEFAULT_RETRY_POLICY, n))).toEqual([100, 300, 900, 1000]);
    expect(retryDelayMs({ maxAttempts: 9, minDelay: 5_000_000, maxDelay: 60_000_000, multiplier: 2 }, 3)).toBe(20);
  });

  it('records the error and retries while attempts remain; outside a region nothing is rolled back', () => {
    const store = workerWith([invoked, kvSet]);
    const decision = recordTrap(store, T, 'w', new Error('boom'), 2, DEFAULT_RETRY_POLICY);
    expect(decision).toEqual({ retry: true, attempts: 1, message: 'boom', delayMs: 100 });
    const oplog = store.oplog(T, 'w');
    expect(oplog.at(-1)).toMatchObject({ kind: 'error', error: 'boom' });
    expect(oplog.some((e) => e.kind === 'jump')).toBe(false);
  });

  it('rolls back an open atomic region with a jump from its begin to the error entry', () => {
    const store = workerWith([invoked, host('mark-begin-operation', { ok: 3 }), kvSet]);
    const decision = recordTrap(store, T, 'w', 'not an Error', 2, DEFAULT_RETRY_POLICY);
    expect(decision).toMatchObject({ retry: true, message: 'not an Error' });
    const [error, jump] = store.oplog(T, 'w').slice(-2);
    expect(error).toMatchObject({ kind: 'error', idx: 5 });
    expect(jump).toEqual(expect.objectContaining({ kind: 'jump', start: 3, end: 5 }));
  });

  it('leaves a closed region alone', () => {
    const store = workerWith([invoked, host('mark-begin-operation', { ok: 3 }), kvSet, host('mark-end-operation', { ok: 3 })]);
    expect(recordTrap(store, T, 'w', new Error('late'), 2, DEFAULT_RETRY_POLICY).retry).toBe(true);
    expect(store.oplog(T, 'w').some((e) => e.kind === 'jump')).toBe(false);
  });

  it('fails without a jump once the attempts are used up', () => {
    const store = workerWith([invoked, host('mark-begin-operation', { ok: 3 }), kvSet], 2);
    expect(recordTrap(store, T, 'w', new Error('again'), 2, DEFAULT_RETRY_POLICY)).toEqual({ retry: false, attempts: 3, message: 'again' });
    expect(store.oplog(T, 'w').at(-1)).toMatchObject({ kind: 'error', error: 'again' });
    expect(store.oplog(T, 'w').some((e) => e.kind === 'jump')).toBe(false);
  });

  it('after a crash, rolls back the region open in the unfinished invocation up to the last entry', () => {
    const store = workerWith([invoked, host('mark-begin-operation', { ok: 3 }), kvSet]);
    rollBackOpenRegion(store, T, 'w');
    expect(store.oplog(T, 'w').at(-1)).toMatchObject({ kind: 'jump', start: 3, end: 4 });
    const finished = workerWith([invoked, kvSet, { kind: 'exported-function-completed', response: [] }]);
    rollBackOpenRegion(finished, T, 'w');
    expect(finished.oplog(T, 'w').some((e) => e.kind === 'jump')).toBe(false);
  });
});
