/**
 * The host's wasi:http resources driven directly, as a guest other than componentize-js's fetch
 * may drive them: the body finished after `handle`, request-options timeouts, the oplog a
 * request leaves, and a second instance replaying it from that oplog without sending.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/host/clock.ts';
import { Durability } from '../../src/host/durability.ts';
import type { WorkerContext } from '../../src/host/imports/context.ts';
import { http } from '../../src/host/imports/http/index.ts';
import { io } from '../../src/host/imports/wasi/io.ts';
import { MonotonicTime } from '../../src/host/imports/wasi/monotonic.ts';
import { Store } from '../../src/host/store.ts';
import { HostWait } from '../../src/host/thread/host-wait.ts';
import { tempDir } from './helpers.ts';
import { localService } from './http-service.ts';

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

/** The interfaces one instance gets, over a real store; `entries` replays an oplog. */
function instance(store: Store, entries: ReturnType<Store['oplog']> = []) {
  const durability = new Durability(store, 'template', 'worker', entries);
  const ctx = { templateId: 'template', workerName: 'worker', durability, clock: systemClock, settings: { idempotenceMode: true }, asyncHostCalls: true, output: () => {} } as unknown as WorkerContext;
  const wasiIo = io(ctx, new MonotonicTime(systemClock));
  const h = http(ctx, wasiIo) as Record<string, Record<string, any>>;
  return { types: h['wasi:http/types'], handle: h['wasi:http/outgoing-handler'].handle as (req: unknown, opts?: unknown) => any, poll: wasiIo['wasi:io/poll'] };
}

/** What the guest's thread does with a host call's answer: waits for a HostWait, then takes its value. */
async function settle<T>(v: T | HostWait<T>): Promise<T> {
  if (!(v instanceof HostWait)) return v;
  await v.until;
  return v.then();
}

const bytes = (s: string) => new TextEncoder().encode(s);

/** POSTs `body`, writing and finishing it only after `handle`; returns the outcome's status and body, or its error code. */
async function post(inst: ReturnType<typeof instance>, url: URL, body: string, options?: unknown) {
  const { Fields, OutgoingRequest, OutgoingBody } = inst.types;
  const req = new OutgoingRequest(Fields.fromList([['content-type', bytes('text/plain')]]));
  req.setMethod({ tag: 'post' });
  req.setScheme({ tag: 'HTTP' });
  req.setAuthority(url.host);
  req.setPathWithQuery(url.pathname);
  const outgoing = req.body();
  const future = inst.handle(req, options);
  outgoing.write().blockingWriteAndFlush(bytes(body));
  OutgoingBody.finish(outgoing, undefined);
  await settle(inst.poll.poll([future.subscribe()]));
  const got = future.get();
  if (got.val.tag === 'err') return { error: got.val.val.tag as string };
  const response = got.val.val;
  const stream = response.consume().stream();
  let text = '';
  try {
    for (;;) text += new TextDecoder().decode(stream.blockingRead(4096n));
  } catch (e) {
    expect(e).toEqual({ payload: { tag: 'closed' } });
  }
  return { status: response.status() as number, text };
}

describe('wasi:http resources on the host', () => {
  it('a body finished after handle is sent whole; the oplog records the request, and a replaying instance gets the same response without sending', async () => {
    const service = await localService((req, res) => res.end(`got ${req.body}`));
    const store = new Store(tempDir('golem-ts-http-imports-'));
    stores.push(store);
    expect(await post(instance(store), new URL(`${service.url}/late-body`), 'written after handle')).toEqual({ status: 200, text: 'got written after handle' });
    expect(service.requests.map((r) => r.body)).toEqual(['written after handle']);

    const oplog = store.oplog('template', 'worker');
    expect(oplog.find((e) => e.kind === 'imported-function-invoked' && e.functionName === 'wasi:http/outgoing-handler/handle')).toMatchObject({
      request: { method: 'POST', uri: `${service.url}/late-body`, body: { bytes: 20 } },
    });
    expect(await post(instance(store, oplog), new URL(`${service.url}/late-body`), 'written after handle')).toEqual({ status: 200, text: 'got written after handle' });
    expect(service.requests).toHaveLength(1);
  });

  it("request-options' first-byte timeout applies: a silent server is connection-read-timeout", async () => {
    const silent = await localService(() => {});
    const store = new Store(tempDir('golem-ts-http-imports-'));
    stores.push(store);
    const inst = instance(store);
    const options = new inst.types.RequestOptions();
    options.setFirstByteTimeout(100_000_000n); // 100 ms, in ns
    expect(options.firstByteTimeout()).toBe(100_000_000n);
    expect(await post(inst, new URL(`${silent.url}/never`), 'x', options)).toEqual({ error: 'connection-read-timeout' });
  });
});
