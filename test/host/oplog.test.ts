import { describe, expect, it } from 'vitest';
import { describeSuspend, Entry, waitIsOver, waitOf, type WaitHost } from '../../src/host/oplog.ts';
import type { OplogEntry, OplogPayload } from '../../src/host/types.ts';

/** Entries as the store returns them: 1-based indexes, a timestamp. */
const log = (...payloads: OplogPayload[]): OplogEntry[] => payloads.map((p, i) => ({ idx: i + 1, timestamp: '2026-01-01T00:00:00.000Z', ...p }));
const promise = { templateId: 't', workerName: 'w', oplogIdx: 3 };
const host = (over: Partial<WaitHost> = {}): WaitHost => ({ now: () => 1_000, pending: () => true, answered: () => false, ...over });
const start = [Entry.create(0, [], []), Entry.exportedFunctionInvoked('f', [], null)];

describe('the oplog vocabulary: what a stopped worker waits for', () => {
  it('reads each suspend shape as its wait; interrupted markers after it do not end it', () => {
    expect(waitOf(log(...start, Entry.suspendOnPromise(promise)))).toEqual({ kind: 'promise', promise });
    expect(waitOf(log(...start, Entry.suspendOnPromise(promise, 5_000), Entry.interrupted()))).toEqual({ kind: 'promise', promise, until: 5_000 });
    expect(waitOf(log(...start, Entry.suspendUntil(5_000)))).toEqual({ kind: 'timer', until: 5_000 });
    expect(waitOf(log(...start, Entry.importedFunctionInvoked('golem:rpc/types/wasm-rpc.invoke', 'WriteRemote', null), Entry.suspendOnRpc(3)))).toEqual({ kind: 'rpc', call: 3 });
    expect(waitOf(log(...start, Entry.suspendOnRpc(3), Entry.exportedFunctionCompleted([])))).toEqual({ kind: 'nothing' });
  });

  it('an old oplog with a bare suspend still reads as the unknown wait, over whenever the worker is Suspended', () => {
    const wait = waitOf(log(...start, { kind: 'suspend' }));
    expect(wait).toEqual({ kind: 'unknown' });
    expect(waitIsOver(wait!, 'Suspended', host())).toBe(true);
    expect(waitIsOver(wait!, 'Interrupted', host())).toBe(false);
  });

  it('an rpc wait is over once the call has an outcome (or is gone), whatever the status', () => {
    const wait = { kind: 'rpc', call: 3 } as const;
    expect(waitIsOver(wait, 'Suspended', host())).toBe(false);
    expect(waitIsOver(wait, 'Suspended', host({ answered: (c) => c === 3 }))).toBe(true);
    expect(waitIsOver(wait, 'Interrupted', host({ answered: () => true }))).toBe(true);
  });

  it('describes each suspend for people', () => {
    const [s] = log(Entry.suspendOnRpc(4)) as [Extract<OplogEntry, { kind: 'suspend' }>];
    expect(describeSuspend(s)).toBe('awaiting the answer to rpc call 4');
    const [p] = log(Entry.suspendOnPromise(promise)) as [Extract<OplogEntry, { kind: 'suspend' }>];
    expect(describeSuspend(p)).toBe('awaiting promise 3');
    const [bare] = log({ kind: 'suspend' }) as [Extract<OplogEntry, { kind: 'suspend' }>];
    expect(describeSuspend(bare)).toBe('');
  });
});
