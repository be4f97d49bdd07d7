/**
 * A store that fills up mid-workflow and empties again (SQLite's own `max_page_count`, so no
 * small filesystem is needed): every completion answered true reaches its workflow, a refused
 * one answers STORAGE_FAILED and is retried, no oplog has a hole, memory says what the database
 * says, no worker is Failed — across the full spell, after it, and after a restart.
 */
import { describe, expect, inject, it } from 'vitest';
import { ExecutorError } from '../../src/host/errors.ts';
import { Executor } from '../../src/host/executor.ts';
import { emptyDisk, fillDisk } from '../../src/host/crash-points.ts';
import { executorWith, until, untilStatus, utf8 } from './helpers.ts';

const API = 'golem:underwriting/api';
const WORKERS = 6;

/** Every worker's oplog in the database runs 1..n without a hole, and memory agrees with the database. */
function expectConsistent(executor: Executor, templateId: string, names: string[]): void {
  const db = executor.store.db;
  for (const name of names) {
    const idx = (db.prepare('SELECT idx FROM oplog WHERE template_id = ? AND worker_name = ? ORDER BY idx').all(templateId, name) as { idx: number }[]).map((r) => r.idx);
    expect(idx, `${name}: oplog without holes`).toEqual(idx.map((_, i) => i + 1));
    const row = db.prepare('SELECT status FROM workers WHERE template_id = ? AND name = ?').get(templateId, name) as { status: string };
    expect(row.status, `${name}: not Failed`).not.toBe('Failed');
    expect(executor.getWorker(templateId, name).status, `${name}: memory says what the database says`).toBe(row.status);
  }
}

const verdict = (name: string, noteBytes: number) => ({ verdict: 'approve', 'loading-percent': 10, note: `${name} `.padEnd(noteBytes, '.') });

describe('a disk that fills and empties', () => {
  it('loses no completion answered true, leaves no hole, fails no worker, before and after a restart', { timeout: 180_000 }, async () => {
    const { executor, templateId, dataDir } = await executorWith(inject('underwritingWasm'));
    const names = Array.from({ length: WORKERS }, (_, i) => `applicant-${i}`);
    const promises = new Map<string, number>();
    const decisions = new Map<string, Promise<unknown>>();
    for (const name of names) {
      await executor.createWorker(templateId, name);
      const [submitted] = (await executor.invokeAndAwait(templateId, name, `${API}/submit`, [{ applicant: name, age: 40, coverage: 100_000, smoker: false }])) as [
        { ok: { promise: { 'oplog-idx': number } } },
      ];
      promises.set(name, submitted.ok.promise['oplog-idx']);
      const awaiting = executor.invokeAndAwait(templateId, name, `${API}/await-decision`, []);
      awaiting.catch(() => {}); // observed below
      decisions.set(name, awaiting);
    }
    await Promise.all(names.map((n) => untilStatus(executor, templateId, n, 'Suspended')));

    fillDisk(executor.store.db);
    // Small verdicts fit in the pages the promise rows have; large ones need pages the disk no longer has.
    const notes = new Map(names.map((n, i) => [n, i % 2 === 0 ? 16 : 32_000]));
    const answeredTrue = new Set<string>();
    for (const name of names) {
      try {
        expect(await executor.completePromise(templateId, name, BigInt(promises.get(name)!), utf8(verdict(name, notes.get(name)!)))).toBe(true);
        answeredTrue.add(name);
      } catch (e) {
        expect(e).toBeInstanceOf(ExecutorError);
        expect((e as ExecutorError).code).toBe('STORAGE_FAILED');
        expect((e as Error).message).toMatch(/database or disk is full/);
        expect(executor.listPromises(templateId, name).find((p) => p.oplogIdx === promises.get(name))?.state, `${name}: a refused completion leaves the promise pending`).toBe('pending');
      }
    }
    expect(answeredTrue.size, 'some completions fit, some did not').toBeGreaterThan(0);
    expect(answeredTrue.size).toBeLessThan(WORKERS);

    // The completed workers resume and hit the full disk: each such run is dropped like a crash.
    await until(() => executor.counters.storageFailures >= answeredTrue.size, 'the resumed workers to meet the full disk');
    expectConsistent(executor, templateId, names);

    emptyDisk(executor.store.db);
    for (const name of names.filter((n) => !answeredTrue.has(n))) {
      expect(await executor.completePromise(templateId, name, BigInt(promises.get(name)!), utf8(verdict(name, notes.get(name)!)))).toBe(true);
    }
    // Every workflow goes on: the callers still waiting on await-decision get their decisions.
    for (const name of names) {
      const [decided] = (await decisions.get(name)) as [{ ok: { approved: boolean; reason: string } }];
      expect(decided.ok, name).toMatchObject({ approved: true, reason: verdict(name, notes.get(name)!).note });
    }
    expectConsistent(executor, templateId, names);

    await executor.close();
    const restarted = await Executor.open({ dataDir });
    try {
      await restarted.recover();
      expectConsistent(restarted, templateId, names);
      for (const name of names) {
        expect(restarted.getWorker(templateId, name).status, name).toBe('Idle');
        const [decided] = (await restarted.invokeAndAwait(templateId, name, `${API}/decision`, [])) as [{ approved: boolean; reason: string } | null];
        expect(decided, name).toMatchObject({ approved: true, reason: verdict(name, notes.get(name)!).note });
        const oplog = restarted.getOplog(templateId, name);
        expect(oplog.filter((e) => e.kind === 'exported-function-invoked' && e.functionName === `${API}/await-decision`), name).toHaveLength(1);
      }
    } finally {
      await restarted.close();
    }
  });
});
