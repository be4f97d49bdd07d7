import { afterEach, beforeEach, describe, expect, expectTypeOf, test } from 'vitest';
import { z } from 'zod';
import {
  Bucket,
  KeyValueError,
  PayloadEncodingError,
  PayloadValidationError,
  openBucket,
  resultFn,
  type KeyValueOperation,
  type StandardSchemaV1,
} from '../../src/guest/index.ts';
import { ComponentError, fake } from './fake-host.ts';
import { rejection } from './rejection.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined): string | undefined =>
  b === undefined ? undefined : new TextDecoder().decode(b);

const Application = z.object({ applicant: z.string(), age: z.number().int().nonnegative() });


beforeEach(() => fake.reset());
afterEach(() => {
  // every incoming/outgoing value handle the SDK created was dropped, on every path
  expect(fake.liveValues).toBe(0);
});

describe('JSON values', () => {
  test('set writes UTF-8 JSON; get reads it back; absent keys are undefined', async () => {
    const b = openBucket('apps');
    await b.set('a', { applicant: 'Ada', age: 36, tags: ['x'], note: 'é' });
    expect(text(fake.bucket('apps').get('a'))).toBe('{"applicant":"Ada","age":36,"tags":["x"],"note":"é"}');
    expect(await b.get('a')).toEqual({ applicant: 'Ada', age: 36, tags: ['x'], note: 'é' });
    expect(await b.get('missing')).toBeUndefined();
    await b.set('n', null);
    expect(await b.get('n')).toBeNull();
    expect(b.name).toBe('apps');
  });

  test('get with a schema validates and types the value', async () => {
    const b = openBucket('apps');
    await b.set('a', { applicant: 'Ada', age: 36 });
    const app = await b.get('a', Application);
    expectTypeOf(app).toEqualTypeOf<{ applicant: string; age: number } | undefined>();
    expect(app).toEqual({ applicant: 'Ada', age: 36 });
    expect(await b.get('missing', Application)).toBeUndefined();
  });

  test('invalid value -> PayloadValidationError naming key and bucket', async () => {
    const b = openBucket('apps');
    await b.set('a', { applicant: 'Ada', age: -1 });
    const err = (await rejection(b.get('a', Application))) as PayloadValidationError;
    expect(err).toBeInstanceOf(PayloadValidationError);
    expect(err.code).toBe('INVALID_PAYLOAD');
    expect(err.source).toBe('key "a" in bucket "apps"');
    expect(err.issues.map((i) => i.path)).toEqual([['age']]);
    expect(text(err.bytes)).toBe('{"applicant":"Ada","age":-1}');
    expect(err.message).toMatch(/^invalid payload for key "a" in bucket "apps": 1 issue\n  - age: /);
  });

  test('non-JSON and non-UTF-8 values -> PayloadValidationError', async () => {
    const b = openBucket('raw');
    await b.setBytes('text', utf8('hello'));
    await b.setBytes('binary', new Uint8Array([0x22, 0xc3, 0x28, 0x22]));
    const notJson = (await rejection(b.get('text'))) as PayloadValidationError;
    expect(notJson).toBeInstanceOf(PayloadValidationError);
    expect(notJson.issues[0].message).toMatch(/not valid JSON/);
    const notUtf8 = (await rejection(b.get('binary'))) as PayloadValidationError;
    expect(notUtf8.issues).toEqual([{ message: 'payload is not valid UTF-8 (invalid byte 0xc3 at offset 1)' }]);
    expect([...notUtf8.bytes]).toEqual([0x22, 0xc3, 0x28, 0x22]);
  });

  test('values without a JSON form are rejected before any host call', async () => {
    const b = openBucket('apps');
    fake.calls.length = 0;
    await expect(b.set('a', undefined)).rejects.toBeInstanceOf(PayloadEncodingError);
    await expect(b.set('a', { n: 1n })).rejects.toThrow(/value for key "a" cannot be encoded as JSON/);
    expect(fake.calls).toEqual([]);
  });

  test('typed bucket: openBucket(name, schema) validates every JSON read', async () => {
    const apps = openBucket('apps', Application);
    expectTypeOf(apps).toEqualTypeOf<Bucket<{ applicant: string; age: number }>>();
    await apps.set('a', { applicant: 'Ada', age: 36 });
    const a = await apps.get('a');
    expectTypeOf(a).toEqualTypeOf<{ applicant: string; age: number } | undefined>();
    expect(a).toEqual({ applicant: 'Ada', age: 36 });
    // @ts-expect-error -- not an application
    await apps.set('b', { applicant: 1 });
    await expect(apps.get('b')).rejects.toBeInstanceOf(PayloadValidationError);
    expect(await apps.getMany(['a', 'zz'])).toEqual([{ applicant: 'Ada', age: 36 }, undefined]);
    // an explicit schema wins over the bucket's
    expect(await apps.get('b', z.object({ applicant: z.number() }))).toEqual({ applicant: 1 });
  });

  test('typed bucket with a hand-written Standard Schema', async () => {
    const Upper: StandardSchemaV1<unknown, string> = {
      '~standard': {
        version: 1,
        vendor: 'hand-written',
        validate: (value) =>
          typeof value === 'string' ? { value: value.toUpperCase() } : { issues: [{ message: 'expected a string' }] },
      },
    };
    const b = openBucket('names', Upper);
    expectTypeOf(b).toEqualTypeOf<Bucket<string>>();
    await b.set('x', 'ada');
    expect(await b.get('x')).toBe('ADA');
    await b.setBytes('y', utf8('7'));
    const err = (await rejection(b.get('y'))) as PayloadValidationError;
    expect(err.issues).toEqual([{ message: 'expected a string' }]);
    expect(err.message).toBe('invalid payload for key "y" in bucket "names": 1 issue\n  - expected a string');
  });

  test('an untyped bucket stores anything JSON and reads unknown', async () => {
    const b = openBucket('any');
    expectTypeOf(b).toEqualTypeOf<Bucket<unknown>>();
    expectTypeOf(await b.get('k')).toEqualTypeOf<unknown>();
  });
});

describe('bytes, delete, exists, keys', () => {
  test('getBytes / setBytes store exact bytes', async () => {
    const b = openBucket('raw');
    const bytes = new Uint8Array([0, 1, 2, 253, 254, 255]);
    await b.setBytes('k', bytes);
    bytes[0] = 99; // the stored value is a copy
    expect([...(await b.getBytes('k'))!]).toEqual([0, 1, 2, 253, 254, 255]);
    expect(await b.getBytes('missing')).toBeUndefined();
    await b.setBytes('empty', new Uint8Array());
    expect(await b.getBytes('empty')).toEqual(new Uint8Array());
  });

  test('delete, exists and keys', async () => {
    const b = openBucket('kv');
    await b.set('a', 1);
    await b.set('b', 2);
    expect(await b.exists('a')).toBe(true);
    expect(await b.exists('zz')).toBe(false);
    expect((await b.keys()).sort()).toEqual(['a', 'b']);
    await b.delete('a');
    await b.delete('never-there');
    expect(await b.exists('a')).toBe(false);
    expect(await b.keys()).toEqual(['b']);
  });

  test('buckets are separate; the same name opens the same data', async () => {
    await openBucket('one').set('k', 'one');
    await openBucket('two').set('k', 'two');
    expect(await openBucket('one').get('k')).toBe('one');
    expect(await openBucket('two').get('k')).toBe('two');
    expect(await openBucket('three').keys()).toEqual([]);
  });

  test('raw exposes the bucket resource; close drops it', () => {
    const b = openBucket('kv');
    const raw = b.raw as unknown as { name: string; disposed: boolean };
    expect(raw.name).toBe('kv');
    b.close();
    expect(raw.disposed).toBe(true);
  });
});

describe('batch operations', () => {
  test('getMany returns values in order with undefined for absent keys', async () => {
    const b = openBucket('kv');
    await b.set('a', { v: 1 });
    await b.set('c', { v: 3 });
    expect(await b.getMany(['c', 'missing', 'a'])).toEqual([{ v: 3 }, undefined, { v: 1 }]);
    expect(await b.getMany([])).toEqual([]);
    const typed = await b.getMany(['a', 'x'], z.object({ v: z.number() }));
    expectTypeOf(typed).toEqualTypeOf<Array<{ v: number } | undefined>>();
    expect(typed).toEqual([{ v: 1 }, undefined]);
    expect(fake.calls.filter((c) => c === 'get-many')).toHaveLength(3);
  });

  test('getMany validation failures name the key', async () => {
    const b = openBucket('kv');
    await b.set('a', { v: 1 });
    await b.set('b', { v: 'two' });
    const err = (await rejection(b.getMany(['a', 'b'], z.object({ v: z.number() })))) as PayloadValidationError;
    expect(err).toBeInstanceOf(PayloadValidationError);
    expect(err.source).toBe('key "b" in bucket "kv"');
  });

  test('getManyBytes returns raw bytes in order', async () => {
    const b = openBucket('kv');
    await b.setBytes('x', new Uint8Array([1]));
    await b.setBytes('y', new Uint8Array([2, 3]));
    const got = await b.getManyBytes(['y', 'nope', 'x']);
    expect(got.map((v) => (v === undefined ? undefined : [...v]))).toEqual([[2, 3], undefined, [1]]);
  });

  test('setMany accepts pairs, a Map or a record', async () => {
    const b = openBucket('kv');
    await b.setMany([
      ['a', 1],
      ['b', { x: true }],
    ]);
    await b.setMany(new Map([['c', 'three']]));
    await b.setMany({ d: [4], e: null });
    expect(text(fake.bucket('kv').get('b'))).toBe('{"x":true}');
    expect(await b.getMany(['a', 'b', 'c', 'd', 'e'])).toEqual([1, { x: true }, 'three', [4], null]);
    expect(fake.calls.filter((c) => c === 'set-many')).toHaveLength(3);
  });

  test('setMany encodes everything before writing anything', async () => {
    const b = openBucket('kv');
    await expect(b.setMany({ ok: 1, bad: 2n })).rejects.toThrow(/value for key "bad"/);
    expect(await b.keys()).toEqual([]);
  });

  test('setManyBytes writes raw values', async () => {
    const b = openBucket('kv');
    await b.setManyBytes([['a', new Uint8Array([7])]]);
    await b.setManyBytes({ b: utf8('"s"') });
    expect([...(await b.getBytes('a'))!]).toEqual([7]);
    expect(await b.get('b')).toBe('s');
  });

  test('deleteMany deletes and skips absent keys', async () => {
    const b = openBucket('kv');
    await b.setMany({ a: 1, b: 2, c: 3 });
    await b.deleteMany(['a', 'c', 'zzz']);
    expect(await b.keys()).toEqual(['b']);
  });
});

describe('atomic counters', () => {
  test('increment returns the new value as a bigint; missing keys start at 0', async () => {
    const b = openBucket('counters');
    const first = await b.increment('hits');
    expectTypeOf(first).toEqualTypeOf<bigint>();
    expect(first).toBe(1n);
    expect(await b.increment('hits', 5)).toBe(6n);
    expect(await b.increment('hits', 10n)).toBe(16n);
    expect(await b.increment('hits', 0)).toBe(16n);
    // the fake stores counters as decimal text, so they also read back as JSON numbers
    expect(await b.get('hits')).toBe(16);
  });

  test('increment handles u64 values beyond Number.MAX_SAFE_INTEGER', async () => {
    const b = openBucket('counters');
    expect(await b.increment('big', 2n ** 63n)).toBe(2n ** 63n);
    expect(await b.increment('big', 2n ** 63n - 1n)).toBe(2n ** 64n - 1n);
  });

  test('increment rejects deltas that are not u64 without calling the host', async () => {
    const b = openBucket('counters');
    fake.calls.length = 0;
    await expect(b.increment('k', -1)).rejects.toBeInstanceOf(RangeError);
    await expect(b.increment('k', -1n)).rejects.toBeInstanceOf(RangeError);
    await expect(b.increment('k', 1.5)).rejects.toBeInstanceOf(RangeError);
    await expect(b.increment('k', 2n ** 64n)).rejects.toBeInstanceOf(RangeError);
    expect(fake.calls).toEqual([]);
  });

  test('compareAndSwap swaps only on a match and never creates the key', async () => {
    const b = openBucket('counters');
    expect(await b.compareAndSwap('v', 0, 1)).toBe(false);
    expect(await b.exists('v')).toBe(false);
    await b.increment('v', 3);
    expect(await b.compareAndSwap('v', 2, 10)).toBe(false);
    expect(await b.compareAndSwap('v', 3n, 10n)).toBe(true);
    expect(await b.increment('v', 0)).toBe(10n);
    expect(await b.compareAndSwap('v', 10, 2n ** 64n - 1n)).toBe(true);
    expect(await b.increment('v', 0)).toBe(2n ** 64n - 1n);
    await expect(b.compareAndSwap('v', -1, 0)).rejects.toBeInstanceOf(RangeError);
  });
});

describe('host errors', () => {
  type Case = [KeyValueOperation, (b: Bucket) => Promise<unknown>, { key?: string; keys?: string[] }];
  const cases: Case[] = [
    ['get', (b) => b.get('k'), { key: 'k' }],
    ['get', (b) => b.getBytes('k'), { key: 'k' }],
    ['set', (b) => b.set('k', 1), { key: 'k' }],
    ['set', (b) => b.setBytes('k', new Uint8Array([1])), { key: 'k' }],
    ['outgoing-value-write-body-sync', (b) => b.set('k', 1), { key: 'k' }],
    ['incoming-value-consume-sync', (b) => b.get('present'), { key: 'present' }],
    ['incoming-value-consume-sync', (b) => b.getMany(['present']), { key: 'present' }],
    ['delete', (b) => b.delete('k'), { key: 'k' }],
    ['exists', (b) => b.exists('k'), { key: 'k' }],
    ['keys', (b) => b.keys(), {}],
    ['get-many', (b) => b.getMany(['a', 'b']), { keys: ['a', 'b'] }],
    ['get-many', (b) => b.getManyBytes(['a']), { keys: ['a'] }],
    ['set-many', (b) => b.setMany({ a: 1, b: 2 }), { keys: ['a', 'b'] }],
    ['set-many', (b) => b.setManyBytes([['a', new Uint8Array()]]), { keys: ['a'] }],
    ['delete-many', (b) => b.deleteMany(['a']), { keys: ['a'] }],
    ['increment', (b) => b.increment('k', 1), { key: 'k' }],
    ['compare-and-swap', (b) => b.compareAndSwap('k', 1, 2), { key: 'k' }],
  ];

  test.each(cases)('%s err -> KeyValueError with the host trace', async (op, call, target) => {
    const b = openBucket('store');
    await b.set('present', 1);
    fake.failNext(op, `redis: connection refused during ${op}`);
    const e = await rejection(call(b));
    expect(e).toBeInstanceOf(KeyValueError);
    const err = e as KeyValueError;
    expect(err.code).toBe('KEY_VALUE');
    expect(err.name).toBe('KeyValueError');
    expect(err.operation).toBe(op);
    expect(err.bucket).toBe('store');
    expect(err.key).toBe(target.key);
    expect(err.keys).toEqual(target.keys);
    expect(err.trace).toBe(`redis: connection refused during ${op}`);
    expect(err.message).toContain(`key-value ${op} failed for`);
    expect(err.message).toContain(`bucket "store": redis: connection refused during ${op}`);
    expect(err.cause).toBeInstanceOf(ComponentError);
    const payload = (err.cause as ComponentError).payload as { trace(): string };
    expect(payload.trace()).toBe(err.trace);
    // the failure was one-shot
    await call(b);
  });

  test('open-bucket err -> KeyValueError thrown synchronously', () => {
    fake.failNext('open-bucket', 'bucket quota exceeded');
    let caught: unknown;
    try {
      openBucket('nope');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(KeyValueError);
    expect((caught as KeyValueError).operation).toBe('open-bucket');
    expect((caught as KeyValueError).bucket).toBe('nope');
    expect((caught as KeyValueError).message).toBe(
      'key-value open-bucket failed for bucket "nope": bucket quota exceeded',
    );
  });

  test('a host error from the counter itself is mapped too', async () => {
    const b = openBucket('counters');
    await b.set('json', { not: 'a counter' });
    const err = (await rejection(b.increment('json'))) as KeyValueError;
    expect(err).toBeInstanceOf(KeyValueError);
    expect(err.trace).toBe('value of json is not a u64 counter');
  });

  test('anything that is not an err payload propagates untouched', async () => {
    const b = openBucket('store');
    const trap = new RangeError('wasm trap: unreachable');
    fake.throwNext('get', trap);
    expect(await rejection(b.get('k'))).toBe(trap);
    const weird = { not: 'a component error' };
    fake.throwNext('set-many', weird);
    expect(await rejection(b.setMany({ a: 1 }))).toBe(weird);
  });

  test('resultFn reports a KeyValueError as err(string)', async () => {
    const read = resultFn(async (key: string) => openBucket('store').get(key));
    fake.failNext('get', 'timeout');
    await expect(read('k')).rejects.toBe('KEY_VALUE: key-value get failed for key "k" in bucket "store": timeout');
  });
});
