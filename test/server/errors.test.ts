/**
 * The error table of the Worker/Template API, against the real executor; nothing here needs a
 * built component. Every client mistake must be a 400 `{"errors": [...]}`, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, multipartBody, startTestHost, type TestHost } from './host.ts';

const UNKNOWN = '5c2d0c7e-9f51-4d7c-8a39-0d6f2f0b1a11';
const W = `/v1/templates/${UNKNOWN}/workers/w1`;

let host: TestHost;
beforeAll(async () => {
  host = await startTestHost();
});
afterAll(() => host?.close());

const call = (method: string, path: string, opts?: Parameters<typeof http>[3]) => http(host.url, method, path, opts);

function expectErrors(res: { status: number; json: any }, pattern?: RegExp) {
  expect(res.status).toBe(400);
  expect(Array.isArray(res.json?.errors)).toBe(true);
  expect(res.json.errors.length).toBeGreaterThan(0);
  for (const e of res.json.errors) expect(typeof e).toBe('string');
  if (pattern) expect(res.json.errors.join('\n')).toMatch(pattern);
}

function expectError(res: { status: number; json: any }, status: number, pattern?: RegExp) {
  expect(res.status).toBe(status);
  expect(Object.keys(res.json ?? {})).toEqual(['error']);
  expect(typeof res.json.error).toBe('string');
  if (pattern) expect(res.json.error).toMatch(pattern);
}

describe('templates', () => {
  it('lists no templates on a fresh host', async () => {
    const res = await call('GET', '/v1/templates');
    expect(res.status).toBe(200);
    expect(res.json).toEqual([]);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answers 404 for an unknown template and 400 for an id that is not a UUID', async () => {
    expectError(await call('GET', `/v1/templates/${UNKNOWN}`), 404, /not found/);
    expectErrors(await call('GET', '/v1/templates/not-a-uuid'), /not a UUID/);
  });

  it('rejects an upload that is not multipart', async () => {
    expectErrors(await call('POST', '/v1/templates', { json: { name: 'x' } }), /multipart\/form-data/);
  });

  it('rejects a malformed multipart body with 400', async () => {
    const res = await call('POST', '/v1/templates', {
      body: 'this is not multipart at all',
      headers: { 'content-type': 'multipart/form-data; boundary=nope' },
    });
    expectErrors(res);
    const noBoundary = await call('POST', '/v1/templates', { body: 'x', headers: { 'content-type': 'multipart/form-data' } });
    expectErrors(noBoundary);
  });

  it('names every missing multipart field', async () => {
    const { body, contentType } = multipartBody([{ name: 'other', data: 'x' }]);
    const res = await call('POST', '/v1/templates', { body, headers: { 'content-type': contentType } });
    expectErrors(res);
    expect(res.json.errors).toHaveLength(2);
    expect(res.json.errors.join(' ')).toMatch(/name/);
    expect(res.json.errors.join(' ')).toMatch(/template/);
  });

  it('rejects a template sent as a text field rather than a file', async () => {
    const { body, contentType } = multipartBody([
      { name: 'name', data: 'x' },
      { name: 'template', data: 'not a file' },
    ]);
    expectErrors(await call('POST', '/v1/templates', { body, headers: { 'content-type': contentType } }), /file part/);
  });

  it('rejects bytes that are not a component with 400 and errors', async () => {
    const { body, contentType } = multipartBody([
      { name: 'name', data: 'broken' },
      { name: 'template', filename: 'broken.wasm', type: 'application/wasm', data: new TextEncoder().encode('definitely not wasm') },
    ]);
    expectErrors(await call('POST', '/v1/templates', { body, headers: { 'content-type': contentType } }));
    expect((await call('GET', '/v1/templates')).json).toEqual([]);
  });

  it('answers 404 when a new version is uploaded to an unknown template, 400 for an empty body', async () => {
    const headers = { 'content-type': 'application/octet-stream' };
    expectError(await call('PUT', `/v1/templates/${UNKNOWN}/upload`, { body: new Uint8Array([0, 97, 115, 109]), headers }), 404);
    expectErrors(await call('PUT', `/v1/templates/${UNKNOWN}/upload`, { body: new Uint8Array(), headers }), /octet-stream/);
  });
});

describe('workers', () => {
  it('answers 400 for malformed JSON', async () => {
    const res = await call('POST', `/v1/templates/${UNKNOWN}/workers`, { body: '{"name": "w1",', headers: { 'content-type': 'application/json' } });
    expectErrors(res, /Malformed JSON/);
  });

  it('answers 415 {"error"} for an unsupported content type', async () => {
    const res = await call('POST', `/v1/templates/${UNKNOWN}/workers`, { body: 'name=w1', headers: { 'content-type': 'text/plain' } });
    expectError(res, 415, /application\/json/);
  });

  it('lists every problem of a worker creation request', async () => {
    const res = await call('POST', `/v1/templates/${UNKNOWN}/workers`, { json: { args: ['ok', 3], env: [['A', 'b'], ['C'], 'D=e'] } });
    expectErrors(res);
    expect(res.json.errors).toEqual([
      'name: required, a string',
      'args[1]: must be a string',
      'env[1]: must be a pair of strings ["KEY", "value"]',
      'env[2]: must be a pair of strings ["KEY", "value"]',
    ]);
    expectErrors(await call('POST', `/v1/templates/${UNKNOWN}/workers`, { json: { name: 'a/b' } }), /Invalid worker name/);
    expectErrors(await call('POST', `/v1/templates/${UNKNOWN}/workers`, { json: { name: '' } }), /Invalid worker name/);
    expectErrors(await call('POST', `/v1/templates/${UNKNOWN}/workers`, { json: ['w1'] }), /JSON object/);
    expectErrors(await call('POST', `/v1/templates/${UNKNOWN}/workers`), /JSON object/);
  });

  it('answers 404 for a worker of an unknown template', async () => {
    expectError(await call('POST', `/v1/templates/${UNKNOWN}/workers`, { json: { name: 'w1', args: [], env: [] } }), 404, /not found/);
    expectError(await call('GET', W), 404, /not found/);
    expectError(await call('DELETE', W), 404, /not found/);
    expectError(await call('POST', `${W}/key`), 404);
    expectError(await call('GET', `${W}/oplog`), 404);
    expectError(await call('GET', `/v1/templates/${UNKNOWN}/workers`), 404);
    expectError(await call('GET', `/v1/templates/workers/${UNKNOWN}.w1`), 404);
    expectError(await call('POST', `${W}/interrupt`), 404);
  });

  it('rejects a textual worker id without the templateId.workerName shape', async () => {
    expectErrors(await call('GET', '/v1/templates/workers/nonsense'), /templateId>\.<workerName/);
    expectErrors(await call('GET', `/v1/templates/workers/${UNKNOWN}`), /templateId>\.<workerName/);
    expectErrors(await call('GET', `/v1/templates/workers/${UNKNOWN}:w1`), /templateId>\.<workerName/);
  });

  it('validates invocation requests before looking anything up', async () => {
    expectErrors(await call('POST', `${W}/invoke-and-await`, { json: { params: [] } }), /function: required/);
    expectErrors(await call('POST', `${W}/invoke`, { json: { params: [] } }), /function: required/);
    expectErrors(await call('POST', `${W}/invoke-and-await?function=f`, { json: { parameters: [] } }), /params: required/);
    expectErrors(await call('POST', `${W}/invoke-and-await?function=f&calling-convention=Magic`, { json: { params: [] } }), /calling-convention/);
    expectErrors(await call('POST', `${W}/invoke?function=f`, { body: '[1,', headers: { 'content-type': 'application/json' } }), /Malformed JSON/);
  });

  it.each([
    [{ data: [1, 2] }, /oplogIdx: required/],
    [{ oplogIdx: -1, data: [] }, /oplogIdx: must be an integer/],
    [{ oplogIdx: 1.5, data: [] }, /oplogIdx: must be an integer/],
    [{ oplogIdx: 'three', data: [] }, /oplogIdx: must be an integer/],
    [{ oplogIdx: '-3', data: [] }, /oplogIdx: must be an integer/],
    [{ oplogIdx: '3.5', data: [] }, /oplogIdx: must be an integer/],
    [{ oplogIdx: 3 }, /data: required/],
    [{ oplogIdx: 3, data: 'hello' }, /data: must be an array/],
    [{ oplogIdx: 3, data: [1, 256] }, /data\[1\]: must be an integer 0-255, got 256/],
    [{ oplogIdx: 3, data: [-1] }, /data\[0\]/],
    [{ oplogIdx: 3, data: [0.5] }, /data\[0\]/],
    [{ oplogIdx: 3, data: [null] }, /data\[0\]/],
  ])('rejects complete body %j with 400', async (body, pattern) => {
    expectErrors(await call('POST', `${W}/complete`, { json: body }), pattern);
  });

  it('rejects an oplogIdx beyond u64 while keeping big ones exact', async () => {
    const tooBig = '{"oplogIdx": 18446744073709551616, "data": []}';
    expectErrors(await call('POST', `${W}/complete`, { body: tooBig, headers: { 'content-type': 'application/json' } }), /2\^64-1/);
    // The biggest u64 is valid input; the worker is what is unknown.
    const max = '{"oplogIdx": 18446744073709551615, "data": [1]}';
    expectError(await call('POST', `${W}/complete`, { body: max, headers: { 'content-type': 'application/json' } }), 404);
  });

  it('rejects a bad interrupt flag and a bad oplog start', async () => {
    expectErrors(await call('POST', `${W}/interrupt?recover-immediately=maybe`), /recover-immediately/);
    expectErrors(await call('POST', `${W}/interrupt?recovery-immediately=2`), /recovery-immediately/);
    expectErrors(await call('GET', `${W}/oplog?from=abc`), /from/);
  });

  it('accepts oplogIdx as a decimal string, as the seed\'s Promises page sends it', async () => {
    // Valid input: what is unknown is the worker.
    expectError(await call('POST', `${W}/complete`, { json: { oplogIdx: '10', data: [1] } }), 404, /not found/);
  });

  it('answers 413 {"error"} for a JSON body over the limit, which the client reads in full', async () => {
    const body = `{"name": "${'a'.repeat(17 * 1024 * 1024)}"}`;
    const res = await call('POST', `/v1/templates/${UNKNOWN}/workers`, { body, headers: { 'content-type': 'application/json' } });
    expectError(res, 413, /too large .*16 MiB/);
  });

  it('accepts an empty JSON body on routes that take none', async () => {
    expectError(await call('POST', `${W}/key`, { body: '', headers: { 'content-type': 'application/json' } }), 404);
  });
});

describe('routing', () => {
  it('answers 404 with an error body for unknown routes', async () => {
    expectError(await call('GET', '/v2/templates'), 404, /No route for GET \/v2\/templates/);
    expectError(await call('PATCH', `/v1/templates/${UNKNOWN}`), 404);
    // A trailing slash names the same route.
    expect((await call('GET', '/v1/templates/')).status).toBe(200);
  });
});
