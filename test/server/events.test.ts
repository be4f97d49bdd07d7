/**
 * The event stream (`GET …/events`, src/server/event-routes.ts) over real HTTP on 127.0.0.1 with
 * a real underwriting worker: the snapshot first, then Running → Suspended → Idle in order;
 * created and deleted on the template's stream and the host-wide one; heartbeats; the stream ends with the server;
 * a client that goes away leaves no listener behind; auth, Host and Origin checks apply.
 */
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request, type IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GolemClient } from '../../src/client/index.ts';
import { readEventStream } from '../../src/client/event-stream.ts';
import { emptyDisk, fillDisk } from '../../src/host/crash-points.ts';
import { Executor } from '../../src/host/executor.ts';
import type { WorkerEvents } from '../../src/host/status-events.ts';
import type { WorkerStreamEvent } from '../../src/host/types.ts';
import { createServer } from '../../src/server/index.ts';
import { underwritingWasmPath } from './host.ts';

const TOKEN = 'events-test-token';
const API = 'golem:underwriting/api';
const auth = { authorization: `Bearer ${TOKEN}` };

let dataDir: string;
let executor: Executor;
let app: FastifyInstance;
let url: string;
let client: GolemClient;
let templateId: string;
const sockets: Socket[] = [];
const subscriptions = () => (executor as unknown as { events: WorkerEvents }).events.size;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'golem-ts-events-test-'));
  executor = await Executor.open({ dataDir });
  app = createServer({ executor, token: TOKEN, eventHeartbeatMs: 50 });
  app.server.on('connection', (s: Socket) => sockets.push(s));
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  client = new GolemClient({ url, token: TOKEN });
  templateId = (await client.addTemplate('underwriting', await readFile(underwritingWasmPath()))).versionedTemplateId.rawTemplateId;
}, 120_000);

afterAll(async () => {
  await app?.close();
  await executor?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/**
 * An open stream read event by event on its own connection: `next(test)` skips to the first
 * event that passes; `close()` resolves once the server's end of the connection is closed.
 */
async function openStream(path: string, headers: Record<string, string> = auth) {
  const known = sockets.length;
  const { hostname, port } = new URL(url);
  const req = request({ host: hostname, port, path, headers, agent: false });
  req.end();
  const [res] = (await once(req, 'response')) as [IncomingMessage];
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
  const [serverSide] = sockets.slice(known);
  const events = readEventStream(Readable.toWeb(res) as ReadableStream<Uint8Array>) as AsyncGenerator<WorkerStreamEvent>;
  const seen: WorkerStreamEvent[] = [];
  return {
    seen,
    async next(test: (e: WorkerStreamEvent) => boolean = () => true): Promise<WorkerStreamEvent> {
      for (;;) {
        const { value, done } = await events.next();
        if (done) throw new Error(`the stream ended; seen: ${JSON.stringify(seen)}`);
        seen.push(value);
        if (test(value)) return value;
      }
    },
    async close() {
      const closed = serverSide.destroyed ? Promise.resolve() : once(serverSide, 'close');
      req.destroy();
      await closed;
    },
  };
}

const statusOf = (e: WorkerStreamEvent) => (e.type === 'status' ? `${e.previous}→${e.status}` : e.type);

describe('GET …/workers/{name}/events', () => {
  it('streams the snapshot, then Running → Suspended → Idle of an underwriting workflow in order', { timeout: 120_000 }, async () => {
    await client.createWorker(templateId, 'ada');
    const stream = await openStream(`/v1/templates/${templateId}/workers/ada/events`);
    const snapshot = await stream.next();
    expect(snapshot).toEqual({ type: 'snapshot', workers: [await client.getWorker(templateId, 'ada')] });

    const [submitted] = (await client.invokeAndAwait(templateId, 'ada', `${API}/submit`, [{ applicant: 'Ada', age: 36, coverage: 100_000, smoker: false }])) as [{ ok: { promise: { 'oplog-idx': number } } }];
    const decision = client.invokeAndAwait(templateId, 'ada', `${API}/await-decision`, []);
    await stream.next((e) => e.type === 'status' && e.status === 'Suspended');
    expect(await client.completePromise(templateId, 'ada', submitted.ok.promise['oplog-idx'], new TextEncoder().encode(JSON.stringify({ verdict: 'approve', 'loading-percent': 0, note: 'fine' })))).toBe(true);
    await decision;
    await stream.next((e) => e.type === 'status' && e.status === 'Idle' && e.previous === 'Running' && stream.seen.some((s) => s.type === 'promise-completed'));

    expect(stream.seen.map(statusOf)).toEqual([
      'snapshot',
      'Idle→Running',
      'Running→Idle', // submit
      'Idle→Running',
      'Running→Suspended', // await-decision, until the underwriter answers
      'promise-completed',
      'Suspended→Running',
      'Running→Idle',
    ]);
    expect(stream.seen.find((e) => e.type === 'promise-completed')).toMatchObject({ workerId: { rawTemplateId: templateId, workerName: 'ada' }, oplogIdx: submitted.ok.promise['oplog-idx'] });
    await stream.close();
  });

  it('sends no event for a status the store rolled back (a full disk), only for what it committed after', { timeout: 120_000 }, async () => {
    await client.createWorker(templateId, 'full');
    await client.invokeAndAwait(templateId, 'full', `${API}/decision`, []); // instantiated while there is room
    const stream = await openStream(`/v1/templates/${templateId}/workers/full/events`);
    await stream.next();
    fillDisk(executor.store.db);
    try {
      // Running in memory until the first effect's write is refused: then forgotten, as a crash forgets it.
      const refused = await client.invokeAndAwait(templateId, 'full', `${API}/submit`, [{ applicant: 'x'.repeat(40_000), age: 40, coverage: 1, smoker: false }]).catch((e: unknown) => e);
      expect(refused).toMatchObject({ status: 503 });
    } finally {
      emptyDisk(executor.store.db);
    }
    await client.invokeAndAwait(templateId, 'full', `${API}/submit`, [{ applicant: 'Ada', age: 40, coverage: 1, smoker: false }]);
    await stream.next((e) => e.type === 'status' && e.status === 'Idle');
    expect(stream.seen.map(statusOf)).toEqual(['snapshot', 'Idle→Running', 'Running→Idle']);
    await stream.close();
  });

  it('answers 404 for a worker that does not exist, before any stream starts', async () => {
    const res = await fetch(`${url}/v1/templates/${templateId}/workers/nobody/events`, { headers: auth });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: expect.stringContaining('nobody') });
  });
});

describe('GET /v1/templates/{id}/events', () => {
  it('streams every worker of the template: created, their status changes, deleted; and heartbeats', async () => {
    const before = await client.listWorkers(templateId);
    const stream = await openStream(`/v1/templates/${templateId}/events`);
    expect(await stream.next()).toEqual({ type: 'snapshot', workers: before });
    await client.createWorker(templateId, 'grace');
    expect(await stream.next()).toMatchObject({ type: 'created', workerId: { workerName: 'grace' }, status: 'Idle' });
    await client.deleteWorker(templateId, 'grace');
    expect(await stream.next()).toMatchObject({ type: 'deleted', workerId: { workerName: 'grace' } });
    await stream.close();

    // Heartbeats are comments: read the raw text until one arrives.
    const raw = await fetch(`${url}/v1/templates/${templateId}/events`, { headers: auth });
    const reader = raw.body!.getReader();
    let text = '';
    while (!text.includes(': heartbeat\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toMatch(/^id: 0\nevent: snapshot\ndata: \{"type":"snapshot","workers":\[/);
    await reader.cancel();
  });

  it('answers 404 for an unknown template and 400 for a malformed id', async () => {
    expect((await fetch(`${url}/v1/templates/00000000-0000-4000-8000-00000000dead/events`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${url}/v1/templates/not-a-uuid/events`, { headers: auth })).status).toBe(400);
  });
});

describe('GET /v1/events', () => {
  it('streams every worker of every template, beginning with all of them', async () => {
    const stream = await openStream('/v1/events');
    const snapshot = await stream.next();
    expect(snapshot).toEqual({ type: 'snapshot', workers: await client.listWorkers(templateId) });
    await client.createWorker(templateId, 'anywhere');
    expect(await stream.next()).toMatchObject({ type: 'created', workerId: { rawTemplateId: templateId, workerName: 'anywhere' } });
    await stream.close();
  });
});

describe('subscriptions', () => {
  it('a client that goes away leaves no listener behind', async () => {
    const idle = subscriptions();
    const stream = await openStream(`/v1/templates/${templateId}/events`);
    await stream.next(); // the snapshot
    expect(subscriptions()).toBe(idle + 1);
    await stream.close();
    expect(subscriptions()).toBe(idle);
  });

  it('a stream ends when its host closes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'golem-ts-events-host-'));
    const other = await Executor.open({ dataDir: dir });
    const server = createServer({ executor: other });
    try {
      await server.listen({ host: '127.0.0.1', port: 0 });
      const otherTemplate = (await other.addTemplate('underwriting', await readFile(underwritingWasmPath()))).versionedTemplateId.rawTemplateId;
      const res = await fetch(`http://127.0.0.1:${(server.server.address() as { port: number }).port}/v1/templates/${otherTemplate}/events`);
      const reading = (async () => {
        const seen: string[] = [];
        for await (const e of readEventStream(res.body!)) seen.push((e as WorkerStreamEvent).type);
        return seen;
      })();
      await other.createWorker(otherTemplate, 'last');
      await other.close();
      expect(await reading).toEqual(['snapshot', 'created']);
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the client waits for a status without polling, and the stream ends when the server closes', async () => {
    await client.createWorker(templateId, 'waiter');
    expect(await client.waitForStatus(templateId, 'waiter', 'Idle')).toBe('Idle');
    const stream = await openStream(`/v1/templates/${templateId}/workers/waiter/events`);
    await stream.next();
    // A second server on the same host: closing it ends its streams, not the host.
    const other = createServer({ executor, token: TOKEN });
    await other.listen({ host: '127.0.0.1', port: 0 });
    const otherUrl = `http://127.0.0.1:${(other.server.address() as { port: number }).port}`;
    const res = await fetch(`${otherUrl}/v1/templates/${templateId}/workers/waiter/events`, { headers: auth });
    const reading = (async () => {
      const seen: unknown[] = [];
      for await (const e of readEventStream(res.body!)) seen.push(e);
      return seen;
    })();
    await other.close();
    expect((await reading).map((e) => (e as WorkerStreamEvent).type)).toEqual(['snapshot']);
    await stream.close();
  });
});

describe('GolemClient.waitForStatus', () => {
  it('resolves at once when the status holds, with a list or a test too', async () => {
    await client.createWorker(templateId, 'now');
    expect(await client.waitForStatus(templateId, 'now', ['Suspended', 'Idle'])).toBe('Idle');
    expect(await client.waitForStatus(templateId, 'now', (s) => s !== 'Running')).toBe('Idle');
  });

  it('gives up after its timeout naming the status, stops on its signal, and fails when the worker is deleted', async () => {
    await client.createWorker(templateId, 'never');
    const timedOut = await client.waitForStatus(templateId, 'never', 'Exited', { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(timedOut).toMatchObject({ name: 'GolemTimeoutError', message: 'worker never did not become Exited within 100 ms (it is Idle)' });
    const stop = new AbortController();
    const stopped = client.waitForStatus(templateId, 'never', 'Exited', { signal: stop.signal }).catch((e: unknown) => e);
    stop.abort(new Error('no longer needed'));
    expect(await stopped).toMatchObject({ message: 'no longer needed' });
    const waiting = client.waitForStatus(templateId, 'never', 'Exited').catch((e: unknown) => e);
    // Subscribed once the stream's snapshot is read: the delete comes after it.
    for await (const e of client.events(templateId, 'never')) if (e.type === 'snapshot') break;
    await client.deleteWorker(templateId, 'never');
    expect(await waiting).toMatchObject({ name: 'GolemClientError', message: 'worker never was deleted while waiting for it to be Exited' });
  });

  it('is a golem-ts extension: other REST shapes refuse it before sending anything', async () => {
    const golem10 = new GolemClient({ url, token: TOKEN, api: 'golem-1.0' });
    await expect(golem10.waitForStatus(templateId, 'x', 'Idle')).rejects.toThrow(/not part of the golem-1.0 REST API/);
  });
});

/** One request with exactly these headers (Host included); the status only. */
function statusWith(path: string, headers: Record<string, string>): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, headers }, (res) => {
      resolve(res.statusCode ?? 0);
      res.destroy();
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the stream goes through the same checks as every route', () => {
  const paths = () => ['/v1/events', `/v1/templates/${templateId}/events`, `/v1/templates/${templateId}/workers/ada/events`];
  const own = () => new URL(url).host;

  it('401 without the bearer token', async () => {
    for (const path of paths()) expect(await statusWith(path, { host: own() })).toBe(401);
  });

  it('421 under a foreign Host', async () => {
    for (const path of paths()) expect(await statusWith(path, { host: `rebind.test:${new URL(url).port}`, ...auth })).toBe(421);
  });

  it("403 from another origin's page (Origin, or Sec-Fetch-Site without one); same-origin pages and plain clients pass", async () => {
    for (const path of paths()) {
      expect(await statusWith(path, { host: own(), origin: 'http://evil.test', ...auth })).toBe(403);
      expect(await statusWith(path, { host: own(), origin: 'null', ...auth })).toBe(403);
      expect(await statusWith(path, { host: own(), 'sec-fetch-site': 'cross-site', ...auth })).toBe(403);
      expect(await statusWith(path, { host: own(), origin: `http://${own()}`, ...auth })).toBe(200);
      expect(await statusWith(path, { host: own(), 'sec-fetch-site': 'same-origin', ...auth })).toBe(200);
    }
  });
});
