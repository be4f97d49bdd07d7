/**
 * The Worker and Template API over real HTTP with the underwriting component: upload, workers,
 * invocations across a suspend, promise completion, oplog, interrupt and delete. Raw fetch, so
 * the exact status codes and bodies are what is asserted.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerStatus } from '../../src/host/types.ts';
import { http, multipartBody, startTestHost, underwritingWasmPath, waitForStatus as waitFor, type RawResponse, type TestHost } from './host.ts';

const API = 'golem:underwriting/api';
const application = { applicant: 'Ada Lovelace', age: 36, coverage: 250000, smoker: false };
const verdictBytes = [...new TextEncoder().encode(JSON.stringify({ verdict: 'approve', 'loading-percent': 25, note: 'Healthy non-smoker' }))];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let host: TestHost;
let wasm: Uint8Array<ArrayBuffer>;
let templateId: string;

const call = (method: string, path: string, opts?: Parameters<typeof http>[3]) => http(host.url, method, path, opts);
const worker = (name: string) => `/v1/templates/${templateId}/workers/${name}`;

function ok(res: RawResponse): any {
  if (res.status !== 200) throw new Error(`expected 200, got ${res.status}: ${res.text}`);
  return res.json;
}

async function upload(name: string): Promise<RawResponse> {
  const { body, contentType } = multipartBody([
    { name: 'name', data: name },
    { name: 'template', filename: 'underwriting.wasm', type: 'application/octet-stream', data: wasm },
  ]);
  return call('POST', '/v1/templates', { body, headers: { 'content-type': contentType } });
}

const waitForStatus = (name: string, status: WorkerStatus) => waitFor(host.url, templateId, name, status);

beforeAll(async () => {
  wasm = new Uint8Array(await readFile(underwritingWasmPath()));
  host = await startTestHost();
  const template = ok(await upload('underwriting'));
  templateId = template.versionedTemplateId.rawTemplateId;
});
afterAll(() => host?.close());

describe('templates', () => {
  it('uploads a component as Template JSON with its exports', async () => {
    const [template] = ok(await call('GET', `/v1/templates/${templateId}`));
    expect(template.versionedTemplateId).toEqual({ rawTemplateId: expect.stringMatching(UUID), version: 0 });
    expect(template.userTemplateId).toEqual({ versionedTemplateId: template.versionedTemplateId });
    expect(template.protectedTemplateId).toEqual({ versionedTemplateId: template.versionedTemplateId });
    expect(template.templateName).toBe('underwriting');
    expect(template.templateSize).toBe(wasm.length);
    const api = template.metadata.exports.find((e: any) => e.name === API);
    expect(api.type).toBe('Instance');
    expect(api.functions.map((f: any) => f.name)).toEqual(['use-credit-bureau', 'submit', 'await-decision', 'decision']);
  });

  it('lists templates, filtered by name', async () => {
    expect(ok(await call('GET', '/v1/templates')).map((t: any) => t.templateName)).toContain('underwriting');
    expect(ok(await call('GET', '/v1/templates?template-name=underwriting')).length).toBeGreaterThan(0);
    expect(ok(await call('GET', '/v1/templates?template-name=nothing-like-this'))).toEqual([]);
  });

  it('uploads a new version with raw wasm and lists every version', async () => {
    const other = ok(await upload('versioned'));
    const id = other.versionedTemplateId.rawTemplateId;
    const v1 = ok(await call('PUT', `/v1/templates/${id}/upload`, { body: wasm, headers: { 'content-type': 'application/octet-stream' } }));
    expect(v1.versionedTemplateId).toEqual({ rawTemplateId: id, version: 1 });
    expect(v1.templateName).toBe('versioned');
    const versions = ok(await call('GET', `/v1/templates/${id}`));
    expect(versions.map((t: any) => t.versionedTemplateId.version)).toEqual([0, 1]);
  });

  it('rejects an invalid component as a new version with 400 errors', async () => {
    const res = await call('PUT', `/v1/templates/${templateId}/upload`, {
      body: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(res.status).toBe(400);
    expect(res.json.errors.length).toBeGreaterThan(0);
  });
});

describe('workers', () => {
  it('creates a worker and answers 409 for a duplicate', async () => {
    const created = ok(await call('POST', `/v1/templates/${templateId}/workers`, { json: { name: 'w-create', args: ['-v', '4'], env: [['MODE', 'prod'], ['DEBUG', '0']] } }));
    expect(created).toEqual({ workerId: { rawTemplateId: templateId, workerName: 'w-create' }, templateVersionUsed: 0 });
    const again = await call('POST', `/v1/templates/${templateId}/workers`, { json: { name: 'w-create', args: [], env: [] } });
    expect(again.status).toBe(409);
    expect(again.json).toEqual({ error: expect.stringMatching(/already exists/) });
  });

  it('returns worker metadata in the seed shape', async () => {
    const meta = ok(await call('GET', worker('w-create')));
    expect(meta).toEqual({
      workerId: { rawTemplateId: templateId, workerName: 'w-create' },
      accountId: expect.any(String),
      args: ['-v', '4'],
      env: { MODE: 'prod', DEBUG: '0' },
      status: 'Idle',
      templateVersion: 0,
      retryCount: 0,
    });
  });

  it('resolves a textual worker id templateId.workerName (names may contain dots)', async () => {
    ok(await call('POST', `/v1/templates/${templateId}/workers`, { json: { name: 'dotted.name', args: [], env: [] } }));
    expect(ok(await call('GET', `/v1/templates/workers/${templateId}.w-create`))).toEqual({
      workerId: { rawTemplateId: templateId, workerName: 'w-create' },
      templateVersionUsed: 0,
    });
    expect(ok(await call('GET', `/v1/templates/workers/${templateId}.dotted.name`)).workerId.workerName).toBe('dotted.name');
    expect((await call('GET', `/v1/templates/workers/${templateId}.nobody`)).status).toBe(404);
  });

  it('accepts env as an object map and omitted args/env', async () => {
    ok(await call('POST', `/v1/templates/${templateId}/workers`, { json: { name: 'w-map', env: { A: '1' } } }));
    expect(ok(await call('GET', worker('w-map')))).toMatchObject({ args: [], env: { A: '1' } });
  });

  it('lists workers (extension) and creates invocation keys', async () => {
    const { workers } = ok(await call('GET', `/v1/templates/${templateId}/workers`));
    expect(workers.map((w: any) => w.workerId.workerName)).toEqual(expect.arrayContaining(['w-create', 'w-map']));
    expect(ok(await call('POST', `${worker('w-create')}/key`))).toEqual({ value: expect.stringMatching(UUID) });
  });

  it('deletes a worker with {} and then answers 404', async () => {
    ok(await call('POST', `/v1/templates/${templateId}/workers`, { json: { name: 'w-delete', args: [], env: [] } }));
    expect(ok(await call('DELETE', worker('w-delete')))).toEqual({});
    const gone = await call('GET', worker('w-delete'));
    expect(gone.status).toBe(404);
    expect(gone.json).toEqual({ error: expect.any(String) });
  });
});

describe('invocations and promises', () => {
  const name = 'w-flow';
  let oplogIdx: number;

  beforeAll(async () => {
    ok(await call('POST', `/v1/templates/${templateId}/workers`, { json: { name, args: [], env: [] } }));
  });

  it('invokes submit and returns the typed-JSON result', async () => {
    const key = ok(await call('POST', `${worker(name)}/key`)).value;
    const res = ok(await call('POST', `${worker(name)}/invoke-and-await?invocation-key=${key}&function=${API}/submit`, { json: { params: [application] } }));
    const submission = res.result[0].ok;
    expect(submission['risk-score']).toBe(20);
    expect(submission.required).toEqual(['identity-verification']);
    expect(submission.promise['worker-id']['worker-name']).toBe(name);
    oplogIdx = submission.promise['oplog-idx'];
    expect(Number.isInteger(oplogIdx)).toBe(true);
    // The same key again: the stored result, not a second submission (which the guest would refuse).
    const again = ok(await call('POST', `${worker(name)}/invoke-and-await?invocation-key=${key}&function=${API}/submit`, { json: { params: [application] } }));
    expect(again).toEqual(res);
  });

  it('accepts the api.{fn} function-name form', async () => {
    expect(ok(await call('POST', `${worker(name)}/invoke-and-await?function=${encodeURIComponent(`${API}.{decision}`)}`, { json: { params: [] } }))).toEqual({
      result: [null],
    });
  });

  it('answers 400 for an unknown function or mistyped params', async () => {
    const unknown = await call('POST', `${worker(name)}/invoke-and-await?function=${API}/nope`, { json: { params: [] } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0]).toMatch(/Failed to find the function/);
    const mistyped = await call('POST', `${worker(name)}/invoke-and-await?function=${API}/submit`, { json: { params: [{ applicant: 3 }] } });
    expect(mistyped.status).toBe(400);
    expect(mistyped.json.errors.length).toBeGreaterThan(0);
  });

  it('answers 504 when await-decision outlasts the timeout, and the worker suspends', async () => {
    // Its own host with a short invoke timeout, so the 504 path is observable without slowing every other call.
    const short = await startTestHost({ invokeTimeoutMs: 1500 });
    try {
      const shortCall = (method: string, path: string, opts?: Parameters<typeof http>[3]) => http(short.url, method, path, opts);
      const { versionedTemplateId } = await short.executor.addTemplate('underwriting', wasm);
      const path = `/v1/templates/${versionedTemplateId.rawTemplateId}/workers/w-timeout`;
      ok(await shortCall('POST', `/v1/templates/${versionedTemplateId.rawTemplateId}/workers`, { json: { name: 'w-timeout', args: [], env: [] } }));
      // Submitted in-process: the first call on a fresh host compiles the component, which may itself outlast 1500 ms.
      await short.executor.invokeAndAwait(versionedTemplateId.rawTemplateId, 'w-timeout', `${API}/submit`, [application]);
      const res = await shortCall('POST', `${path}/invoke-and-await?function=${API}/await-decision`, { json: { params: [] } });
      expect(res.status).toBe(504);
      expect(res.json).toEqual({ error: expect.stringMatching(/did not complete within 1500 ms/) });
      await waitFor(short.url, versionedTemplateId.rawTemplateId, 'w-timeout', 'Suspended');
    } finally {
      await short.close();
    }
    // The flow below continues on the main host: its worker awaits the decision too.
    expect(ok(await call('POST', `${worker(name)}/invoke?function=${API}/await-decision`, { json: { params: [] } }))).toEqual({});
    await waitForStatus(name, 'Suspended');
  });

  it('answers 404 for an unknown promise', async () => {
    const res = await call('POST', `${worker(name)}/complete`, { json: { oplogIdx: 9999, data: [1] } });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: expect.any(String) });
  });

  it('completes the promise with a bare true, then false', async () => {
    const first = await call('POST', `${worker(name)}/complete`, { json: { oplogIdx, data: verdictBytes } });
    expect(first.status).toBe(200);
    expect(first.text).toBe('true');
    expect(first.headers.get('content-type')).toMatch(/^application\/json/);
    const second = await call('POST', `${worker(name)}/complete`, { json: { oplogIdx, data: verdictBytes } });
    expect(second.text).toBe('false');
  });

  it('resumes the worker, which prices the policy', async () => {
    await waitForStatus(name, 'Idle');
    const res = ok(await call('POST', `${worker(name)}/invoke-and-await?function=${API}/decision`, { json: { params: [] } }));
    expect(res).toEqual({ result: [{ approved: true, 'annual-premium-cents': 62500, reason: 'Healthy non-smoker' }] });
  });

  it('shows the oplog (extension), from an index on', async () => {
    const { entries } = ok(await call('GET', `${worker(name)}/oplog`));
    expect(entries[0]).toMatchObject({ idx: 1, kind: 'create' });
    const kinds = entries.map((e: any) => e.kind);
    expect(kinds).toContain('exported-function-invoked');
    expect(kinds).toContain('suspend');
    expect(kinds).toContain('exported-function-completed');
    const invoked = entries.find((e: any) => e.kind === 'exported-function-invoked');
    expect(invoked.functionName).toBe(`${API}/submit`);
    const tail = ok(await call('GET', `${worker(name)}/oplog?from=3`)).entries;
    expect(tail[0].idx).toBe(3);
    expect(tail).toEqual(entries.slice(2));
  });

  it('enqueues with invoke and answers {}', async () => {
    expect(ok(await call('POST', `${worker(name)}/invoke?function=${API}/decision`, { json: { params: [] } }))).toEqual({});
  });

  it('interrupts with a JSON true under either query spelling', async () => {
    expect(ok(await call('POST', `${worker(name)}/interrupt?recover-immediately=true`))).toBe(true);
    expect(ok(await call('POST', `${worker(name)}/interrupt?recovery-immediately=false`))).toBe(true);
    expect(ok(await call('POST', `${worker(name)}/interrupt`))).toBe(true);
  });
});

describe('64-bit integers', () => {
  it('keeps a u64 beyond 2^53 exact in params and results', async () => {
    const name = 'w-big';
    ok(await call('POST', `/v1/templates/${templateId}/workers`, { json: { name, args: [], env: [] } }));
    const coverage = 123456789012345678n;
    const body = `{"params": [{"applicant": "Grace Hopper", "age": 36, "coverage": ${coverage}, "smoker": false}]}`;
    const submitRes = await call('POST', `${worker(name)}/invoke-and-await?function=${API}/submit`, { body, headers: { 'content-type': 'application/json' } });
    const submitted = ok(submitRes);
    const submittedText = submitRes.text;
    expect(submitted.result[0], submittedText).toEqual({ ok: expect.anything() });
    const { 'risk-score': risk, promise } = submitted.result[0].ok;
    expect(risk).toBe(30);

    const pending = call('POST', `${worker(name)}/invoke-and-await?function=${API}/await-decision`, { json: { params: [] } });
    await waitForStatus(name, 'Suspended');
    expect((await call('POST', `${worker(name)}/complete`, { json: { oplogIdx: promise['oplog-idx'], data: verdictBytes } })).text).toBe('true');
    const decided = await pending;
    expect(decided.status).toBe(200);
    // The guest's formula in bigint arithmetic: (coverage × (100 + 5·risk) / 1000) × 125 / 100.
    const expected = (((coverage * (100n + 5n * BigInt(risk))) / 1000n) * 125n) / 100n;
    expect(expected > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(decided.text).toContain(`"annual-premium-cents":${expected}`);
    expect(decided.json.result[0].ok['annual-premium-cents']).toBe(expected);
  });
});
