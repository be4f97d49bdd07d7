/**
 * REST conformance: one worker-name rule that every route serves, and the seed's bodies for the
 * framework's own 4xx answers (bad URL encoding, 414, 413, 415).
 */
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, startTestHost, underwritingWasmPath, type TestHost } from './host.ts';

let host: TestHost;
let templateId: string;
const call = (method: string, path: string, opts?: Parameters<typeof http>[3]) => http(host.url, method, path, opts);

beforeAll(async () => {
  host = await startTestHost();
  const template = await host.executor.addTemplate('underwriting', new Uint8Array(await readFile(underwritingWasmPath())));
  templateId = template.versionedTemplateId.rawTemplateId;
});
afterAll(() => host?.close());

function expectError(res: { status: number; json: any }, status: number, pattern?: RegExp) {
  expect(res.status).toBe(status);
  expect(Object.keys(res.json ?? {})).toEqual(['error']);
  if (pattern) expect(res.json.error).toMatch(pattern);
}

describe('worker names', () => {
  it('serves a 100-character name on every route', async () => {
    const name = `w-${'n'.repeat(98)}`;
    const created = await call('POST', `/v1/templates/${templateId}/workers`, { json: { name } });
    expect(created.status, created.text).toBe(200);
    const path = `/v1/templates/${templateId}/workers/${name}`;
    expect((await call('GET', path)).json.workerId.workerName).toBe(name);
    expect((await call('GET', `/v1/templates/workers/${templateId}.${name}`)).json.workerId.workerName).toBe(name);
    // Even with every character percent-encoded.
    const encoded = [...`${templateId}.${name}`].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
    expect((await call('GET', `/v1/templates/workers/${encoded}`)).json.workerId.workerName).toBe(name);
    expect((await call('POST', `${path}/key`)).json.value).toMatch(/^[0-9a-f-]{36}$/);
    expect((await call('GET', `${path}/oplog`)).status).toBe(200);
    expect((await call('GET', `${path}/promises`)).json).toEqual({ promises: [] });
    expect((await call('DELETE', path)).status).toBe(200);
    expect((await call('GET', path)).status).toBe(404);
  });

  it('refuses 101 characters (and other invalid names) at creation, without creating anything', async () => {
    const before = host.executor.listWorkers(templateId).length;
    const long = await call('POST', `/v1/templates/${templateId}/workers`, { json: { name: 'x'.repeat(101) } });
    expect(long.status).toBe(400);
    expect(long.json).toEqual({ errors: ['Invalid worker name: 101 characters; at most 100 are allowed'] });
    for (const name of ['a b', '-lead', 'ünï', 'a%2Fb']) {
      expect((await call('POST', `/v1/templates/${templateId}/workers`, { json: { name } })).json.errors[0]).toMatch(/^Invalid worker name/);
    }
    expect(host.executor.listWorkers(templateId).length).toBe(before);
  });
});

describe("the framework's own client errors carry the seed's bodies", () => {
  it('400 {"errors"} for malformed percent-encoding', async () => {
    const res = await call('GET', `/v1/templates/${templateId}/workers/%ZZ`);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ errors: [expect.stringMatching(/malformed percent-encoding/)] });
  });

  it('414 {"error"} for a path parameter beyond any valid worker id', async () => {
    expectError(await call('GET', `/v1/templates/${templateId}/workers/${'x'.repeat(1000)}`), 414, /at most 100 characters/);
  });

  it('415 {"error"} for an unsupported media type', async () => {
    expectError(await call('POST', `/v1/templates/${templateId}/workers`, { body: 'x', headers: { 'content-type': 'text/xml' } }), 415);
  });

  it('413 {"error"} for a 50 MB body, read by a client that is still sending', async () => {
    const total = 50 * 1024 * 1024;
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(`${host.url}/v1/templates/${templateId}/workers`);
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': total } }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < total) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(status).toBe(413);
    expect(JSON.parse(body)).toEqual({ error: expect.stringMatching(/too large/) });
  });
});
