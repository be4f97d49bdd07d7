/**
 * GolemClient against the real server and executor: every method, the error types, the bearer
 * token, and exact 64-bit integers both ways.
 */
import { createServer } from 'node:net';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GolemApiError, GolemClient, GolemConnectionError, type WorkerStatus } from '../../src/client/index.ts';
import { startTestHost, underwritingWasmPath, type TestHost } from '../server/host.ts';

const API = 'golem:underwriting/api';
const TOKEN = 'client-test-token';
const verdict = new TextEncoder().encode(JSON.stringify({ verdict: 'approve', 'loading-percent': 25, note: 'Healthy non-smoker' }));

let host: TestHost;
let client: GolemClient;
let wasm: Uint8Array;
let templateId: string;

beforeAll(async () => {
  wasm = await readFile(underwritingWasmPath());
  host = await startTestHost({ token: TOKEN });
  client = new GolemClient({ url: `${host.url}/`, token: TOKEN });
  const template = await client.addTemplate('underwriting', wasm);
  templateId = template.versionedTemplateId.rawTemplateId;
});
afterAll(() => host?.close());

const waitForStatus = (worker: string, status: WorkerStatus) => client.waitForStatus(templateId, worker, status, { timeoutMs: 20_000 });

describe('GolemClient', () => {
  it('uploads, updates, lists and gets templates', async () => {
    const [v0] = await client.getTemplate(templateId);
    expect(v0.templateName).toBe('underwriting');
    expect(v0.templateSize).toBe(wasm.length);
    const v1 = await client.updateTemplate(templateId, wasm);
    expect(v1.versionedTemplateId).toEqual({ rawTemplateId: templateId, version: 1 });
    expect((await client.getTemplate(templateId)).map((t) => t.versionedTemplateId.version)).toEqual([0, 1]);
    expect((await client.listTemplates('underwriting')).length).toBe(2);
    expect(await client.listTemplates('other')).toEqual([]);
  });

  it('manages workers', async () => {
    const id = await client.createWorker(templateId, 'c-1', { args: ['a'], env: { MODE: 'test' } });
    expect(id).toEqual({ workerId: { rawTemplateId: templateId, workerName: 'c-1' }, templateVersionUsed: 1 });
    expect(await client.getWorkerId(templateId, 'c-1')).toEqual(id);
    expect(await client.getWorker(templateId, 'c-1')).toMatchObject({ args: ['a'], env: { MODE: 'test' }, status: 'Idle' });
    expect((await client.listWorkers(templateId)).map((w) => w.workerId.workerName)).toContain('c-1');
    expect(await client.createInvocationKey(templateId, 'c-1')).toMatch(/^[0-9a-f-]{36}$/);
    await client.interrupt(templateId, 'c-1', { recoverImmediately: true });
    await client.deleteWorker(templateId, 'c-1');
    await expect(client.getWorker(templateId, 'c-1')).rejects.toMatchObject({ status: 404 });
  });

  it('runs the underwriting flow with exact 64-bit integers', async () => {
    await client.createWorker(templateId, 'c-flow');
    const coverage = 98765432109876543n;
    const key = await client.createInvocationKey(templateId, 'c-flow');
    const [submitted] = (await client.invokeAndAwait(templateId, 'c-flow', `${API}/submit`, [{ applicant: 'Ada Lovelace', age: 36, coverage, smoker: false }], {
      invocationKey: key,
      callingConvention: 'Component',
    })) as [{ ok: { promise: { 'oplog-idx': number }; 'risk-score': number } }];
    const { promise, 'risk-score': risk } = submitted.ok;

    await client.invoke(templateId, 'c-flow', `${API}/await-decision`, []);
    await waitForStatus('c-flow', 'Suspended');
    expect(await client.completePromise(templateId, 'c-flow', promise['oplog-idx'], verdict)).toBe(true);
    expect(await client.completePromise(templateId, 'c-flow', BigInt(promise['oplog-idx']), [...verdict])).toBe(false);
    await waitForStatus('c-flow', 'Idle');

    const [decision] = (await client.invokeAndAwait(templateId, 'c-flow', `${API}/decision`, [])) as [{ 'annual-premium-cents': bigint }];
    expect(decision['annual-premium-cents']).toBe((((coverage * (100n + 5n * BigInt(risk))) / 1000n) * 125n) / 100n);

    const oplog = await client.getOplog(templateId, 'c-flow');
    expect(oplog.map((e) => e.kind)).toContain('suspend');
    expect((await client.getOplog(templateId, 'c-flow', { from: 2 }))[0].idx).toBe(2);
  });

  it('throws GolemApiError with a one-line message', async () => {
    const err = await client.getWorker(templateId, 'test-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GolemApiError);
    const api = err as GolemApiError;
    expect(api.code).toBe('GOLEM_API');
    expect(api.status).toBe(404);
    expect(api.message).toMatch(/^404 Not Found: worker test-1 not found/);
    expect(api.message).not.toContain('\n');
    expect(api.body).toEqual({ error: api.errors[0] });
  });

  it('carries every 400 error', async () => {
    const err = (await client.completePromise(templateId, 'nobody', -1, []).catch((e: unknown) => e)) as GolemApiError;
    expect(err.status).toBe(400);
    expect(err.errors).toEqual([expect.stringMatching(/^oplogIdx/)]);
    expect(err.message).toMatch(/^400 Bad Request: oplogIdx/);
  });

  it('gets 401 without the token', async () => {
    const anonymous = new GolemClient({ url: host.url });
    await expect(anonymous.listTemplates()).rejects.toMatchObject({ code: 'GOLEM_API', status: 401, message: expect.stringMatching(/^401 Unauthorized/) });
  });

  it('names the URL when the server cannot be reached', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const err = await new GolemClient({ url }).listTemplates().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GolemConnectionError);
    expect((err as GolemConnectionError).code).toBe('GOLEM_CONNECTION');
    expect((err as Error).message).toContain(url);
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
  });
});

/** A port that was free a moment ago and has nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
