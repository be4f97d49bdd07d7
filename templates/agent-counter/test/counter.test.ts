import { describe, expect, it } from 'vitest';
import { createTestHost } from 'golem-ts/testing';

/** This project's directory: the kit builds it as `golem build` would and uploads the component. */
const project = new URL('..', import.meta.url);

describe('CounterAgent', () => {
  it('counts durably: a host crash loses nothing, and every call replays', async () => {
    await using host = await createTestHost(); // always-replay and virtual time are on
    const counter = await host.agent(project, 'CounterAgent("c1")');
    expect(await counter.invoke('increment')).toBe(1);
    expect(await counter.invoke('add', 41)).toBe(42);
    await host.restart(); // kill -9: the agent comes back by replaying its oplog
    expect(await counter.invoke('increment')).toBe(43);
    expect(await counter.invoke('get')).toEqual({ name: 'c1', value: 43 });
  });

  it('keeps one state per agent id', async () => {
    await using host = await createTestHost();
    const a = await host.agent(project, 'CounterAgent("a")');
    const b = await host.agent(project, 'CounterAgent("b")');
    await a.invoke('add', 5);
    expect(await b.invoke('increment')).toBe(1);
    expect(await a.invoke('get')).toEqual({ name: 'a', value: 5 });
  });
});
