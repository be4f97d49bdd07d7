/**
 * A real `golem-ts serve` killed (SIGKILL, GOLEM_TS_CRASH_AT) around an outgoing request, then
 * restarted on the same data: a service on 127.0.0.1 counts the requests it gets. Between
 * "request sent" and "response recorded" the idempotence mode decides: sent again (default) or
 * the worker fails with an error that says why (`withIdempotenceMode(false)`), never a silent
 * second request. Once the response is recorded, nothing is ever sent again.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import type { OplogEntry } from '../../src/host/types.ts';
import { tempDir } from './helpers.ts';
import { serve, type HostProcess } from './host-process.ts';
import { localService } from './http-service.ts';

const API = 'test:http-guest/api';

async function upload(host: HostProcess): Promise<string> {
  const template = await host.client.addTemplate('http-guest', readFileSync(inject('httpWasm').guest));
  return template.versionedTemplateId.rawTemplateId;
}

/** The call dies with the host: a connection error, not an answer. */
async function lost(call: Promise<unknown>): Promise<void> {
  await expect(call).rejects.toMatchObject({ code: 'GOLEM_CONNECTION' });
}

/**
 * A host armed with `crashAt` runs `${fn}(POST <service>/charge, body)` under an invocation key
 * and dies with SIGKILL; returns what the restart needs.
 */
async function firstRunDies(crashAt: 'http-response-unrecorded' | 'http-response-recorded', fn: string, url: string, body: string) {
  const dataDir = tempDir('golem-ts-http-crash-');
  const first = await serve(dataDir, { crashAt });
  const templateId = await upload(first);
  await first.client.createWorker(templateId, 'w');
  const key = await first.client.createInvocationKey(templateId, 'w');
  const params = ['POST', `${url}/charge`, body];
  await lost(first.client.invokeAndAwait(templateId, 'w', `${API}/${fn}`, params, { invocationKey: key }));
  expect(await first.exited).toBe('SIGKILL');
  const again = (host: HostProcess) => host.client.invokeAndAwait(templateId, 'w', `${API}/${fn}`, params, { invocationKey: key });
  return { dataDir, templateId, again };
}

const named = (oplog: OplogEntry[], fn: string) => oplog.filter((e) => e.kind === 'imported-function-invoked' && e.functionName === fn);

/** A charge service: answers each request with its sequence number. */
const chargeService = () => localService((req, res) => res.end(`charged #${seen()} ${req.body}`));
let counter = 0;
const seen = () => ++counter;

describe('crash points around an outgoing request', () => {
  it('http-response-unrecorded, idempotent (default): the request is sent once more after the restart and its answer completes the invocation', async () => {
    const service = await chargeService();
    const { dataDir, templateId, again } = await firstRunDies('http-response-unrecorded', 'call', service.url, 'order-1');
    expect(service.requests).toHaveLength(1);

    const second = await serve(dataDir);
    const [answer] = (await again(second)) as [string];
    expect(service.requests.map((r) => r.body)).toEqual(['order-1', 'order-1']);
    expect(answer).toMatch(/^200 \S+ charged #\d+ order-1$/);
    const oplog = await second.client.getOplog(templateId, 'w');
    // One request entry (the first run's), answered by the response the second sending got.
    expect(named(oplog, 'wasi:http/outgoing-handler/handle')).toHaveLength(1);
    expect(JSON.stringify(oplog)).toContain(Buffer.from(answer.replace(/^200 \S+ /, '')).toString('base64'));
  });

  it('http-response-unrecorded, withIdempotenceMode(false): the worker fails with an error that says why; the service saw one request', async () => {
    const service = await chargeService();
    const { dataDir, templateId, again } = await firstRunDies('http-response-unrecorded', 'call-once', service.url, 'order-2');

    const second = await serve(dataDir);
    await expect(again(second)).rejects.toThrow(/was in flight when the host stopped, and the worker's idempotence mode is off/);
    expect((await second.client.getWorker(templateId, 'w')).status).toBe('Failed');
    expect(service.requests).toHaveLength(1);
    const errors = (await second.client.getOplog(templateId, 'w')).filter((e) => e.kind === 'error');
    expect(errors.at(-1)).toMatchObject({ error: expect.stringContaining(`POST ${service.url}/charge`) });
  });

  it.each([
    { fn: 'call', mode: 'idempotent' },
    { fn: 'call-once', mode: 'not idempotent' },
  ])('http-response-recorded ($mode): replay returns the recorded response; the service saw one request', async ({ fn }) => {
    const service = await chargeService();
    const { dataDir, templateId, again } = await firstRunDies('http-response-recorded', fn, service.url, 'order-3');
    expect(service.requests).toHaveLength(1);

    const second = await serve(dataDir);
    const [answer] = (await again(second)) as [string];
    expect(answer).toBe(`200 null charged #${counter} order-3`);
    expect(service.requests).toHaveLength(1);
    expect((await second.client.getWorker(templateId, 'w')).status).toBe('Idle');
  });
});
