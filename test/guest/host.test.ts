import { beforeEach, describe, expect, expectTypeOf, test } from 'vitest';
import type * as HostModule from 'golem:api/host@0.2.0';
import * as fakeHostModule from './fake-host/golem-api-host.ts';
import {
  InvalidUuidError,
  atomically,
  host,
  idempotencyKey,
  isHostUnwind,
  oplogIndex,
  resultFn,
  selfUri,
  uuidFromString,
  uuidToString,
  withIdempotenceMode,
  withPersistenceLevel,
  withRetryPolicy,
  type Uuid,
} from '../../src/guest/index.ts';
import { JumpSignal, SuspendSignal, fake } from './fake-host.ts';

beforeEach(() => fake.reset());

const WIT_FUNCTIONS = [
  'createPromise',
  'awaitPromise',
  'completePromise',
  'deletePromise',
  'getSelfUri',
  'getOplogIndex',
  'setOplogIndex',
  'oplogCommit',
  'markBeginOperation',
  'markEndOperation',
  'getRetryPolicy',
  'setRetryPolicy',
  'getOplogPersistenceLevel',
  'setOplogPersistenceLevel',
  'getIdempotenceMode',
  'setIdempotenceMode',
  'generateIdempotencyKey',
] as const;

describe('raw bindings', () => {
  test('every golem:api/host@0.2.0 function is exported under its camelCased WIT name', () => {
    for (const name of WIT_FUNCTIONS) expect(typeof host[name], name).toBe('function');
    expect(typeof host.GetWorkers).toBe('function');
  });

  test('the raw bindings have the generated signatures', () => {
    type Raw = Pick<typeof HostModule, (typeof WIT_FUNCTIONS)[number]>;
    expectTypeOf<Pick<typeof host, (typeof WIT_FUNCTIONS)[number]>>().toEqualTypeOf<Raw>();
    expectTypeOf(host.GetWorkers).toEqualTypeOf<typeof HostModule.GetWorkers>();
    expectTypeOf<host.PromiseId>().toEqualTypeOf<HostModule.PromiseId>();
    expectTypeOf<host.WorkerMetadata>().toEqualTypeOf<HostModule.WorkerMetadata>();
  });

  test('the fake host implements the declared module', () => {
    const functions: Pick<typeof HostModule, (typeof WIT_FUNCTIONS)[number]> = fakeHostModule;
    expect(Object.keys(functions).length).toBeGreaterThanOrEqual(WIT_FUNCTIONS.length);
  });

  test('the raw bindings pass through to the host', () => {
    const id = host.createPromise();
    expect(id.oplogIdx).toBe(1n);
    expect(host.completePromise(id, new Uint8Array([1]))).toBe(true);
    expect([...host.awaitPromise(id)]).toEqual([1]);
    host.deletePromise(id);
    expect(fake.promise(id)).toBeUndefined();

    expect(host.getOplogIndex()).toBe(fake.oplogIndex);
    host.oplogCommit(2);
    expect(fake.committed).toEqual([2]);
    const begin = host.markBeginOperation();
    expect(fake.openRegions.has(begin)).toBe(true);
    host.markEndOperation(begin);
    expect(fake.openRegions.size).toBe(0);

    const policy = { maxAttempts: 5, minDelay: 1n, maxDelay: 2n, multiplier: 2 };
    host.setRetryPolicy(policy);
    expect(host.getRetryPolicy()).toEqual(policy);
    host.setOplogPersistenceLevel({ tag: 'persist-nothing' });
    expect(host.getOplogPersistenceLevel()).toEqual({ tag: 'persist-nothing' });
    host.setIdempotenceMode(false);
    expect(host.getIdempotenceMode()).toBe(false);
    expect(host.getSelfUri('golem:it/api/run').value).toContain('/worker-1/golem:it/api/run');
    expect(host.generateIdempotencyKey().lowBits >> 63n).toBe(1n);

    const workers = new host.GetWorkers({ uuid: fake.templateId }, undefined, true);
    expect(workers.getNext()?.[0].workerId.workerName).toBe('worker-1');
    expect(workers.getNext()).toBeUndefined();
  });

  test('what the host throws is a host unwind: rethrown as is, never turned into err', async () => {
    let jump: unknown;
    try {
      host.setOplogIndex(3n);
    } catch (e) {
      jump = e;
    }
    expect(jump).toBeInstanceOf(JumpSignal);
    expect(isHostUnwind(jump)).toBe(true);
    expect(isHostUnwind(new Error('ordinary'))).toBe(false);
    expect(isHostUnwind('a string')).toBe(false);
    const travel = resultFn(() => host.setOplogIndex(1n));
    await expect(travel()).rejects.toBeInstanceOf(JumpSignal);
  });
});

describe('helpers', () => {
  test('oplogIndex, selfUri and idempotencyKey', () => {
    fake.oplogIndex = 77n;
    expect(oplogIndex()).toBe(77n);
    expect(selfUri('golem:underwriting/api/await-decision')).toBe(
      host.getSelfUri('golem:underwriting/api/await-decision').value,
    );
    fake.idempotencyKeys.push({ highBits: 0x123e4567e89b12d3n, lowBits: 0xa456426614174000n });
    expect(idempotencyKey()).toBe('123e4567-e89b-12d3-a456-426614174000');
    expect(idempotencyKey()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  test('atomically wraps fn in mark-begin/end-operation and returns its value', () => {
    const result = atomically(() => {
      expect(fake.openRegions.size).toBe(1);
      return 42;
    });
    expect(result).toBe(42);
    expect(fake.openRegions.size).toBe(0);
    const [begin, end] = fake.oplog.filter((e) => e.kind.endsWith('atomic-region'));
    expect(begin.kind).toBe('begin-atomic-region');
    expect(end).toEqual({ idx: begin.idx + 1n, kind: 'end-atomic-region', detail: begin.idx });
  });

  test('atomically with an async fn ends the region when it settles', async () => {
    let release!: (v: string) => void;
    const pending = atomically(() => new Promise<string>((resolve) => (release = resolve)));
    expectTypeOf(pending).toEqualTypeOf<Promise<string>>();
    await Promise.resolve();
    expect(fake.openRegions.size).toBe(1);
    release('done');
    expect(await pending).toBe('done');
    expect(fake.openRegions.size).toBe(0);
  });

  test('atomically ends the region when fn throws an ordinary error, and rethrows it', async () => {
    const boom = new Error('boom');
    expect(() =>
      atomically(() => {
        throw boom;
      }),
    ).toThrow(boom);
    expect(fake.openRegions.size).toBe(0);
    await expect(atomically(async () => Promise.reject(boom))).rejects.toBe(boom);
    expect(fake.openRegions.size).toBe(0);
  });

  test('atomically does not end the region on a host unwind', () => {
    const p = host.createPromise();
    let thrown: unknown;
    try {
      atomically(() => host.awaitPromise(p));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(SuspendSignal);
    expect(fake.openRegions.size).toBe(1);
  });

  test('withPersistenceLevel sets and restores the level (tag or variant, sync or async)', async () => {
    const seen = withPersistenceLevel('persist-nothing', () => host.getOplogPersistenceLevel());
    expect(seen).toEqual({ tag: 'persist-nothing' });
    expect(fake.persistenceLevel).toEqual({ tag: 'smart' });

    const pending = withPersistenceLevel({ tag: 'persist-remote-side-effects' }, async () => {
      await Promise.resolve();
      return host.getOplogPersistenceLevel().tag;
    });
    expect(fake.persistenceLevel).toEqual({ tag: 'persist-remote-side-effects' });
    expect(await pending).toBe('persist-remote-side-effects');
    expect(fake.persistenceLevel).toEqual({ tag: 'smart' });

    expect(() =>
      withPersistenceLevel('persist-nothing', () => {
        throw new Error('x');
      }),
    ).toThrow('x');
    expect(fake.persistenceLevel).toEqual({ tag: 'smart' });
  });

  test('withIdempotenceMode sets and restores the mode', async () => {
    expect(withIdempotenceMode(false, () => host.getIdempotenceMode())).toBe(false);
    expect(fake.idempotenceMode).toBe(true);
    await expect(
      withIdempotenceMode(false, async () => {
        throw new Error('y');
      }),
    ).rejects.toThrow('y');
    expect(fake.idempotenceMode).toBe(true);
  });

  test('withRetryPolicy sets and restores the policy', () => {
    const before = { ...fake.retryPolicy };
    const policy = { maxAttempts: 10, minDelay: 5n, maxDelay: 50n, multiplier: 2 };
    expect(withRetryPolicy(policy, () => host.getRetryPolicy())).toEqual(policy);
    expect(fake.retryPolicy).toEqual(before);
  });

  test('the with* helpers do not restore on a host unwind', () => {
    const p = host.createPromise();
    expect(() => withIdempotenceMode(false, () => host.awaitPromise(p))).toThrow();
    expect(fake.idempotenceMode).toBe(false);
  });
});

describe('UUIDs', () => {
  test('known value', () => {
    const uuid: Uuid = { highBits: 0x123e4567e89b12d3n, lowBits: 0xa456426614174000n };
    expect(uuidToString(uuid)).toBe('123e4567-e89b-12d3-a456-426614174000');
    expect(uuidFromString('123e4567-e89b-12d3-a456-426614174000')).toEqual(uuid);
  });

  test.each([
    [0n, 0n, '00000000-0000-0000-0000-000000000000'],
    [2n ** 64n - 1n, 2n ** 64n - 1n, 'ffffffff-ffff-ffff-ffff-ffffffffffff'],
    [2n ** 63n, 2n ** 63n, '80000000-0000-0000-8000-000000000000'],
    [1n, 2n ** 63n + 1n, '00000000-0000-0001-8000-000000000001'],
    [0xf0e1d2c3b4a59687n, 0x78695a4b3c2d1e0fn, 'f0e1d2c3-b4a5-9687-7869-5a4b3c2d1e0f'],
  ])('round trip %s / %s', (highBits, lowBits, text) => {
    expect(uuidToString({ highBits, lowBits })).toBe(text);
    const back = uuidFromString(text);
    expect(back).toEqual({ highBits, lowBits });
    expect(typeof back.highBits).toBe('bigint');
  });

  test('round trips exactly for many values, including the high bits', () => {
    let x = 0x9e3779b97f4a7c15n;
    const next = (): bigint => {
      // xorshift64*
      x ^= x >> 12n;
      x ^= (x << 25n) & (2n ** 64n - 1n);
      x ^= x >> 27n;
      return (x * 0x2545f4914f6cdd1dn) & (2n ** 64n - 1n);
    };
    let highBitSeen = false;
    for (let i = 0; i < 500; i++) {
      const uuid = { highBits: next(), lowBits: next() };
      highBitSeen ||= uuid.highBits >= 2n ** 63n;
      const text = uuidToString(uuid);
      expect(text).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(uuidFromString(text)).toEqual(uuid);
      expect(uuidToString(uuidFromString(text.toUpperCase()))).toBe(text);
    }
    expect(highBitSeen).toBe(true);
  });

  test('signed (negative) bits are read as their u64 value', () => {
    expect(uuidToString({ highBits: -1n, lowBits: -(2n ** 63n) })).toBe('ffffffff-ffff-ffff-8000-000000000000');
  });

  test.each(['', 'not-a-uuid', '123e4567e89b12d3a456426614174000', '123e4567-e89b-12d3-a456-42661417400', '{123e4567-e89b-12d3-a456-426614174000}', 'g23e4567-e89b-12d3-a456-426614174000'])(
    'rejects %j',
    (text) => {
      expect(() => uuidFromString(text)).toThrow(InvalidUuidError);
      try {
        uuidFromString(text);
      } catch (e) {
        expect((e as InvalidUuidError).code).toBe('INVALID_UUID');
        expect((e as InvalidUuidError).input).toBe(text);
      }
    },
  );
});
