/**
 * The test kit's outgoing HTTP: routes answer requests without a server, every request is
 * recorded for assertions, loopback services the test started are reached for real, and any
 * other unrouted request fails with an error that names the missing route (never leaves the machine).
 */
import { describe, expect, inject, it } from 'vitest';
import { createTestHost } from '../../src/testing/index.ts';
import { localService } from '../host/http-service.ts';

const CALL = 'test:http-guest/api/call';

describe('host.http', () => {
  it('a route answers a POST with no server; the request is recorded with its method, headers and body', async () => {
    await using host = await createTestHost();
    host.http.route('POST https://bureau.example/score', (req) => ({ status: 201, headers: { 'content-type': 'text/plain' }, body: `scored ${req.text()}` }));
    const worker = await host.worker(await host.template(inject('httpWasm').guest), 'w');
    expect(await worker.invoke(CALL, ['POST', 'https://bureau.example/score?v=2', 'ada'])).toEqual(['201 text/plain scored ada']);
    expect(host.http.requests).toHaveLength(1);
    expect(host.http.requests[0]).toMatchObject({ method: 'POST', url: 'https://bureau.example/score?v=2', routed: true, headers: { 'content-type': 'text/plain' } });
    expect(host.http.requests[0].text()).toBe('ada');
  });

  it('an unrouted request to another machine fails with an error naming the missing route; a loopback service is reached for real', async () => {
    await using host = await createTestHost();
    const service = await localService((_req, res) => res.end('local'));
    const worker = await host.worker(await host.template(inject('httpWasm').guest), 'w');
    expect(await worker.invoke(CALL, ['GET', 'https://api.example/v1/things', ''])).toEqual([expect.stringMatching(/^error: TypeError/)]);
    const responses = worker.oplog().flatMap((e) => (e.kind === 'imported-function-invoked' && e.functionName === 'wasi:http/types/future-incoming-response/get' ? [JSON.stringify(e.response)] : []));
    expect(responses.find((r) => r.includes('internal-error'))).toContain("no route for GET https://api.example/v1/things (add host.http.route('GET https://api.example/v1/things', …))");
    expect(await worker.invoke(CALL, ['GET', `${service.url}/here`, ''])).toEqual(['200 null local']);
    expect(host.http.requests.map((r) => [r.url, r.routed])).toEqual([
      ['https://api.example/v1/things', false],
      [`${service.url}/here`, false],
    ]);
    expect(service.requests).toHaveLength(1);
  });

  it('refuses a route spec that is not METHOD URL', async () => {
    await using host = await createTestHost();
    expect(() => host.http.route('POST bureau', () => ({}))).toThrow(/takes 'METHOD http\(s\):\/\/host\/path'/);
  });
});
