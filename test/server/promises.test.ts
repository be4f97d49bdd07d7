/**
 * Pending promises over REST (golem-ts extension), payload checks at the boundary against the
 * schema the guest published, the seed's string oplogIdx, and a 504 that says which promise the
 * worker awaits. Real underwriting component, real host, real HTTP.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, startTestHost, underwritingWasmPath, waitForStatus as waitFor, type TestHost } from './host.ts';

const API = 'golem:underwriting/api';
const APPLICATION = { applicant: 'Ada', age: 36, coverage: 250000, smoker: false };
const bytes = (v: unknown) => [...new TextEncoder().encode(JSON.stringify(v))];

let host: TestHost;
let templateId: string;
const call = (method: string, path: string, opts?: Parameters<typeof http>[3]) => http(host.url, method, path, opts);
const worker = (name: string) => `/v1/templates/${templateId}/workers/${name}`;
const status = async (name: string) => (await call('GET', worker(name))).json.status as string;

beforeAll(async () => {
  // Long enough for a first invocation on a busy machine, short enough to observe the 504.
  host = await startTestHost({ invokeTimeoutMs: 8000 });
  const template = await host.executor.addTemplate('underwriting', new Uint8Array(await readFile(underwritingWasmPath())));
  templateId = template.versionedTemplateId.rawTemplateId;
});
afterAll(() => host?.close());

/** A worker with a submitted application, suspended in await-decision; returns the promise's index. */
async function suspendedWorker(name: string): Promise<{ idx: number; decision: Promise<Awaited<ReturnType<typeof call>>> }> {
  expect((await call('POST', `/v1/templates/${templateId}/workers`, { json: { name, args: [], env: [] } })).status).toBe(200);
  const submitted = await call('POST', `${worker(name)}/invoke-and-await?function=${API}/submit`, { json: { params: [APPLICATION] } });
  expect(submitted.status, submitted.text).toBe(200);
  const idx = Number(submitted.json.result[0].ok.promise['oplog-idx']);
  const decision = call('POST', `${worker(name)}/invoke-and-await?function=${API}/await-decision`, { json: { params: [] } });
  await waitFor(host.url, templateId, name, 'Suspended');
  return { idx, decision };
}

describe('pending promises', () => {
  it('lists the promise with its state, creator, the invocation awaiting it and its schema', async () => {
    const { idx, decision } = await suspendedWorker('p-list');
    const res = await call('GET', `${worker('p-list')}/promises`);
    expect(res.status).toBe(200);
    expect(res.json.promises).toEqual([
      {
        oplogIdx: idx,
        promiseId: { workerId: { templateId, workerName: 'p-list' }, oplogIdx: idx },
        state: 'pending',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        createdBy: { oplogIdx: expect.any(Number), functionName: `${API}/submit` },
        awaitedBy: { oplogIdx: expect.any(Number), functionName: `${API}/await-decision` },
        schema: expect.objectContaining({ type: 'object', required: ['verdict', 'loading-percent', 'note'] }),
      },
    ]);
    const done = await call('POST', `${worker('p-list')}/complete`, { json: { oplogIdx: idx, data: bytes({ verdict: 'decline', 'loading-percent': 0, note: 'no' }) } });
    expect(done.text).toBe('true');
    expect((await decision).json.result[0].ok.approved).toBe(false);
    const after = (await call('GET', `${worker('p-list')}/promises`)).json.promises;
    expect(after).toEqual([expect.objectContaining({ oplogIdx: idx, state: 'completed', awaitedBy: null })]);
  });

  it('answers 404 for the promises of an unknown worker', async () => {
    const res = await call('GET', `${worker('nobody')}/promises`);
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: expect.stringMatching(/not found/) });
  });
});

describe('payload checks at the boundary', () => {
  it('refuses a schema-invalid completion with 400 and the issues; the promise stays pending and a valid one (oplogIdx as a string) completes it', async () => {
    const { idx, decision } = await suspendedWorker('p-check');
    const bad = await call('POST', `${worker('p-check')}/complete`, { json: { oplogIdx: idx, data: bytes({ approved: 'yes' }) } });
    expect(bad.status).toBe(400);
    expect(bad.json.errors).toEqual([
      'payload.verdict: required',
      'payload["loading-percent"]: required',
      'payload.note: required',
      `promise ${idx} is still pending: complete it again with a valid payload`,
    ]);
    const wrongTypes = await call('POST', `${worker('p-check')}/complete`, { json: { oplogIdx: idx, data: bytes({ verdict: 'yes', 'loading-percent': 900, note: 'x' }) } });
    expect(wrongTypes.json.errors.slice(0, 2)).toEqual(['payload.verdict: expected one of "approve", "decline", got "yes"', 'payload["loading-percent"]: must be ≤ 500, got 900']);
    const notJson = await call('POST', `${worker('p-check')}/complete`, { json: { oplogIdx: idx, data: [0xff] } });
    expect(notJson.status).toBe(400);
    expect(notJson.json.errors[0]).toMatch(/must be UTF-8 JSON/);

    const listed = (await call('GET', `${worker('p-check')}/promises`)).json.promises;
    expect(listed[0]).toMatchObject({ oplogIdx: idx, state: 'pending' });
    expect(await status('p-check')).toBe('Suspended');

    const good = await call('POST', `${worker('p-check')}/complete`, { json: { oplogIdx: String(idx), data: bytes({ verdict: 'approve', 'loading-percent': 25, note: 'ok' }) } });
    expect(good.status).toBe(200);
    expect(good.text).toBe('true');
    expect((await decision).json.result[0].ok).toMatchObject({ approved: true, reason: 'ok' });
  });
});

describe('504 behind a suspended invocation', () => {
  it('says which promise the worker awaits', async () => {
    const { idx, decision } = await suspendedWorker('p-queue');
    const queued = await call('POST', `${worker('p-queue')}/invoke-and-await?function=${API}/decision`, { json: { params: [] } });
    expect(queued.status).toBe(504);
    expect(queued.json).toEqual({ error: expect.stringContaining(`the worker is suspended awaiting promise ${idx}`) });
    expect((await decision).status).toBe(504);
    expect((await decision).json.error).toContain(`awaiting promise ${idx}`);
  });
});
