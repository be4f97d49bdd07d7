import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Executor, type ExecutorOptions } from '../../src/host/executor.ts';
import type { WorkerStatus, WorkerSubscription } from '../../src/host/types.ts';

export const tempDir = (prefix = 'golem-ts-host-') => mkdtempSync(join(tmpdir(), prefix));

/** A fresh executor on its own data dir with one template uploaded from `wasmPath`. */
export async function executorWith(wasmPath: string, dataDir = tempDir(), opts: Omit<ExecutorOptions, 'dataDir'> = {}): Promise<{ executor: Executor; templateId: string; dataDir: string }> {
  const executor = await Executor.open({ ...opts, dataDir });
  const template = await executor.addTemplate('fixture', readFileSync(wasmPath));
  return { executor, templateId: template.versionedTemplateId.rawTemplateId, dataDir };
}

export const utf8 = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

/**
 * Resolves once the worker's committed status is `wanted`, from the executor's worker events (no
 * polling); the worker need not exist yet.
 */
export async function untilStatus(executor: Executor, templateId: string, name: string, wanted: WorkerStatus, timeoutMs = 30_000): Promise<void> {
  let sub: WorkerSubscription | undefined;
  let timer: NodeJS.Timeout | undefined;
  const now = () => {
    try {
      return executor.getWorker(templateId, name).status;
    } catch {
      return 'not there';
    }
  };
  try {
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for worker ${name} to be ${wanted} (it is ${now()})`)), timeoutMs);
      sub = executor.subscribe(
        { templateId, workerName: name },
        (e) => (e.type === 'status' || e.type === 'created') && e.status === wanted && resolve(),
        () => reject(new Error(`the host closed while waiting for worker ${name} to be ${wanted}`)),
      );
      if (sub.snapshot[0]?.status === wanted) resolve();
    });
  } finally {
    clearTimeout(timer);
    sub?.close();
  }
}

/** Polls until `check` holds, for what no event announces (the executor resumes workers in the background). */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
