import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Executor, type ExecutorOptions } from '../../src/host/executor.ts';

export const tempDir = (prefix = 'golem-ts-host-') => mkdtempSync(join(tmpdir(), prefix));

/** A fresh executor on its own data dir with one template uploaded from `wasmPath`. */
export async function executorWith(wasmPath: string, dataDir = tempDir(), opts: Omit<ExecutorOptions, 'dataDir'> = {}): Promise<{ executor: Executor; templateId: string; dataDir: string }> {
  const executor = await Executor.open({ ...opts, dataDir });
  const template = await executor.addTemplate('fixture', readFileSync(wasmPath));
  return { executor, templateId: template.versionedTemplateId.rawTemplateId, dataDir };
}

export const utf8 = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

/** Polls until `check` holds (the executor resumes workers in the background). */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
