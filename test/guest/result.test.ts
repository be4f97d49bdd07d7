import { beforeEach, describe, expect, expectTypeOf, test } from 'vitest';
import { z } from 'zod';
import {
  GolemTsError,
  InvalidPromiseIdError,
  KeyValueError,
  PayloadValidationError,
  createPromise,
  handleResult,
  resultFn,
  toErr,
} from '../../src/guest/index.ts';
import { ComponentError, SuspendSignal, fake } from './fake-host.ts';
import { Error as KvErrorResource } from './fake-host/wasi-keyvalue-wasi-keyvalue-error.ts';

beforeEach(() => fake.reset());

describe('toErr', () => {
  test('strings are kept as they are', () => {
    expect(toErr('application rejected')).toBe('application rejected');
    expect(toErr('')).toBe('');
  });

  test('Error objects give their message, prefixed by a non-default name', () => {
    expect(toErr(new Error('boom'))).toBe('boom');
    expect(toErr(new TypeError('x is not a function'))).toBe('TypeError: x is not a function');
    expect(toErr(new RangeError())).toBe('RangeError');
    class DomainError extends Error {
      override name = 'DomainError';
    }
    expect(toErr(new DomainError('too young'))).toBe('DomainError: too young');
  });

  test('SDK errors give "<code>: <message>"', () => {
    expect(toErr(new GolemTsError('plain'))).toBe('GOLEM_TS: plain');
    expect(toErr(new GolemTsError('custom', { code: 'MY_CODE' }))).toBe('MY_CODE: custom');
    const invalid = new PayloadValidationError([{ message: 'Required', path: ['verdict'] }], new Uint8Array(), {
      source: 'promise p',
    });
    expect(toErr(invalid)).toBe('INVALID_PAYLOAD: invalid payload for promise p: 1 issue\n  - verdict: Required');
    expect(toErr(new InvalidPromiseIdError('invalid promise id: nope', 'nope'))).toBe(
      'INVALID_PROMISE_ID: invalid promise id: nope',
    );
    const kv = new KeyValueError({ operation: 'get', bucket: 'b', key: 'k', trace: 'down', cause: undefined });
    expect(toErr(kv)).toBe('KEY_VALUE: key-value get failed for key "k" in bucket "b": down');
  });

  test('component errors give their payload (string or error resource trace)', () => {
    expect(toErr(new ComponentError('not found'))).toBe('not found');
    expect(toErr(new ComponentError(new KvErrorResource('disk full')))).toBe('disk full');
    expect(toErr({ payload: 'plain object payload' })).toBe('plain object payload');
  });

  test('other values', () => {
    expect(toErr({ message: 'object with message' })).toBe('object with message');
    expect(toErr({ code: 7, big: 10n })).toBe('{"code":7,"big":"10"}');
    expect(toErr(42)).toBe('42');
    expect(toErr(null)).toBe('unknown error (null was thrown)');
    expect(toErr(undefined)).toBe('unknown error (undefined was thrown)');
    expect(toErr(Symbol('s'))).toBe('Symbol(s)');
  });

  test('never throws', () => {
    const hostile = {
      get message(): string {
        throw new Error('getter');
      },
    };
    expect(toErr(hostile)).toBe('unknown error');
    const noProto = Object.create(null) as object;
    expect(() => toErr(noProto)).not.toThrow();
  });
});

describe('resultFn / handleResult', () => {
  test('returns the value (sync and async functions)', async () => {
    const syncFn = resultFn((a: number, b: number) => a + b);
    const asyncFn = resultFn(async (name: string) => ({ hello: name }));
    expectTypeOf(syncFn).toEqualTypeOf<(a: number, b: number) => Promise<number>>();
    expectTypeOf(asyncFn).toEqualTypeOf<(name: string) => Promise<{ hello: string }>>();
    expect(await syncFn(2, 3)).toBe(5);
    expect(await asyncFn('Ada')).toEqual({ hello: 'Ada' });
    expect(await handleResult(() => 'ok')).toBe('ok');
  });

  test('a thrown Error becomes a thrown string (err)', async () => {
    const fn = resultFn(() => {
      throw new Error('applicant too young');
    });
    const thrown = await fn().catch((e: unknown) => e);
    expect(thrown).toBe('applicant too young');
    expect(typeof thrown).toBe('string');
    await expect(handleResult(async () => Promise.reject(new TypeError('bad')))).rejects.toBe('TypeError: bad');
  });

  test('a thrown string stays the same string', async () => {
    await expect(
      resultFn(() => {
        throw 'declined';
      })(),
    ).rejects.toBe('declined');
  });

  test('SDK errors raised inside become strings', async () => {
    const Verdict = z.object({ verdict: z.enum(['approve', 'reject']) });
    const p = createPromise(Verdict);
    fake.completeExternally(p.id, '{"verdict":"maybe"}');
    const thrown = await resultFn(() => p.result())().catch((e: unknown) => e);
    expect(typeof thrown).toBe('string');
    expect(thrown).toMatch(/^INVALID_PAYLOAD: invalid payload for promise .*\/worker-1\/1: 1 issue\n {2}- verdict: /);
  });

  test('host unwinds pass through untouched', async () => {
    const p = createPromise();
    const thrown = await handleResult(() => p.resultBytes()).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(SuspendSignal);
  });

  test('arguments and this are forwarded', async () => {
    const api = {
      prefix: 'Dr. ',
      greet: resultFn(function (this: { prefix: string }, name: string) {
        return this.prefix + name;
      }),
    };
    expect(await api.greet('Ada')).toBe('Dr. Ada');
  });
});
