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
    await waitForStatus(host.url, componentId, id, 'Suspended');
    const promises = await cli('promises', componentId, id);
    const idx = /^promise (\d+)  pending/m.exec(promises.stdout)?.[1];
    expect(idx, promises.stdout).toBeDefined();
    expect((await cli('oplog', componentId, id)).stdout).toContain('golem:agent/guest@1.5.0/invoke');
    expect(await cli('agent', 'complete', componentId, id, idx!, 'yes')).toEqual({ code: 0, stdout: `completed promise ${idx} of ${id}\n`, stderr: '' });
    await waitForStatus(host.url, componentId, id, 'Idle');
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

describe('the remote commands with --api golem-1.5', { timeout: 300_000 }, () => {
  const cli15 = (...args: string[]) => runCli(args, { GOLEM_TS_URL: host.url, GOLEM_TS_API: 'golem-1.5', GOLEM_TS_APP: 'agents' });

  it('invokes through invoke-agent, reads and lists agents, completes a promise through the 1.5 route', async () => {
    const id = 'ApprovalAgent("api15")';
    expect(await cli15('invoke', componentId, 'CounterAgent("c15")', 'increment', '5', '--await')).toEqual({ code: 0, stdout: '5\n', stderr: '' });
    expect(await cli15('invoke', componentId, id, 'approve', '"budget"')).toEqual({ code: 0, stdout: `invoked approve on worker ${id}\n`, stderr: '' });
    await waitForStatus(host.url, componentId, id, 'Suspended');
    const got = await cli15('worker', 'get', componentId, id);
    expect(got.code, got.stderr).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({ workerId: { rawTemplateId: componentId, workerName: id }, status: 'Suspended', templateVersion: 0 });
    expect((await cli15('worker', 'list', componentId)).stdout).toMatch(/^ApprovalAgent\("api15"\)  Suspended  v0$/m);
    // Golem 1.5 has no promises route: the seed shape's extension finds the promise to complete.
    const idx = /^promise (\d+)  pending/m.exec((await cli('promises', componentId, id)).stdout)?.[1];
    expect(idx).toBeDefined();
    expect(await cli15('complete', componentId, id, idx!, '--text', 'ok')).toEqual({ code: 0, stdout: `completed promise ${idx} of worker ${id} (2 bytes)\n`, stderr: '' });
    await waitForStatus(host.url, componentId, id, 'Idle');
    expect(JSON.parse((await cli15('invoke', componentId, id, 'history', '--await')).stdout)).toEqual(['budget: ok']);
    expect(await cli15('worker', 'delete', componentId, id)).toEqual({ code: 0, stdout: `deleted worker ${id}\n`, stderr: '' });
    expect(() => host.executor.getWorker(componentId, id)).toThrow();
  });

  it('fails in one line naming the shape where Golem 1.5 has no route, or no app is given', async () => {
    for (const args of [['promises', componentId, 'CounterAgent("c15")'], ['oplog', componentId, 'CounterAgent("c15")'], ['template', 'list']]) {
      const res = await cli15(...args);
      expect(res.code, args.join(' ')).toBe(1);
      expect(res.stderr).toMatch(/^golem-ts: .* is not part of the golem-1\.5 REST API\n$/);
    }
    const noApp = await runCli(['invoke', componentId, 'CounterAgent("c15")', 'increment', '1', '--api', 'golem-1.5'], { GOLEM_TS_URL: host.url });
    expect(noApp.code).toBe(1);
    expect(noApp.stderr).toMatch(/^golem-ts: the golem-1\.5 REST API invokes agents by app: give --app <name>/);
  });
});
