/**
 * Outgoing HTTP from a workflow (wasi:http through `fetch`): real requests from the real
 * component, through the real host, to services on 127.0.0.1; the oplog holds each request and
 * its whole response, replay gives the recorded response without sending again, and failures
 * reach the guest as wasi:http error codes.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { oplogLines } from '../../src/cli/format.ts';
import { timeline } from '../../src/dashboard/timeline.ts';
import type { Executor, ExecutorOptions } from '../../src/host/executor.ts';
import type { OplogEntry } from '../../src/host/types.ts';
import { executorWith, tempDir } from './helpers.ts';
import { localService } from './http-service.ts';

const API = 'test:http-guest/api';
const opened: Executor[] = [];
afterEach(async () => {
  for (const e of opened.splice(0)) await e.close();
});

async function host(opts: Omit<ExecutorOptions, 'dataDir'> = {}, dataDir = tempDir('golem-ts-http-'), wasm = inject('httpWasm').guest) {
  const h = await executorWith(wasm, dataDir, opts);
  opened.push(h.executor);
  await h.executor.createWorker(h.templateId, 'w', [], []);
  return h;
}

const calls = (oplog: OplogEntry[], name: string) => oplog.filter((e): e is Extract<OplogEntry, { kind: 'imported-function-invoked' }> => e.kind === 'imported-function-invoked' && e.functionName === name);
const handles = (oplog: OplogEntry[]) => calls(oplog, 'wasi:http/outgoing-handler/handle');
/** The recorded outcomes of requests (the `get` that returned one). */
const outcomes = (oplog: OplogEntry[]) =>
  calls(oplog, 'wasi:http/types/future-incoming-response/get')
    .map((e) => (e.response as { ok: unknown }).ok)
    .filter((ok) => !(typeof ok === 'object' && ok !== null && '$undefined' in ok)) as ({ ok: { status: number; headers: [string, string][]; body: { $bytes: string } } } | { err: { tag: string } })[];

describe('fetch in a workflow', () => {
  it('a POST reaches the local service with its body; the guest gets status, headers and body; the oplog holds the request and the whole response', async () => {
    const service = await localService((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ echoed: req.body, method: req.method, path: req.url }));
    });
    const { executor, templateId } = await host();
    const [answer] = (await executor.invokeAndAwait(templateId, 'w', `${API}/call`, ['POST', `${service.url}/score?x=1`, 'risk please'])) as [string];
    expect(answer).toBe(`200 application/json ${JSON.stringify({ echoed: 'risk please', method: 'POST', path: '/score?x=1' })}`);
    expect(service.requests).toHaveLength(1);
    expect(service.requests[0].headers['content-type']).toBe('text/plain');

    const oplog = executor.getOplog(templateId, 'w');
    const [sent] = handles(oplog);
    expect(sent.wrappedFunctionType).toBe('WriteRemote');
    expect(sent.request).toMatchObject({
      method: 'POST',
      uri: `${service.url}/score?x=1`,
      headers: expect.arrayContaining([['content-type', 'text/plain']]),
      body: { bytes: 11, sha256: createHash('sha256').update('risk please').digest('hex') },
    });
    const [outcome] = outcomes(oplog);
    expect(outcome).toMatchObject({ ok: { status: 200, headers: expect.arrayContaining([['content-type', 'application/json']]) } });
    const body = Buffer.from((outcome as { ok: { body: { $bytes: string } } }).ok.body.$bytes, 'base64').toString('utf8');
    expect(JSON.parse(body)).toEqual({ echoed: 'risk please', method: 'POST', path: '/score?x=1' });
    // The response entry names the request entry it answers.
    const get = calls(oplog, 'wasi:http/types/future-incoming-response/get').at(-1);
    expect(get?.request).toEqual({ handle: sent.idx });

    // The CLI's oplog listing and the dashboard's timeline show both.
    const lines = oplogLines(oplog);
    expect(lines).toContainEqual(expect.stringContaining(`HTTP request POST ${service.url}/score?x=1 (11-byte body) (WriteRemote)`));
    expect(lines).toContainEqual(expect.stringContaining(`HTTP response to entry ${sent.idx}: 200, ${body.length} bytes: {"echoed":"risk please"`));
    const items = timeline(oplog).filter((i) => i.kind === 'http');
    expect(items.map((i) => i.title)).toEqual([`HTTP request POST ${service.url}/score?x=1`, 'HTTP response 200']);
  });

  it('replay returns the recorded body byte for byte and never sends the request again', async () => {
    const bytes = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7) % 256));
    const service = await localService((_req, res) => res.end(bytes));
    const dataDir = tempDir('golem-ts-http-replay-');
    const first = await host({}, dataDir);
    const [got] = (await first.executor.invokeAndAwait(first.templateId, 'w', `${API}/fetch-bytes`, [`${service.url}/blob`])) as [number[]];
    expect(Buffer.from(got)).toEqual(bytes);
    await first.executor.close();
    opened.splice(opened.indexOf(first.executor), 1);

    // A new host on the same data: the worker comes back by replay, which must not call the service.
    const { Executor } = await import('../../src/host/executor.ts');
    const second = await Executor.open({ dataDir });
    opened.push(second);
    await second.recover();
    const [replayed] = (await second.invokeAndAwait(first.templateId, 'w', `${API}/last-bytes`, [])) as [number[]];
    expect(Buffer.from(replayed)).toEqual(bytes);
    expect(service.requests).toHaveLength(1);
  });

  it('a refused connection, a name that does not resolve and a timeout reach the guest as errors and are recorded as wasi:http error codes', async () => {
    const closed = await localService((_req, res) => res.end());
    const refusedUrl = `${closed.url}/nobody-home`;
    await closed.close();
    const silent = await localService(() => {}); // reads the request, never answers
    const { executor, templateId } = await host({ http: { timeoutsMs: { firstByte: 200 } } });

    const guest = async (url: string) => ((await executor.invokeAndAwait(templateId, 'w', `${API}/call`, ['GET', url, ''])) as [string])[0];
    expect(await guest(refusedUrl)).toMatch(/^error: TypeError/);
    expect(await guest('http://credit-bureau.invalid/score')).toMatch(/^error: TypeError/);
    expect(await guest(`${silent.url}/slow`)).toMatch(/^error: TypeError/);
    expect(silent.requests).toHaveLength(1);

    const errors = outcomes(executor.getOplog(templateId, 'w')).map((o) => ('err' in o ? o.err : o));
    expect(errors).toEqual([{ tag: 'connection-refused' }, { tag: 'DNS-error', val: { rcode: 'NXDOMAIN', infoCode: { $undefined: true } } }, { tag: 'connection-read-timeout' }]);
  });

  it('a server whose certificate is not trusted is the error TLS-certificate-error; the request never reaches it', async () => {
    // A throwaway self-signed certificate for 127.0.0.1, made for this test (openssl is on CI's image).
    const dir = tempDir('golem-ts-tls-');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    let reached = 0;
    const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => {
      reached++;
      res.end('secret');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { executor, templateId } = await host();
      const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      expect(await executor.invokeAndAwait(templateId, 'w', `${API}/call`, ['GET', url, ''])).toEqual([expect.stringMatching(/^error: TypeError/)]);
      expect(outcomes(executor.getOplog(templateId, 'w'))).toEqual([{ err: { tag: 'TLS-certificate-error' } }]);
      expect(reached).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a response over the size limit is the error HTTP-response-body-size, and nothing of its body is recorded', async () => {
    const service = await localService((_req, res) => res.end(Buffer.alloc(64 * 1024, 1)));
    const { executor, templateId } = await host({ http: { maxResponseBytes: 16 * 1024 } });
    const [answer] = (await executor.invokeAndAwait(templateId, 'w', `${API}/call`, ['GET', `${service.url}/big`, ''])) as [string];
    expect(answer).toMatch(/^error: TypeError/);
    const [outcome] = outcomes(executor.getOplog(templateId, 'w'));
    expect(outcome).toMatchObject({ err: { tag: 'HTTP-response-body-size' } });
  });
});

describe('a guest stopped while its request is in flight', () => {
  it('records nothing when the response arrives after an interrupt', async () => {
    let answer: (() => void) | undefined;
    let closed: Promise<void> | undefined;
    const service = await localService((_req, res) => {
      closed = new Promise((resolve) => res.socket?.once('close', () => resolve()));
      answer = () => res.end('late');
    });
    const { executor, templateId } = await host();
    const seen = service.nextRequest();
    void executor.invokeAndAwait(templateId, 'w', `${API}/call`, ['GET', `${service.url}/slow`, '']).catch(() => {});
    await seen;
    await executor.interrupt(templateId, 'w', false);
    expect(executor.getWorker(templateId, 'w').status).toBe('Interrupted');
    const before = executor.getOplog(templateId, 'w').length;

    answer!();
    await closed; // the host has read the whole response (the connection closes after it)
    await new Promise((resolve) => setImmediate(resolve));
    expect(executor.getOplog(templateId, 'w')).toHaveLength(before);
    expect(executor.getWorker(templateId, 'w').status).toBe('Interrupted');
  });
});

describe('a component built without HTTP', () => {
  it('("http": false) imports no wasi:http, and its fetch fails with an error that says HTTP was left out of the build', async () => {
    expect(Buffer.from(readFileSync(inject('httpWasm').noHttp)).includes('wasi:http/outgoing-handler')).toBe(false);
    expect(Buffer.from(readFileSync(inject('httpWasm').guest)).includes('wasi:http/outgoing-handler')).toBe(true);
    const service = await localService((_req, res) => res.end('never'));
    const { executor, templateId } = await host({}, tempDir('golem-ts-no-http-'), inject('httpWasm').noHttp);
    const [answer] = (await executor.invokeAndAwait(templateId, 'w', 'test:no-http/api/call', [`${service.url}/x`])) as [string];
    expect(answer).toMatch(/^error: HttpLeftOutError: fetch\(http:\/\/127\.0\.0\.1:\d+\/x\): this component was built without HTTP/);
    expect(service.requests).toHaveLength(0);
  });
});

describe.each([
  { how: 'plain componentize-js', wasm: () => inject('plainGuestWasm')['default-features'] },
  { how: 'jco componentize', wasm: () => inject('jcoComponentizeWasm') },
])('a $how component with default features', ({ wasm }) => {
  it('(wasi:http imported, fetch-event exported, a world-level record, u64 returned as a number) uploads, runs and fetches', async () => {
    const service = await localService((req, res) => res.end(`plain ${req.method} ${req.url}`));
    const { executor, templateId } = await host({}, tempDir('golem-ts-plain-http-'), wasm());
    expect(await executor.invokeAndAwait(templateId, 'w', 'hello', ['Ada'])).toEqual([{ field1: 'Hello Ada', field2: 42 }]);
    expect(await executor.invokeAndAwait(templateId, 'w', 'fetch-text', [`${service.url}/ping`])).toEqual(['200 plain GET /ping']);
    expect(handles(executor.getOplog(templateId, 'w'))).toHaveLength(1);
  });
});
