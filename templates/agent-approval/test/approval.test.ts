import { describe, expect, it } from 'vitest';
import { createTestHost } from 'golem-ts/testing';

const project = new URL('..', import.meta.url);

describe('ApprovalAgent', () => {
  it('waits for the decision durably, across a host crash', async () => {
    await using host = await createTestHost(); // always-replay and virtual time are on
    const agent = await host.agent(project, 'ApprovalAgent("a-1")');
    const decision = agent.invoke('request', 'expense #42');
    await agent.waitFor('Suspended');
    const [pending] = agent.pendingPromises();
    await host.restart(); // kill -9 while the agent waits: it stays suspended, the call stays pending
    await host.advanceTime(24 * 3600_000); // a day passes: a promise has no timeout of its own
    expect(agent.status()).toBe('Suspended');
    expect(await pending.complete('approved')).toBe(true);
    expect(await decision).toBe('a-1: expense #42 approved');
    expect(await agent.invoke('history')).toEqual(['expense #42: approved']);
  });
});
