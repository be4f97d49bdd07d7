import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, startTestHost, type TestHost } from './host.ts';

const TOKEN = 'c0ffee00-secret-token';
const T = '5c2d0c7e-9f51-4d7c-8a39-0d6f2f0b1a11';
const W = `/v1/templates/${T}/workers/w1`;

/** Every route the server has, plus one it hasn't: all must demand the token. */
const ROUTES: [string, string][] = [
  ['GET', '/v1/templates'],
  ['POST', '/v1/templates'],
  ['GET', `/v1/templates/${T}`],
  ['PUT', `/v1/templates/${T}/upload`],
  ['GET', `/v1/templates/workers/${T}.w1`],
  ['GET', `/v1/templates/${T}/workers`],
  ['POST', `/v1/templates/${T}/workers`],
  ['GET', W],
  ['DELETE', W],
  ['POST', `${W}/key`],
  ['POST', `${W}/invoke-and-await?function=f`],
  ['POST', `${W}/invoke?function=f`],
  ['POST', `${W}/complete`],
  ['POST', `${W}/interrupt`],
  ['GET', `${W}/oplog`],
  ['GET', `${W}/events`],
  ['GET', `/v1/templates/${T}/events`],
  ['GET', '/v1/events'],
  ['GET', '/no/such/route'],
];

let host: TestHost;
beforeAll(async () => {
  host = await startTestHost({ token: TOKEN });
});
afterAll(() => host?.close());

describe('bearer token', () => {
  it.each(ROUTES)('%s %s answers 401 without the token', async (method, path) => {
    const res = await http(host.url, method, path, { json: method === 'GET' || method === 'DELETE' ? undefined : {} });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: expect.stringMatching(/Unauthorized/) });
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it.each([`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, TOKEN, `Basic ${TOKEN}`, 'Bearer '])('rejects Authorization: %s', async (authorization) => {
    const res = await http(host.url, 'GET', '/v1/templates', { headers: { authorization } });
    expect(res.status).toBe(401);
  });

  it('lets the right token through (any case of "Bearer")', async () => {
    for (const scheme of ['Bearer', 'bearer']) {
      const res = await http(host.url, 'GET', '/v1/templates', { headers: { authorization: `${scheme} ${TOKEN}` } });
      expect(res.status).toBe(200);
      expect(res.json).toEqual([]);
    }
    const missing = await http(host.url, 'GET', W, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(missing.status).toBe(404);
  });
});
