import { afterEach, describe, expect, inject, it } from 'vitest';
import type { Executor } from '../../src/host/executor.ts';
import { executorWith, until, utf8 } from './helpers.ts';

const wasm = inject('agentWasm');
const open: Executor[] = [];
afterEach(async () => {
  for (const e of open.splice(0)) await e.close();
});

async function host(dataDir?: string) {
  const h = await executorWith(wasm, dataDir);
  open.push(h.executor);
  return h;
}

describe('Golem 1.5 agents on the host', () => {
  it('a counter agent keeps its state across invocations', async () => {
    const { executor, templateId } = await host();
    const agents = executor.agents;
    expect(await agents.invoke(templateId, 'CounterAgent("c1")', 'increment', [2])).toBe(2);
    expect(await agents.invoke(templateId, 'CounterAgent("c1")', 'increment', [3])).toBe(5);
    expect(await agents.invoke(templateId, 'CounterAgent("c1")', 'describe', [])).toEqual({ name: 'c1', value: 5 });
  });
});
