import { describe, expect, it } from 'vitest';
import { fromWitValue, RemoteWorker, remoteFunction, RpcError, toWitValue, wit, WitValueError } from '../../src/guest/index.ts';
import { onRpc, rpcCalls } from './fake-host/golem-rpc-types.ts';
import { rejection } from './rejection.ts';

const Item = wit.record({ sku: wit.string, qty: wit.u32, price: wit.option(wit.u64) });

describe('wit-value codecs', () => {
  it('lay a value out as Golem does: parent first, children by index', () => {
    const v = toWitValue(Item, { sku: 'A-1', qty: 2, price: 1999n });
    expect(v.nodes.map((n) => n.tag)).toEqual(['record-value', 'prim-string', 'prim-u32', 'option-value', 'prim-u64']);
    expect(Array.from(v.nodes[0].val as Int32Array)).toEqual([1, 2, 3]);
    expect(v.nodes[3].val).toBe(4);
    expect(fromWitValue(Item, v)).toEqual({ sku: 'A-1', qty: 2, price: 1999n });
  });

  it('round-trip nested lists, results, variants, enums, flags and tuples', () => {
    const Shape = wit.variant({ circle: wit.f64, empty: null });
    const codec = wit.tuple(wit.list(Shape), wit.result(wit.s64, wit.string), wit.enum('red', 'green'), wit.flags('read', 'write'), wit.char);
    const value = [[{ tag: 'circle', val: 1.5 }, { tag: 'empty' }], { tag: 'err', val: 'no' }, 'green', { read: false, write: true }, '😀'] as const;
    expect(fromWitValue(codec, toWitValue(codec, value as never))).toEqual(value);
  });

  it('refuse values that do not fit the type, and nodes that do not fit the codec', () => {
    expect(() => toWitValue(wit.u8, 256)).toThrow(/expected u8, got 256/);
    expect(() => toWitValue(wit.u64, 1 as never)).toThrow(/expected u64/);
    const err = (() => {
      try {
        fromWitValue(wit.string, toWitValue(wit.bool, true));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(WitValueError);
    expect((err as WitValueError).code).toBe('WIT_VALUE');
  });
});

describe('RemoteWorker', () => {
  const add = remoteFunction('acme:calc/api.{add}', [wit.u32, wit.u32], wit.u32);

  it('encodes the arguments, addresses worker://<template>/<name> and decodes the first result of the tuple', () => {
    onRpc((c) => {
      const [a, b] = c.params.map((p) => fromWitValue(wit.u32, p));
      return toWitValue(wit.tuple(wit.u32), [a + b]);
    });
    expect(RemoteWorker.of('0f2e4c1a-0000-4000-8000-000000000001', 'calc 1').call(add, 2, 40)).toBe(42);
    expect(rpcCalls).toEqual([expect.objectContaining({ uri: 'worker://0f2e4c1a-0000-4000-8000-000000000001/calc%201', mode: 'invoke-and-await', functionName: 'acme:calc/api.{add}' })]);
  });

  it('turns an rpc-error into RpcError with its case', async () => {
    onRpc(() => {
      throw Object.assign(new Error('component error'), { payload: { tag: 'not-found', val: 'no such worker' } });
    });
    const e = await rejection((async () => new RemoteWorker('worker://t/w').invoke(add, 1, 2))());
    expect(e).toBeInstanceOf(RpcError);
    expect(e).toMatchObject({ code: 'RPC', kind: 'not-found', detail: 'no such worker' });
  });
});
