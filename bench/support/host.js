// The bench drives the real durable host (lib/, built from src/, of the measured checkout: see
// lib.js) on the host-api test fixture.
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lib } from './lib.js';
import { until } from './measure.js';

const { Executor } = await lib('host/executor.js');
const { instantiate } = await lib('host/instance.js');
const { Durability } = await lib('host/durability.js');
const { storePorts } = await lib('host/store-ports.js');
const { systemClock } = await lib('host/clock.js');

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

/** Fresh instances per second on the host thread, one at a time (p50 of `n`): the instantiation floor as a rate. */
export async function instantiateRate(executor, templateId, tag, n = 10) {
  const ms = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await instantiateOnce(executor, templateId, `floor-${tag}-${i}`);
    ms.push(performance.now() - t0);
  }
  return 1000 / ms.sort((a, b) => a - b)[n >> 1];
}

/** Bytes of the SQLite files (database and WAL) in a data dir. */
export function storeBytes(dir) {
  return readdirSync(dir)
    .filter((f) => f.includes('.db') || f.includes('sqlite'))
    .reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

export const utf8 = (s) => new TextEncoder().encode(s);
