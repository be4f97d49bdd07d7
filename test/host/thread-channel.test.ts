import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { CAPACITY, Channel, callTable, channelBuffer, readReply, readRequest, REPLY, REQUEST, writeReply, writeRequest } from '../../src/host/thread/channel.js';
import { decodeValue, encodeValue } from '../../src/host/thread/codec.js';
import { GuestThread } from '../../src/host/thread/guest-thread.ts';
import { HostWait } from '../../src/host/thread/host-wait.ts';
import { ThreadStopped } from '../../src/host/thread/stopped.ts';

const GLUE = new URL('../fixtures/thread-glue/glue.js', import.meta.url).href;

/** Every kind of value a host call carries, nested. */
const sample = () => ({
  small: 42,
  negZero: -0,
  float: 1.5,
  nan: NaN,
  big: 2n ** 64n + 3n,
  negBig: -(2n ** 70n),
  i64: -(2n ** 63n),
  text: 'héllo wörld ✓',
  empty: '',
  nothing: [undefined, null, true, false],
  bytes: Uint8Array.from({ length: 300 }, (_, i) => i % 256),
  tiny: new Uint8Array([1, 2, 3]),
  shorts: new Int16Array([1, -2, 3]),
  floats: new Float64Array([0.5, -1e300]),
  nested: { list: [{ tag: 'some', val: [1n, 'x', new Uint8Array(0)] }], deeper: { a: { b: { c: 'd' } } } },
  // Not plain data: passes as structured clone, as postMessage passed it.
  map: new Map([[1, 'one']]),
  date: new Date(0),
});

describe('the thread channel encoding', () => {
  it('round-trips numbers, bigints of any size, strings, typed arrays, nested data and cloned objects', () => {
    const v = sample();
    const back = decodeValue(encodeValue(v), () => undefined) as ReturnType<typeof sample>;
    expect(back).toEqual(v);
    expect(Object.is(back.negZero, -0)).toBe(true);
    expect(back.bytes).toBeInstanceOf(Uint8Array);
    expect(back.shorts).toBeInstanceOf(Int16Array);
    expect(back.map).toBeInstanceOf(Map);
  });

  it('names resources by handle both ways, and carries a thrown error with its payload', () => {
    const res = { resource: true };
    const table = callTable({ 'a:b/c': { functions: ['f'], classes: { R: { methods: ['m'], statics: ['s'] } } } });
    expect(table.map((e) => `${e.op} ${e.op === 'new' ? e.cls : e.name}`)).toEqual(['call f', 'new R', 'method m', 'static s']);
    const ch = new Channel(channelBuffer(), new MessageChannel().port1);
    const handleOf = (o: object) => (o === res ? { id: 7, cls: 'a:b/c#R' } : undefined);
    ch.send(REQUEST, (w) => writeRequest(w, 2, 7, [res, { inner: [res] }, 5n], [3, 4], handleOf));
    expect(ch.current).toBe(REQUEST);
    const seen: unknown[] = [];
    const { call, drops } = readRequest(ch.receive(), table, (id, cls) => (seen.push([id, cls]), res));
    expect(call).toEqual({ op: 'method', iface: 'a:b/c', cls: 'R', name: 'm', h: 7, args: [res, { inner: [res] }, 5n] });
    expect(drops).toEqual([3, 4]);
    expect(seen).toEqual([[7, 'a:b/c#R'], [7, 'a:b/c#R']]);

    // An unknown handle fails the call, not the channel.
    ch.send(REQUEST, (w) => writeRequest(w, 0, undefined, [res], [], handleOf));
    const bad = readRequest(ch.receive(), table, (id) => {
      throw new Error(`unknown handle ${id}`);
    });
    expect((bad.call as { bad?: Error }).bad?.message).toBe('unknown handle 7');

    ch.send(REPLY, (w) => writeReply(w, { throw: { name: 'HostError', message: 'no', hasPayload: true, payload: { tag: 'err', val: res } }, block: 123 }, handleOf));
    expect(readReply(ch.receive(), (id) => ({ proxy: id }))).toEqual({ throw: { name: 'HostError', message: 'no', hasPayload: true, payload: { tag: 'err', val: { proxy: 7 } } }, block: 123 });
    ch.send(REPLY, (w) => writeReply(w, { ok: undefined }));
    expect(readReply(ch.receive(), () => undefined)).toEqual({ ok: undefined });
  });

  it("carries the guest journal's report with a request and the host's feed with a reply; both threads see one monotonic cell", () => {
    const { port1, port2 } = new MessageChannel();
    const sab = channelBuffer();
    const guest = new Channel(sab, port1);
    const host = new Channel(sab, port2);
    const table = [{ op: 'call', iface: 'i', name: 'n' } as const];
    const report = { consumed: 3, buffered: [['wasi:random/random/get-random-bytes', [4n], new Uint8Array([1, 2, 3, 4])], ['wasi:clocks/monotonic-clock/now', undefined, 17n]] as [string, unknown[] | undefined, unknown][] };
    guest.send(REQUEST, (w) => writeRequest(w, 0, undefined, ['arg'], [9], undefined, report));
    expect(readRequest(host.receive(), table, () => undefined)).toEqual({ call: expect.objectContaining({ name: 'n', args: ['arg'] }), drops: [9], journal: report });
    guest.send(REQUEST, (w) => writeRequest(w, 0, undefined, [], [], undefined));
    expect(readRequest(host.receive(), table, () => undefined).journal).toEqual({ consumed: 0, buffered: [] });

    const feed = { items: [[1, 'wasi:clocks/monotonic-clock/now', null, { $bigint: '5' }]] as [number, string, string | null, { $bigint: string }][], live: true, clocks: false };
    host.send(REPLY, (w) => writeReply(w, { ok: 1, feed }));
    expect(readReply(guest.receive(), () => undefined)).toEqual({ ok: 1, feed });
    host.send(REPLY, (w) => writeReply(w, { ok: 2 }));
    expect(readReply(guest.receive(), () => undefined)).toEqual({ ok: 2 });

    Atomics.store(host.monotonic, 0, 123n);
    expect(Atomics.load(guest.monotonic, 0)).toBe(123n);
  });

  it('sends a message larger than the shared buffer whole through the port, and a small one without it', () => {
    const { port1, port2 } = new MessageChannel();
    const sab = channelBuffer();
    const guest = new Channel(sab, port1);
    const host = new Channel(sab, port2);
    const large = Uint8Array.from({ length: CAPACITY * 3 + 5 }, (_, i) => (i * 7) % 256);
    const text = 'ü'.repeat(CAPACITY);
    guest.send(REQUEST, (w) => writeRequest(w, 0, undefined, [large, text], [], undefined));
    const { call } = readRequest(host.receive(), [{ op: 'call', iface: 'i', name: 'n' }], () => undefined);
    expect(call.args[0]).toEqual(large);
    expect(call.args[1]).toBe(text);
    host.send(REPLY, (w) => writeReply(w, { ok: 'small' }));
    expect(readReply(guest.receive(), () => undefined)).toEqual({ ok: 'small' });
    expect(receiveMessageOnPort(port1)).toBeUndefined();
    port1.close();
  });
});

describe('a guest thread over the channel', () => {
  let thread: GuestThread | undefined;
  afterEach(async () => {
    await thread?.terminate(new ThreadStopped('CLOSED', 'test done'));
    thread = undefined;
  });

  it('carries values, resources, errors with payloads, large payloads and waits between the threads', async () => {
    const events: string[] = [];
    let disposed = false;
    class Res {
      constructor(public n: bigint) {}
      add(k: bigint) {
        this.n += k;
        return this.n;
      }
      static same(r: Res) {
        events.push(`same got a Res: ${r instanceof Res}`);
        return r;
      }
      [Symbol.dispose]() {
        disposed = true;
        events.push(`disposed ${this.n}`);
      }
    }
    const imports = {
      'test:channel/api': {
        echo: (v: unknown) => v,
        disposed: () => disposed,
        fail: (payload: unknown) => {
          throw Object.assign(new Error('refused'), { name: 'HostError', payload });
        },
        later: (v: unknown) => new HostWait(new Promise((r) => setTimeout(r, 1)), () => ({ after: v })),
        Res,
      },
    };
    thread = new GuestThread();
    await thread.load(GLUE, {}, imports);

    const v = sample();
    expect(await thread.invoke(['echo'], [v])).toEqual(v);
    // Beyond the shared buffer, both ways.
    const large = Uint8Array.from({ length: CAPACITY * 2 + 1 }, (_, i) => i % 253);
    expect(await thread.invoke(['echo'], [{ large }])).toEqual({ large });

    expect(await thread.invoke(['resource'], [])).toEqual({ n: 7n, sameProxy: true, proxyClass: 'Res', disposedBeforeNextCall: true });
    expect(events).toEqual(['same got a Res: true', 'disposed 7']);

    disposed = false;
    expect(await thread.invoke(['dropLast'], [])).toBe('dropped');
    expect(disposed).toBe(true);

    expect(await thread.invoke(['fail'], [{ tag: 'bad', val: [1n, new Uint8Array([9])] }])).toEqual({
      name: 'HostError',
      message: 'refused',
      payload: { tag: 'bad', val: [1n, new Uint8Array([9])] },
      isError: true,
    });
    expect(await thread.invoke(['later'], [5n])).toEqual({ after: 5n });
  });
});
