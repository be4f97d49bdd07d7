import { describe, expect, it } from 'vitest';
import { createTestHost } from 'golem-ts/testing';

const project = new URL('..', import.meta.url);

describe('ApprovalAgent', () => {
  it('waits for the decision durably, across a host crash', async () => {
    await using host = await createTestHost(); // always-replay and virtual time are on
    const agent = await host.agent(project, 'ApprovalAgent("a-1")');
    const decision = agent.invoke('request', 'expense #42', 48);
    await agent.waitFor('Suspended');
    const [pending] = agent.pendingPromises();
    await host.restart(); // kill -9 while the agent waits: it stays suspended, the call stays pending
    await host.advanceTime(24 * 3600_000); // a day of the two passes: still waiting
    expect(agent.status()).toBe('Suspended');
    expect(await pending.complete('approved')).toBe(true);
    expect(await decision).toBe('a-1: expense #42 approved');
    expect(await agent.invoke('history')).toEqual(['expense #42: approved']);
  });

  it('gives up when the deadline passes (virtual time: no real waiting)', async () => {
    await using host = await createTestHost({ time: 'frozen' });
    const agent = await host.agent(project, 'ApprovalAgent("a-2")');
    const decision = agent.invoke('request', 'expense #43', 48);
    await agent.waitFor('Suspended');
    await host.advanceTime(48 * 3600_000);
    expect(await decision).toBe('a-2: expense #43 expired');
    expect(agent.pendingPromises()).toHaveLength(1); // nobody completed it; it stays pending
  });
});
