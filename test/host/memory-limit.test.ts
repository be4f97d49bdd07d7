import { afterEach, describe, expect, inject, it } from 'vitest';
import { GolemClient } from '../../src/client/index.ts';
import type { Executor } from '../../src/host/executor.ts';
import { capMemory } from '../../src/host/memory-limit.ts';
import { startServer } from '../../src/server/index.ts';
import { createTestHost } from '../../src/testing/index.ts';
import { executorWith } from './helpers.ts';
import { componentFromWat } from './wat.ts';

/** A guest's memory may grow to the host's limit and no further; beyond it the invocation fails as out of memory. */

const MiB = 2 ** 20;
const LIMIT = 64 * MiB;
const HOLD = 'test:memory-bomb/api.{hold}';
const BOMB = 'test:memory-bomb/api.{bomb}';
const OUT_OF_MEMORY = /^(invocation failed: )?out of memory: .*limit of 64 MiB per guest \(--max-guest-memory\)/;

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0).reverse()) await o.close();
});

async function host(): Promise<{ executor: Executor; templateId: string }> {
  const { executor, templateId } = await executorWith(inject('memoryBombWasm'), undefined, { maxGuestMemory: LIMIT });
  opened.push(executor);
  return { executor, templateId };
}

const errorEntries = (executor: Executor, templateId: string, worker: string) =>
  executor.getOplog(templateId, worker).flatMap((e) => (e.kind === 'error' ? [e.error] : []));

describe('capMemory', () => {
  const PAGE = 65536;
  const grow = async (wat: string, cap: number, pages: number) => {
    const bytes = capMemory((await componentFromWat(wat)) as Uint8Array<ArrayBuffer>, cap);
    const { instance } = await WebAssembly.instantiate(bytes);
    const memory = instance.exports.memory as WebAssembly.Memory;
    memory.grow(pages);
    return memory.buffer.byteLength / PAGE;
  };

  it('gives a memory without a maximum one, so growing beyond it fails', async () => {
    const wat = '(module (memory (export "memory") 1))';
    await expect(grow(wat, 4 * PAGE, 3)).resolves.toBe(4);
    await expect(grow(wat, 4 * PAGE, 4)).rejects.toThrow(RangeError);
  });

  it('lowers a larger maximum and keeps a smaller one', async () => {
    await expect(grow('(module (memory (export "memory") 1 100))', 4 * PAGE, 4)).rejects.toThrow(RangeError);
    await expect(grow('(module (memory (export "memory") 1 100))', 4 * PAGE, 3)).resolves.toBe(4);
    const small = (await componentFromWat('(module (memory (export "memory") 1 2))')) as Uint8Array<ArrayBuffer>;
    expect(capMemory(small, 4 * PAGE)).toBe(small);
  });

  it('leaves imported memories alone and refuses a memory that starts over the cap', async () => {
    const imported = (await componentFromWat('(module (import "env" "memory" (memory 1)))')) as Uint8Array<ArrayBuffer>;
    expect(capMemory(imported, 4 * PAGE)).toBe(imported);
    const big = (await componentFromWat('(module (memory 8))')) as Uint8Array<ArrayBuffer>;
    expect(() => capMemory(big, 4 * PAGE)).toThrow("out of memory: the guest's memory starts at 0.5 MiB, over the host's limit of 0.3 MiB per guest (--max-guest-memory)");
  });
});

describe('a memory limit per guest', () => {
  it('fails a guest that allocates without bound as out of memory, in the answer and the oplog; other workers keep running', async () => {
    const { executor, templateId } = await host();
    await executor.createWorker(templateId, 'bystander');
    await executor.createWorker(templateId, 'bomb');
    expect(await executor.invokeAndAwait(templateId, 'bystander', HOLD, [8])).toEqual([8]);

    const error = await executor.invokeAndAwait(templateId, 'bomb', BOMB, []).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(OUT_OF_MEMORY);
    expect(executor.getWorker(templateId, 'bomb').status).toBe('Failed');
    // Every attempt (the trap is retried per the default policy) recorded the same cause.
    const errors = errorEntries(executor, templateId, 'bomb');
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e).toMatch(OUT_OF_MEMORY);

    // The bystander kept its live instance (no replay) and may still use memory up to near the limit.
    expect(executor.liveInstances()).toContain(`${templateId}/bystander`);
    const instantiations = executor.counters.instantiations;
    expect(await executor.invokeAndAwait(templateId, 'bystander', HOLD, [24])).toEqual([32]);
    expect(executor.counters.instantiations).toBe(instantiations);
    expect(executor.getWorker(templateId, 'bystander').status).toBe('Idle');
  });

  it('says so in the REST answer', async () => {
    const { executor, templateId } = await host();
    const server = await startServer({ executor, port: 0 });
    opened.push(server);
    const client = new GolemClient({ url: server.url });
    await client.createWorker(templateId, 'bomb');
    const error = await client.invokeAndAwait(templateId, 'bomb', BOMB, []).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/out of memory: .*limit of 64 MiB per guest/);
    const oplog = await client.getOplog(templateId, 'bomb');
    expect(oplog.filter((e) => e.kind === 'error').map((e) => (e as { error: string }).error)).toEqual(expect.arrayContaining([expect.stringMatching(OUT_OF_MEMORY)]));
  });

  it('is an option of the test kit', async () => {
    const kit = await createTestHost({ maxGuestMemory: LIMIT });
    opened.push(kit);
    const worker = await kit.worker(await kit.template(inject('memoryBombWasm')), 'bomb');
    await expect(worker.invoke(BOMB)).rejects.toThrow(/out of memory: .*limit of 64 MiB per guest/);
  });
});
