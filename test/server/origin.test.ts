/**
 * Only the host's own names and origin, over real HTTP with every header set by hand (the
 * browser attacks themselves are in test/dashboard/origin-attacks.test.ts): a `Host` that is not
 * a loopback name, the address listened on or an `--allowed-host` is refused with 421 on every
 * route; a request that changes something from another `Origin` (or `Origin: null`, or a
 * browser's `Sec-Fetch-Site: cross-site` without an Origin) is refused with 403; clients that
 * send neither pass.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/index.ts';
import { parseAllowedHost } from '../../src/server/origin.ts';
import { startTestHost, type TestHost } from './host.ts';

const T = '5c2d0c7e-9f51-4d7c-8a39-0d6f2f0b1a11';
const W = `/v1/templates/${T}/workers/w1`;

interface Answer {
  status: number;
  json: any;
}

/** One request with exactly these headers (Host included). */
function send(url: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

let host: TestHost;
let port: string;
let own: string;
beforeAll(async () => {
  host = await startTestHost();
  port = new URL(host.url).port;
  own = `127.0.0.1:${port}`;
});
afterAll(() => host?.close());

/** Every kind of route: the dashboard and its assets, reads, writes, a body-less POST, a 404. */
const ROUTES: [string, string][] = [
  ['GET', '/'],
  ['GET', '/dashboard/app.js'],
  ['GET', '/dashboard/app.css'],
  ['GET', '/v1/key-value'],
  ['GET', '/v1/templates'],
  ['POST', '/v1/templates'],
  ['PUT', `/v1/templates/${T}/upload`],
  ['POST', `/v1/templates/${T}/workers`],
  ['DELETE', W],
  ['POST', `${W}/interrupt`],
  ['POST', `${W}/complete`],
  ['GET', `${W}/events`],
  ['GET', '/v1/events'],
  ['GET', '/no/such/route'],
];

describe('Host', () => {
  it.each(ROUTES)('%s %s answers 421 {"error"} under a foreign name, naming it and --allowed-host', async (method, path) => {
    const res = await send(host.url, method, path, { host: `rebind.test:${port}` });
    expect(res.status).toBe(421);
    expect(res.json).toEqual({ error: expect.stringContaining('Host "rebind.test:' + port + '" is not a name of this host') });
    expect(res.json.error).toContain('--allowed-host rebind.test');
    expect(res.json.error).toContain(`(127.0.0.1:${port})`);
  });

  // $PORT: the port listened on, known only once the host runs.
  const at = (name: string) => name.replace('$PORT', port);

  it.each(['127.0.0.1', 'localhost', '[::1]', 'localhost:$PORT', '[::1]:$PORT', 'LOCALHOST:$PORT', '127.0.0.1:$PORT', '127.0.0.1:1'])('accepts the loopback name %s', async (name) => {
    const res = await send(host.url, 'GET', '/v1/templates', { host: at(name) });
    expect(res.status).toBe(200);
  });

  it.each(['127.0.0.2:$PORT', '0.0.0.0:$PORT', 'localhost.rebind.test:$PORT', '127.0.0.1.nip.io:$PORT', 'user@127.0.0.1', '127.0.0.1/x'])('refuses %j', async (name) => {
    expect((await send(host.url, 'GET', '/v1/templates', { host: at(name) })).status).toBe(421);
  });

  it('refuses a request without a Host header (HTTP/1.0)', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1');
      let text = '';
      socket.on('data', (d) => (text += d));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
      socket.end('GET /v1/key-value HTTP/1.0\r\n\r\n');
    });
    expect(answer).toMatch(/^HTTP\/1\.1 421 /);
    expect(answer).toContain('no Host header');
  });

  it('accepts the names given with allowedHosts: a bare name on any port, name:port on that port only', async () => {
    const dataless = await startServer({ executor: host.executor, port: 0, allowedHosts: ['rebind.test', 'Golem.Example:8080'] });
    try {
      const p = new URL(dataless.url).port;
      expect((await send(dataless.url, 'GET', '/v1/key-value', { host: `rebind.test:${p}` })).status).toBe(200);
      expect((await send(dataless.url, 'GET', '/', { host: 'rebind.test' })).status).toBe(200);
      expect((await send(dataless.url, 'GET', '/v1/key-value', { host: 'golem.example:8080' })).status).toBe(200);
      const wrongPort = await send(dataless.url, 'GET', '/v1/key-value', { host: `golem.example:${p}` });
      expect(wrongPort.status).toBe(421);
      expect(wrongPort.json.error).toContain('rebind.test (any port), golem.example:8080');
      expect((await send(dataless.url, 'GET', '/v1/key-value', { host: `other.test:${p}` })).status).toBe(421);
    } finally {
      await dataless.close();
    }
  });

  it('refuses to start with an allowed host that is not a host name', () => {
    expect(() => parseAllowedHost('http://rebind.test/')).toThrow(/--allowed-host expects a host name/);
    expect(() => parseAllowedHost('')).toThrow(/--allowed-host/);
  });
});

describe('Origin', () => {
  const CHANGING = ROUTES.filter(([method]) => method !== 'GET');

  it.each(CHANGING)('%s %s answers 403 {"error"} from another origin', async (method, path) => {
    const res = await send(host.url, method, path, { host: own, origin: `http://127.0.0.1:${Number(port) + 1}` });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ error: expect.stringMatching(/^Cross-origin request refused: Origin http:\/\/127\.0\.0\.1:\d+ is not this host's origin/) });
  });

  it.each(['null', 'http://localhost:$PORT', 'http://rebind.test', 'https://evil.test', 'file://', 'chrome-extension://abc'])('refuses Origin %s on a body-less POST', async (origin) => {
    const res = await send(host.url, 'POST', `${W}/interrupt`, { host: own, origin: origin.replace('$PORT', port) });
    expect(res.status).toBe(403);
  });

  it.each(['cross-site', 'same-site'])('refuses Sec-Fetch-Site: %s without an Origin', async (site) => {
    const res = await send(host.url, 'POST', `${W}/interrupt`, { host: own, 'sec-fetch-site': site });
    expect(res.status).toBe(403);
    expect(res.json.error).toContain(`Sec-Fetch-Site: ${site}`);
  });

  it('lets through the own origin, clients without an Origin, and reads from anywhere', async () => {
    // 404: past both checks, the worker is unknown.
    expect((await send(host.url, 'POST', `${W}/interrupt`, { host: own, origin: `http://${own}` })).status).toBe(404);
    expect((await send(host.url, 'POST', `${W}/interrupt`, { host: `localhost:${port}`, origin: `http://localhost:${port}`, 'sec-fetch-site': 'same-origin' })).status).toBe(404);
    expect((await send(host.url, 'POST', `${W}/interrupt`, { host: own })).status).toBe(404);
    expect((await send(host.url, 'POST', `${W}/interrupt`, { host: own, 'sec-fetch-site': 'none' })).status).toBe(404);
    // A cross-origin read gets no CORS header, so the page cannot see the answer.
    const read = await send(host.url, 'GET', '/v1/templates', { host: own, origin: 'http://rebind.test' });
    expect(read.status).toBe(200);
  });
});

describe('token', () => {
  it.each(['', ' padded '])('refuses to start with the token %j', async (token) => {
    await expect(startServer({ executor: host.executor, port: 0, token })).rejects.toThrow(/bearer token/);
  });
});
