import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { buildAgentProject } from '../../src/build/index.ts';
import { createTestHost, DeterminismError } from '../../src/testing/index.ts';

const project = fileURLToPath(new URL('../fixtures/agents', import.meta.url));

describe('the test kit drives Golem 1.5 agents', { timeout: 300_000 }, () => {
  it('an agent project: invoke with plain JSON, always-replay on', async () => {
    await using host = await createTestHost();
    const counter = await host.agent(project, 'CounterAgent("c1")');
    expect(await counter.invoke('increment', 2)).toBe(2);
    expect(await counter.invoke('increment', 3)).toBe(5);
    expect(await counter.invoke('describe')).toEqual({ name: 'c1', value: 5 });
    expect(counter.oplog().filter((e) => e.kind === 'exported-function-invoked')).toHaveLength(4); // initialize + 3
  });

  it('a pending promise: the call waits across restart() and settles on complete', async () => {
    await using host = await createTestHost();
    const agent = await host.agent(inject('agentWasm'), 'ApprovalAgent("a-1")');
    expect(agent.pendingPromises()).toEqual([]);
    const decision = agent.invoke('approve', 'contract');
    await agent.waitFor('Suspended');
    const [pending] = agent.pendingPromises();
    expect(pending.awaitedBy?.functionName).toBe('golem:agent/guest@1.5.0/invoke');
    await host.restart();
    expect(agent.status()).toBe('Suspended');
    await host.advanceTime(3600_000); // a promise wait is not a timer: still suspended
    expect(agent.status()).toBe('Suspended');
    expect(await pending.complete('approved')).toBe(true);
    expect(await decision).toBe('a-1 contract: approved');
    expect(await agent.invoke('history')).toEqual(['contract: approved']);
    await agent.replay();
  });

  it('a promise awaited with a deadline: the agent sleeps until either comes', async () => {
    await using host = await createTestHost({ time: 'frozen' });
    const agent = await host.agent(inject('agentWasm'), 'ApprovalAgent("d-1")');
    const late = agent.invoke('approveWithin', 'late', 3600_000);
    await agent.waitFor('Suspended');
    await host.advanceTime(3600_000); // the deadline passes: the agent resumes and gives up
    expect(await late).toBe('no answer in time');

    const early = agent.invoke('approveWithin', 'early', 3600_000);
    await agent.waitFor('Suspended');
    const [pending] = agent.pendingPromises().slice(-1);
    expect(await pending.complete('yes')).toBe(true);
    expect(await early).toBe('yes');
    expect(await agent.invoke('history')).toEqual(['late: no answer in time', 'early: yes']);
  });

  it('replay against a version whose agent makes other host calls: DeterminismError', async () => {
    // The same project with one more host call in CounterAgent.increment (in the repository's .golem-ts/, ignored by git).
    const variant = fileURLToPath(new URL('../../.golem-ts/agents-variant', import.meta.url));
    rmSync(variant, { recursive: true, force: true });
    cpSync(project, variant, { recursive: true, filter: (src) => !src.includes('golem-temp') });
    const source = join(variant, 'src', 'counter-agent.ts');
    const text = readFileSync(source, 'utf8').replace('this.value += by;', 'generateIdempotencyKey();\n    this.value += by;').replace('getSelfMetadata }', 'getSelfMetadata, generateIdempotencyKey }');
    writeFileSync(source, text);
    const { components } = await buildAgentProject(variant);

    await using host = await createTestHost();
    const agent = await host.agent(inject('agentWasm'), 'CounterAgent("v")');
    expect(await agent.invoke('increment', 1)).toBe(1);
    const version = await host.updateTemplate(agent.componentId, readFileSync(components[0].out));
    await agent.replay(); // its own version replays
    await expect(agent.replay({ templateVersion: version })).rejects.toBeInstanceOf(DeterminismError);
  });
});
