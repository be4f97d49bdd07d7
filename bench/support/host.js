// The bench drives the real durable host (lib/, built from src/) on the host-api test fixture.
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Executor } from '../../lib/host/executor.js';
import { instantiate } from '../../lib/host/instance.js';
import { Durability } from '../../lib/host/durability.js';
import { storePorts } from '../../lib/host/store-ports.js';
import { systemClock } from '../../lib/host/clock.js';
import { until } from './measure.js';

export const FN = {
  increment: 'test:host-api/api/increment',
  waitForText: 'test:host-api/api/wait-for-text',
  spin: 'test:host-api/api/spin',
};

export const dataDir = (what) => mkdtempSync(join(tmpdir(), `golem-ts-bench-${what}-`));

/** An executor on `dir`; uploads the component unless `templateId` (reopening after a restart). */
export async function openHost(dir, wasmPath, templateId, opts = {}) {
  const executor = await Executor.open({ dataDir: dir, ...opts });
  if (!templateId) templateId = (await executor.addTemplate('bench', readFileSync(wasmPath))).versionedTemplateId.rawTemplateId;
  // The template's core modules compile once per host process: part of start-up, not of what is measured.
  await executor.templates.load(templateId, 0);
  return { executor, templateId };
}

export function waitStatus(executor, templateId, name, status) {
  return until(() => executor.getWorker(templateId, name).status === status, `${name} ${status}`);
}

/** Index of the promise a worker suspended in wait-for-text created (its create-promise entry). */
export function promiseIdx(executor, templateId, name) {
  const created = executor.getOplog(templateId, name).findLast((e) => e.kind === 'imported-function-invoked' && e.functionName === 'golem:api/host/create-promise');
  if (!created) throw new Error(`bench: ${name} created no promise`);
  return BigInt(created.idx);
}

/**
 * A fresh instance of the template with the host's imports on this thread, nothing replayed: the
 * instantiation floor, and the raw-call baseline (`.call(path, args)`).
 */
export async function instantiateOnce(executor, templateId, scratchName) {
  const loaded = await executor.templates.load(templateId, 0);
  return instantiate(loaded, scratchContext(executor, templateId, scratchName));
}

/** A worker context for a scratch instance (an empty oplog, nothing replayed), as the executor would make one. */
export function scratchContext(executor, templateId, scratchName) {
  const durability = new Durability(executor.store, templateId, scratchName, []);
  const settings = { retryPolicy: {}, persistenceLevel: { tag: 'smart' }, idempotenceMode: true };
  return { ...storePorts(executor.store), templateId, workerName: scratchName, args: [], env: [], durability, clock: systemClock, settings, output() {}, promiseCompleted() {} };
}

/** Bytes of the SQLite files (database and WAL) in a data dir. */
export function storeBytes(dir) {
  return readdirSync(dir)
    .filter((f) => f.includes('.db') || f.includes('sqlite'))
    .reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

export const utf8 = (s) => new TextEncoder().encode(s);
