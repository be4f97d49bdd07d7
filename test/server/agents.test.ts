import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { kill9, serve, type HostProcess } from '../host/host-process.ts';
import { startTestHost, type TestHost } from './host.ts';

const wasm = readFileSync(inject('agentWasm'));
const hosts: TestHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});

const tuple = (...values: unknown[]) => ({ type: 'Tuple', elements: values.map((value) => ({ type: 'ComponentModel', value })) });
const request = (agentTypeName: string, params: unknown[], methodName: string, args: unknown[], mode = 'await') => ({
  appName: 'agents',
  envName: 'local',
  agentTypeName,
  parameters: tuple(...params),
  methodName,
  methodParameters: tuple(...args),
  mode,
});

async function post(url: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}


describe('POST /v1/agents/invoke-agent (Golem 1.5)', { timeout: 300_000 }, () => {
  it('invokes an agent of the component uploaded as <app>:<component>, any envName', async () => {
    const h = await startTestHost();
    hosts.push(h);
    const t = await h.executor.addTemplate('agents:ts-main', wasm);
    const componentId = t.versionedTemplateId.rawTemplateId;
    const first = await post(h.url, '/v1/agents/invoke-agent', request('CounterAgent', ['c1'], 'increment', [2]));
    expect(first).toEqual({ status: 200, body: { agentId: { componentId, agentId: 'CounterAgent("c1")' }, result: tuple(2), componentRevision: 0 } });
    const again = await post(h.url, '/v1/agents/invoke-agent', { ...request('CounterAgent', ['c1'], 'describe', []), envName: 'prod' });
    expect(again.body.result).toEqual(tuple({ name: 'c1', value: 2 }));
    // The same idempotency key: the stored outcome, not a second increment.
    const k1 = await post(h.url, '/v1/agents/invoke-agent', request('CounterAgent', ['c1'], 'increment', [10]), { 'Idempotency-Key': 'once' });
    const k2 = await post(h.url, '/v1/agents/invoke-agent', request('CounterAgent', ['c1'], 'increment', [10]), { 'Idempotency-Key': 'once' });
    expect(k1.body.result).toEqual(tuple(12));
    expect(k2.body.result).toEqual(tuple(12));
  });

  it('answers Golem 1.5 error bodies: 400 {code, errors}, 404 {code, error}', async () => {
    const h = await startTestHost();
    hosts.push(h);
    await h.executor.addTemplate('agents:ts-main', wasm);
    const bad = await post(h.url, '/v1/agents/invoke-agent', { ...request('CounterAgent', ['c1'], 'increment', ['x']) });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_REQUEST', errors: [expect.stringMatching(/expected a number/)] });
    const noApp = await post(h.url, '/v1/agents/invoke-agent', { ...request('CounterAgent', ['c1'], 'increment', [1]), appName: 'other' });
    expect(noApp.status).toBe(404);
    expect(noApp.body).toMatchObject({ code: 'TEMPLATE_NOT_FOUND', error: expect.stringMatching(/no component uploaded for app other/) });
    const noMode = await post(h.url, '/v1/agents/invoke-agent', { ...request('CounterAgent', ['c1'], 'increment', [1]), mode: 'later' });
    expect(noMode.status).toBe(400);
  });
});

describe('a promise-awaiting agent over REST survives kill -9', { timeout: 300_000 }, () => {
  it('schedules, suspends, survives kill -9, resumes on POST .../complete', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'golem-ts-agents-'));
    let host: HostProcess = await serve(dataDir);
    const t = await host.client.addTemplate('agents:ts-main', wasm);
    const componentId = t.versionedTemplateId.rawTemplateId;
    const id = 'ApprovalAgent("a-1")';
    const scheduled = await post(host.url, '/v1/agents/invoke-agent', request('ApprovalAgent', ['a-1'], 'approve', ['doc'], 'schedule'));
    expect(scheduled).toEqual({ status: 200, body: { agentId: { componentId, agentId: id }, componentRevision: 0 } });
    await host.client.waitForStatus(componentId, id, 'Suspended', { timeoutMs: 120_000 });
    const [promise] = (await host.client.listPromises(componentId, id)).filter((p) => p.state === 'pending');
    expect(promise).toBeDefined();

    expect(await kill9(host)).toBe('SIGKILL');
    host = await serve(dataDir);
    const done = await post(host.url, `/v1/components/${componentId}/workers/${encodeURIComponent(id)}/complete`, { oplogIdx: promise.oplogIdx, data: [...new TextEncoder().encode('approved')] });
    expect(done).toEqual({ status: 200, body: true as unknown as Record<string, unknown> });
    await host.client.waitForStatus(componentId, id, 'Idle', { timeoutMs: 120_000 });
    const history = await post(host.url, '/v1/agents/invoke-agent', request('ApprovalAgent', ['a-1'], 'history', []));
    expect(history.body.result).toEqual(tuple(['doc: approved']));
    await kill9(host);
  });
});
