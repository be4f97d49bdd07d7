import { afterEach, describe, expect, inject, it } from 'vitest';
import type { Executor } from '../../src/host/executor.ts';
import { executorWith, untilStatus, utf8 } from './helpers.ts';

const wasm = inject('agentWasm');
/** An agent's first call instantiates an 11 MB guest: seconds alone, more beside other test files. */
const SLOW = 120_000;
const open: Executor[] = [];
afterEach(async () => {
  for (const e of open.splice(0)) await e.close();
});

async function host(dataDir?: string) {
  const h = await executorWith(wasm, dataDir);
  open.push(h.executor);
  return h;
}

describe('Golem 1.5 agents on the host', { timeout: 300_000 }, () => {
  it('a counter agent keeps its state across invocations', async () => {
    const { executor, templateId } = await host();
    const agents = executor.agents;
    expect(await agents.invoke(templateId, 'CounterAgent("c1")', 'increment', [2])).toBe(2);
    expect(await agents.invoke(templateId, 'CounterAgent("c1")', 'increment', [3])).toBe(5);
    expect(await agents.invoke(templateId, 'CounterAgent("c1")', 'describe', [])).toEqual({ name: 'c1', value: 5 });
  });
});

describe('a promise-awaiting agent', { timeout: 300_000 }, () => {
  it('suspends on a pending promise, resumes on completion; the oplog replays', async () => {
    const { executor, templateId } = await host();
    const id = 'ApprovalAgent("a-1")';
    await executor.agents.invoke(templateId, id, 'history', []);
    await executor.agents.invoke(templateId, id, 'approve', ['doc'], { mode: 'schedule' });
    await untilStatus(executor, templateId, id, 'Suspended', SLOW);
    const pending = executor.listPromises(templateId, id).filter((p) => p.state === 'pending');
    expect(pending).toHaveLength(1);
    expect(await executor.completePromise(templateId, id, BigInt(pending[0].oplogIdx), utf8('yes'))).toBe(true);
    await untilStatus(executor, templateId, id, 'Idle', SLOW);
    expect(await executor.agents.invoke(templateId, id, 'history', [])).toEqual(['doc: yes']);
    expect(await executor.checkReplay(templateId, id)).toBeUndefined();
  });

  it('a host crash while suspended: resumed by replay, the recorded oplog stays as it was (effects once)', async () => {
    const first = await host();
    const id = 'ApprovalAgent("k-1")';
    await first.executor.agents.invoke(first.templateId, id, 'approve', ['doc'], { mode: 'schedule' });
    await untilStatus(first.executor, first.templateId, id, 'Suspended', SLOW);
    const before = first.executor.getOplog(first.templateId, id);
    // kill -9 in-process: the store closes with nothing more written.
    first.executor.store.db.close();
    first.executor.close().catch(() => {});
    open.splice(open.indexOf(first.executor), 1);
    const { Executor } = await import('../../src/host/executor.ts');
    const again = await Executor.open({ dataDir: first.dataDir });
    open.push(again);
    await again.recover();
    const [pending] = again.listPromises(first.templateId, id).filter((p) => p.state === 'pending');
    expect(await again.completePromise(first.templateId, id, BigInt(pending.oplogIdx), utf8('ok'))).toBe(true);
    await untilStatus(again, first.templateId, id, 'Idle', SLOW);
    const after = again.getOplog(first.templateId, id);
    // Replay answered every host call from the oplog: nothing before the crash was written again.
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).filter((e) => e.kind === 'imported-function-invoked' && e.functionName === 'golem:api/host/create-promise')).toEqual([]);
    // And the whole oplog replays in a fresh instance with every host call matched (none unrecorded).
    expect(await again.checkReplay(first.templateId, id)).toBeUndefined();
    expect(await again.agents.invoke(first.templateId, id, 'history', [])).toEqual(['doc: ok']);
  });

  it('console output reaches the host (stdout; console.error through wasi:logging to stderr), once: not again on replay', async () => {
    const out: string[] = [];
    const { executor, templateId } = await executorWith(wasm, undefined, { onOutput: (worker, stream, text) => out.push(`${worker} ${stream} ${text}`) });
    open.push(executor);
    expect(await executor.agents.invoke(templateId, 'CounterAgent("o")', 'increment', [-2])).toBe(-2);
    expect(await executor.checkReplay(templateId, 'CounterAgent("o")')).toBeUndefined();
    expect(out).toHaveLength(2);
    expect(out[0]).toBe('CounterAgent("o") stdout adding -2\n');
    expect(out[1]).toMatch(/^CounterAgent\("o"\) stderr .*going down by 2\n$/);
  });

  it('a function the host does not provide traps with its interface and function', async () => {
    const { executor, templateId } = await host();
    await expect(executor.agents.invoke(templateId, 'CounterAgent("t")', 'selfMetadata', [])).rejects.toThrow(/golem:api\/host@1\.5\.0\.\{get-self-metadata\} is not provided by the golem-ts host/);
  });

  it('a restarted host rebuilds the agent by replay and goes on', async () => {
    const first = await host();
    const id = 'CounterAgent("r")';
    expect(await first.executor.agents.invoke(first.templateId, id, 'increment', [4])).toBe(4);
    await first.executor.close();
    open.splice(open.indexOf(first.executor), 1);
    const { Executor } = await import('../../src/host/executor.ts');
    const again = await Executor.open({ dataDir: first.dataDir });
    open.push(again);
    expect(await again.agents.invoke(first.templateId, id, 'increment', [1])).toBe(5);
  });

  it('refuses agent ids it cannot read, and unknown agent types, as bad requests', async () => {
    const { executor, templateId } = await host();
    await expect(executor.agents.invoke(templateId, 'CounterAgent({a: 1})', 'increment', [1])).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(executor.agents.invoke(templateId, 'Nope("x")', 'increment', [1])).rejects.toThrow(/agent type Nope not found/);
    await expect(executor.agents.invoke(templateId, 'CounterAgent("x")', 'increment', ['one'])).rejects.toThrow(/expected a number/);
  });
});
