/** `golem-ts agent …` and the worker commands on agents, as a user runs them against a real server. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestHost, waitForStatus, type TestHost } from '../server/host.ts';
import { compileLib, runCli } from './run-cli.ts';

let host: TestHost;
let componentId: string;
const cli = (...args: string[]) => runCli(args, { GOLEM_TS_URL: host.url });

beforeAll(async () => {
  await compileLib();
  host = await startTestHost();
  componentId = (await host.executor.addTemplate('agents:ts-main', readFileSync(inject('agentWasm')))).versionedTemplateId.rawTemplateId;
});
afterAll(() => host?.close());

describe('golem-ts build of an agent project', () => {
  it('builds it where golem build puts it and names its agents', async () => {
    const project = new URL('../fixtures/agents', import.meta.url).pathname;
    const res = await runCli(['build', project], {}, project);
    expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(res.stdout).toMatch(/^built golem-temp\/agents\/agents_ts_main\.wasm 11\.\d MiB \(ApprovalAgent, CounterAgent\) in /);
  });
});

describe('golem-ts agent', { timeout: 300_000 }, () => {
  it('invokes a method with JSON arguments and prints the result', async () => {
    expect(await cli('agent', 'invoke', 'agents', 'CounterAgent("c1")', 'increment', '2')).toEqual({ code: 0, stdout: '2\n', stderr: '' });
    const described = await cli('agent', 'invoke', 'agents', 'CounterAgent("c1")', 'describe');
    expect(JSON.parse(described.stdout)).toEqual({ name: 'c1', value: 2 });
  });

  it('schedules, lists the pending promise and the oplog, completes it', async () => {
    const id = 'ApprovalAgent("cli")';
    const scheduled = await cli('agent', 'invoke', 'agents', id, 'approve', '"report"', '--schedule');
    expect(scheduled.stdout).toBe(`scheduled approve on ${id} (component ${componentId})\n`);
    await waitForStatus(id, 'Suspended', async () => host.executor.getWorker(componentId, id).status);
    const promises = await cli('promises', componentId, id);
    const idx = /^promise (\d+)  pending/m.exec(promises.stdout)?.[1];
    expect(idx, promises.stdout).toBeDefined();
    expect((await cli('oplog', componentId, id)).stdout).toContain('golem:agent/guest@1.5.0/invoke');
    expect(await cli('agent', 'complete', componentId, id, idx!, 'yes')).toEqual({ code: 0, stdout: `completed promise ${idx} of ${id}\n`, stderr: '' });
    await waitForStatus(id, 'Idle', async () => host.executor.getWorker(componentId, id).status);
    expect(JSON.parse((await cli('agent', 'invoke', 'agents', id, 'history')).stdout)).toEqual(['report: yes']);
  });

  it('reports a bad agent id and a server error in one line', async () => {
    const bad = await cli('agent', 'invoke', 'agents', 'CounterAgent', 'increment');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^golem-ts: Invalid agent id "CounterAgent"/);
    const missing = await cli('agent', 'invoke', 'nope', 'CounterAgent("x")', 'increment', '1');
    expect(missing.stderr).toMatch(/^golem-ts: HTTP 404: no component uploaded for app nope/);
  });
});
