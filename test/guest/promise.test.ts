import { beforeEach, describe, expect, expectTypeOf, test } from 'vitest';
import { z } from 'zod';
import {
  DurablePromise,
  InvalidPromiseIdError,
  PayloadEncodingError,
  PayloadValidationError,
  atomically,
  completePromise,
  completePromiseBytes,
  createPromise,
  deletePromise,
  isHostUnwind,
  openBucket,
  resultFn,
  toPromiseId,
  type PromiseId,
  type StandardSchemaV1,
} from '../../src/guest/index.ts';
import { PROMISE_SCHEMA_BUCKET } from '../../src/guest/promise-schema-key.ts';
import { HostTrap, SuspendSignal, fake } from './fake-host.ts';
import { rejection } from './rejection.ts';

const Verdict = z.object({ verdict: z.enum(['approve', 'reject']) });
type Verdict = z.output<typeof Verdict>;

/** The fake worker's template id (see fake-host/state.ts). */
const TEMPLATE = '0f5a3c9e-1b2d-4e6f-8a7b-9c0d1e2f3a4b';
const APPROVE = '{"verdict":"approve"}';
const APPROVE_BYTES = [
  123, 34, 118, 101, 114, 100, 105, 99, 116, 34, 58, 34, 97, 112, 112, 114, 111, 118, 101, 34, 125,
];

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);


beforeEach(() => fake.reset());

describe('promise id forms', () => {
  test('createPromise uses the host id: incrementing oplog indexes, worker and template', () => {
    const a = createPromise();
    const b = createPromise(Verdict);
    expect(a.oplogIdx).toBe(1n);
    expect(b.oplogIdx).toBe(2n);
    expect(typeof a.oplogIdx).toBe('bigint');
    expect(a.workerName).toBe('worker-1');
    expect(a.templateId).toBe(TEMPLATE);
    expect(a.id).toEqual({
      workerId: {
        templateId: { uuid: { highBits: 0x0f5a3c9e1b2d4e6fn, lowBits: 0x8a7b9c0d1e2f3a4bn } },
        workerName: 'worker-1',
      },
      oplogIdx: 1n,
    });
    // The schema'd promise publishes its JSON Schema for the host (see the next test).
    expect(fake.calls).toEqual(['create-promise', 'create-promise', 'open-bucket', 'set']);
  });

  test('a schema with a JSON Schema form is published under the promise id; delete() removes it', () => {
    const p = createPromise(Verdict);
    const stored = fake.bucket(PROMISE_SCHEMA_BUCKET).get(p.toString());
    expect(JSON.parse(new TextDecoder().decode(stored))).toMatchObject({
      type: 'object',
      properties: { verdict: { type: 'string', enum: ['approve', 'reject'] } },
      required: ['verdict'],
    });
    p.delete();
    expect(fake.bucket(PROMISE_SCHEMA_BUCKET).has(p.toString())).toBe(false);
  });

  test('a Standard Schema without a JSON Schema form publishes nothing (the guest still validates)', async () => {
    const handWritten: StandardSchemaV1<unknown, string> = {
      '~standard': { version: 1, vendor: 'test', validate: (v) => (typeof v === 'string' ? { value: v } : { issues: [{ message: 'not a string' }] }) },
    };
    const p = createPromise(handWritten);
    expect(fake.buckets.get(PROMISE_SCHEMA_BUCKET)?.size ?? 0).toBe(0);
    expect(fake.calls).toEqual(['create-promise']);
    fake.completeExternally(p.id, '1');
    await expect(p.result()).rejects.toThrow(PayloadValidationError);
  });

  test('toString is <template-uuid>/<worker-name>/<oplog-idx>', () => {
    const p = createPromise();
    expect(p.toString()).toBe(`${TEMPLATE}/worker-1/1`);
    expect(`${p}`).toBe(`${TEMPLATE}/worker-1/1`);
  });

  test('toJSON is Golem REST PromiseId JSON', () => {
    fake.oplogIndex = 100n;
    const p = createPromise();
    expect(p.toJSON()).toEqual({
      workerId: { templateId: TEMPLATE, workerName: 'worker-1' },
      oplogIdx: 101,
    });
    expect(JSON.stringify(p)).toBe(
      `{"workerId":{"templateId":"${TEMPLATE}","workerName":"worker-1"},"oplogIdx":101}`,
    );
  });

  test('completionPath is the /v1 complete route', () => {
    const p = createPromise();
    expect(p.completionPath).toBe(`/v1/templates/${TEMPLATE}/workers/worker-1/complete`);
  });

  test('completionBody is the exact REST body with the JSON bytes of the value', () => {
    fake.oplogIndex = 9n;
    const p = createPromise(Verdict);
    const body = p.completionBody({ verdict: 'approve' });
    expect(body).toEqual({ oplogIdx: 10, data: APPROVE_BYTES });
    expect(body.data).toEqual(Array.from(utf8(APPROVE)));
    expect(Array.isArray(body.data)).toBe(true);
    expect(JSON.stringify(body)).toBe(`{"oplogIdx":10,"data":[${APPROVE_BYTES.join(',')}]}`);
    expect(p.completionBodyBytes(new Uint8Array([1, 22, 0, 5, 100]))).toEqual({
      oplogIdx: 10,
      data: [1, 22, 0, 5, 100],
    });
    expect(JSON.stringify(p.completionBody({ verdict: 'reject' }))).toBe(
      `{"oplogIdx":10,"data":[${Array.from(utf8('{"verdict":"reject"}')).join(',')}]}`,
    );
  });

  test('completion body bytes are UTF-8 (non-ASCII)', () => {
    const p = createPromise();
    expect(p.completionBody('é€😀').data).toEqual([34, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 34]);
  });
});

describe('result()', () => {
  test('decodes and validates a valid payload', async () => {
    const p = createPromise(Verdict);
    fake.completeExternally(p.id, APPROVE);
    const v = await p.result();
    expect(v).toEqual({ verdict: 'approve' });
    expectTypeOf(v).toEqualTypeOf<{ verdict: 'approve' | 'reject' }>();
  });

  test('applies schema transforms (output type)', async () => {
    const Amount = z.object({ cents: z.string().transform((s) => BigInt(s)) });
    const p = createPromise(Amount);
    fake.completeExternally(p.id, '{"cents":"12345678901234567890"}');
    const v = await p.result();
    expectTypeOf(v).toEqualTypeOf<{ cents: bigint }>();
    expect(v.cents).toBe(12345678901234567890n);
  });

  test('without a schema returns the JSON value as unknown', async () => {
    const p = createPromise();
    fake.completeExternally(p.id, '[1,"two",{"three":null}]');
    const v = await p.result();
    expectTypeOf(v).toEqualTypeOf<unknown>();
    expect(v).toEqual([1, 'two', { three: null }]);
  });

  test('schema issues -> PayloadValidationError with issues, bytes and a readable message', async () => {
    const p = createPromise(Verdict);
    const payload = utf8('{"verdict":"maybe"}');
    fake.completeExternally(p.id, payload);
    const e = await rejection(p.result());
    expect(e).toBeInstanceOf(PayloadValidationError);
    const err = e as PayloadValidationError;
    expect(err.code).toBe('INVALID_PAYLOAD');
    expect(err.name).toBe('PayloadValidationError');
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0].path).toEqual(['verdict']);
    expect(err.bytes).toEqual(payload);
    expect(err.source).toBe(`promise ${TEMPLATE}/worker-1/1`);
    expect(err.message).toMatch(new RegExp(`^invalid payload for promise ${TEMPLATE}/worker-1/1: 1 issue\\n  - verdict: `));
  });

  test('several issues are all listed with their paths', async () => {
    const Application = z.object({
      applicant: z.string(),
      items: z.array(z.object({ amount: z.number() })),
    });
    const p = createPromise(Application);
    fake.completeExternally(p.id, '{"applicant":7,"items":[{"amount":1},{"amount":"x"}]}');
    const err = (await rejection(p.result())) as PayloadValidationError;
    expect(err).toBeInstanceOf(PayloadValidationError);
    expect(err.issues.map((i) => i.path)).toEqual([['applicant'], ['items', 1, 'amount']]);
    expect(err.message).toContain('2 issues');
    expect(err.message).toContain('\n  - applicant: ');
    expect(err.message).toContain('\n  - items[1].amount: ');
  });

  test('non-JSON payload -> one issue describing the JSON problem', async () => {
    const p = createPromise(Verdict);
    fake.completeExternally(p.id, 'approve');
    const err = (await rejection(p.result())) as PayloadValidationError;
    expect(err).toBeInstanceOf(PayloadValidationError);
    expect(err.code).toBe('INVALID_PAYLOAD');
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0].message).toMatch(/^payload is not valid JSON/);
    expect(err.issues[0].path).toBeUndefined();
    expect(err.bytes).toEqual(utf8('approve'));
    expect(err.cause).toBeInstanceOf(SyntaxError);
  });

  test('empty payload is invalid JSON', async () => {
    const p = createPromise();
    fake.completeExternally(p.id, new Uint8Array());
    const err = (await rejection(p.result())) as PayloadValidationError;
    expect(err).toBeInstanceOf(PayloadValidationError);
    expect(err.issues[0].message).toMatch(/not valid JSON.*empty/);
    expect(err.bytes).toHaveLength(0);
  });

  test('non-UTF-8 payload -> one issue with the offending byte and offset', async () => {
    const p = createPromise(Verdict);
    const bytes = new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d]);
    fake.completeExternally(p.id, bytes);
    const err = (await rejection(p.result())) as PayloadValidationError;
    expect(err).toBeInstanceOf(PayloadValidationError);
    expect(err.issues).toEqual([{ message: 'payload is not valid UTF-8 (invalid byte 0xff at offset 2)' }]);
    expect(err.bytes).toEqual(bytes);
    // a lone surrogate encoded in UTF-8 (CESU) is rejected too, not replaced with U+FFFD
    const q = createPromise();
    fake.completeExternally(q.id, new Uint8Array([0x22, 0xed, 0xa0, 0x80, 0x22]));
    expect(((await rejection(q.result())) as PayloadValidationError).issues[0].message).toContain('offset 1');
  });

  test('resultBytes returns the raw payload', async () => {
    const p = createPromise();
    fake.completeExternally(p.id, new Uint8Array([0, 255, 1]));
    const bytes = await p.resultBytes();
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect([...bytes]).toEqual([0, 255, 1]);
  });

  test('works with a hand-written (async) Standard Schema', async () => {
    const Positive: StandardSchemaV1<unknown, number> = {
      '~standard': {
        version: 1,
        vendor: 'hand-written',
        validate: async (value) =>
          typeof value === 'number' && value > 0
            ? { value }
            : { issues: [{ message: 'expected a positive number', path: [{ key: 'amount' }] }] },
      },
    };
    const p = createPromise(Positive);
    expectTypeOf(p).toEqualTypeOf<DurablePromise<number>>();
    fake.completeExternally(p.id, '42');
    expect(await p.result()).toBe(42);

    const q = createPromise(Positive);
    fake.completeExternally(q.id, '-1');
    const err = (await rejection(q.result())) as PayloadValidationError;
    expect(err).toBeInstanceOf(PayloadValidationError);
    expect(err.issues).toEqual([{ message: 'expected a positive number', path: [{ key: 'amount' }] }]);
    expect(err.message).toContain('  - amount: expected a positive number');
  });

  test('rejects a schema that is not a Standard Schema', () => {
    expect(() => createPromise({} as never)).toThrow(TypeError);
    expect(() => DurablePromise.parse(`${TEMPLATE}/w/1`, { '~standard': { version: 2 } } as never)).toThrow(
      TypeError,
    );
    expect(fake.calls).toEqual([]);
  });
});

describe('await on an incomplete promise', () => {
  test('the suspend signal propagates untouched', async () => {
    const p = createPromise(Verdict);
    const e = await rejection(p.result());
    expect(e).toBeInstanceOf(SuspendSignal);
    expect((e as SuspendSignal).promiseId).toEqual(p.id);
    expect(isHostUnwind(e)).toBe(true);
    expect(fake.suspensions).toBe(1);
    await expect(p.resultBytes()).rejects.toBeInstanceOf(SuspendSignal);
  });

  test('resultFn does not turn the suspension into err(...)', async () => {
    const p = createPromise(Verdict);
    const awaitDecision = resultFn(async () => (await p.result()).verdict);
    const e = await rejection(awaitDecision());
    expect(e).toBeInstanceOf(SuspendSignal);
    expect(typeof e).not.toBe('string');
  });

  test('atomically leaves the region open when the host unwinds', async () => {
    const p = createPromise();
    const e = await rejection(atomically(() => p.result()));
    expect(e).toBeInstanceOf(SuspendSignal);
    expect(fake.openRegions.size).toBe(1);
    expect(fake.calls).not.toContain('mark-end-operation');
  });

  test('after completion, a replay with the same id gets the payload', async () => {
    const p = createPromise(Verdict);
    await expect(p.result()).rejects.toBeInstanceOf(SuspendSignal);
    // REST completion with the body the SDK describes
    const body = p.completionBody({ verdict: 'reject' });
    expect(fake.completeExternally(p.id, new Uint8Array(body.data))).toBe(true);
    // replay: the same code path yields the same promise id
    const replayed = DurablePromise.fromId(p.id, Verdict);
    expect(await replayed.result()).toEqual({ verdict: 'reject' });
  });

  test('awaiting an unknown or deleted promise lets the host trap through', async () => {
    const p = createPromise();
    p.delete();
    const e = await rejection(p.result());
    expect(e).toBeInstanceOf(HostTrap);
    expect(isHostUnwind(e)).toBe(true);
    await expect(resultFn(() => p.result())()).rejects.toBeInstanceOf(HostTrap);
  });
});

describe('complete / delete', () => {
  test('complete(value) writes the JSON bytes; true then false', async () => {
    const p = createPromise(Verdict);
    expect(p.complete({ verdict: 'approve' })).toBe(true);
    expect([...fake.promise(p.id)!.data!]).toEqual(APPROVE_BYTES);
    expect(p.complete({ verdict: 'reject' })).toBe(false);
    expect(await p.result()).toEqual({ verdict: 'approve' });
  });

  test('completeBytes writes raw bytes', async () => {
    const p = createPromise();
    expect(p.completeBytes(new Uint8Array([1, 2, 3]))).toBe(true);
    expect(p.completeBytes(new Uint8Array([4]))).toBe(false);
    expect([...(await p.resultBytes())]).toEqual([1, 2, 3]);
  });

  test('a value without a JSON form is rejected before calling the host', () => {
    const p = createPromise();
    expect(() => p.complete(1n)).toThrow(PayloadEncodingError);
    expect(() => p.complete(undefined)).toThrow(PayloadEncodingError);
    expect(() => completePromise(p.id, () => 1)).toThrow(/cannot be encoded as JSON/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const err = (() => {
      try {
        p.complete(cyclic);
      } catch (e) {
        return e as PayloadEncodingError;
      }
    })();
    expect(err?.code).toBe('UNENCODABLE_PAYLOAD');
    expect(err?.cause).toBeInstanceOf(TypeError);
    expect(fake.calls).not.toContain('complete-promise');
  });

  test('delete() deletes; completing a deleted promise traps', () => {
    const p = createPromise();
    p.delete();
    expect(fake.promise(p.id)).toBeUndefined();
    expect(() => p.complete('x')).toThrow(HostTrap);
  });

  test('free functions accept a handle, the WIT id, the string form and the JSON form', async () => {
    const a = createPromise(Verdict);
    const b = createPromise();
    const c = createPromise();
    const d = createPromise();
    expect(completePromise(a, { verdict: 'approve' })).toBe(true);
    expect(completePromise(b.id, 'by-id')).toBe(true);
    expect(completePromise(c.toString(), 'by-string')).toBe(true);
    expect(completePromise(d.toJSON(), 'by-json')).toBe(true);
    expect(completePromise(JSON.stringify(d), 'again')).toBe(false);
    expect(await a.result()).toEqual({ verdict: 'approve' });
    expect(await b.result()).toBe('by-id');
    expect(await c.result()).toBe('by-string');
    expect(await d.result()).toBe('by-json');

    const e = createPromise();
    expect(completePromiseBytes(e.toString(), new Uint8Array([9]))).toBe(true);
    expect([...(await e.resultBytes())]).toEqual([9]);

    deletePromise(e.toString());
    deletePromise(d);
    deletePromise(c.id);
    expect(fake.promise(c.id) ?? fake.promise(d.id) ?? fake.promise(e.id)).toBeUndefined();
  });

  test('completePromise is typed by the handle', () => {
    const p = createPromise(Verdict);
    expectTypeOf(completePromise<Verdict>).parameter(1).toEqualTypeOf<Verdict>();
    // @ts-expect-error -- not a Verdict
    expect(() => completePromise(p, { verdict: 'maybe' })).not.toThrow();
  });

  test('worker-to-worker: complete another worker\'s promise from its id', () => {
    const foreign = fake.foreignPromise('reviewer-7');
    const handle = DurablePromise.parse(
      `${TEMPLATE}/reviewer-7/42`,
      Verdict,
    );
    expect(handle.id).toEqual(foreign);
    expect(handle.complete({ verdict: 'approve' })).toBe(true);
    expect(new TextDecoder().decode(fake.promise(foreign)!.data)).toBe(APPROVE);
  });
});

describe('fromId / parse', () => {
  test('round trips through toString, JSON and the WIT record', () => {
    fake.oplogIndex = 12344n;
    const p = createPromise(Verdict);
    for (const copy of [
      DurablePromise.parse(p.toString()),
      DurablePromise.parse(JSON.stringify(p)),
      DurablePromise.parse(`  ${p.toString()}\n`),
      DurablePromise.fromId(p.toJSON()),
      DurablePromise.fromId(p.id),
      DurablePromise.fromId(toPromiseId(p.toString())),
    ]) {
      expect(copy.id).toEqual(p.id);
      expect(copy.toString()).toBe(`${TEMPLATE}/worker-1/12345`);
      expect(copy.toJSON()).toEqual(p.toJSON());
      expect(copy.completionPath).toBe(p.completionPath);
    }
  });

  test('templates with the high bit set round trip exactly', () => {
    const id: PromiseId = {
      workerId: {
        templateId: { uuid: { highBits: 0xffffffffffffffffn, lowBits: 0x8000000000000001n } },
        workerName: 'w_2-x',
      },
      oplogIdx: 18446744073709551615n,
    };
    const p = DurablePromise.fromId(id);
    expect(p.toString()).toBe('ffffffff-ffff-ffff-8000-000000000001/w_2-x/18446744073709551615');
    expect(DurablePromise.parse(p.toString()).id).toEqual(id);
    // beyond Number.MAX_SAFE_INTEGER the JSON forms cannot be exact: refuse instead of rounding
    expect(() => p.toJSON()).toThrow(RangeError);
    expect(() => p.completionBodyBytes(new Uint8Array())).toThrow(RangeError);
  });

  test('accepts the seed\'s rawTemplateId, string oplog indexes and uppercase UUIDs', () => {
    const p = DurablePromise.fromId({
      workerId: { rawTemplateId: TEMPLATE.toUpperCase(), workerName: 'worker-1' },
      oplogIdx: '10',
    } as never);
    expect(p.toString()).toBe(`${TEMPLATE}/worker-1/10`);
    expect(DurablePromise.parse(`{"workerId":{"templateId":"${TEMPLATE}","workerName":"w"},"oplogIdx":"10"}`).oplogIdx).toBe(10n);
  });

  test('parse with a schema gives a typed handle that validates', async () => {
    const p = createPromise();
    const typed = DurablePromise.parse(p.toString(), Verdict);
    expectTypeOf(typed).toEqualTypeOf<DurablePromise<Verdict>>();
    fake.completeExternally(p.id, '{"verdict":"nope"}');
    await expect(typed.result()).rejects.toBeInstanceOf(PayloadValidationError);
    await expect(p.result()).resolves.toEqual({ verdict: 'nope' });
  });

  test.each([
    ['', /expected <template-uuid>\/<worker-name>\/<oplog-idx>/],
    ['nonsense', /expected <template-uuid>/],
    [`${TEMPLATE}/7`, /expected <template-uuid>/],
    ['not-a-uuid/worker/1', /template id "not-a-uuid" is not a UUID/],
    [`${TEMPLATE}//1`, /empty worker name/],
    [`${TEMPLATE}/w/-1`, /not a non-negative integer/],
    [`${TEMPLATE}/w/1.5`, /not a non-negative integer/],
    [`${TEMPLATE}/w/18446744073709551616`, /exceeds u64/],
    ['{"workerId":', /not valid JSON/],
    ['{"oplogIdx":1}', /missing workerId/],
    [`{"workerId":{"templateId":"${TEMPLATE}"},"oplogIdx":1}`, /workerName must be a string/],
    [`{"workerId":{"templateId":"${TEMPLATE}","workerName":"w"},"oplogIdx":-3}`, /non-negative/],
    [`{"workerId":{"templateId":"${TEMPLATE}","workerName":"w"}}`, /oplogIdx must be an integer/],
  ])('parse(%j) -> InvalidPromiseIdError', (text, message) => {
    let caught: unknown;
    try {
      DurablePromise.parse(text);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InvalidPromiseIdError);
    expect((caught as InvalidPromiseIdError).code).toBe('INVALID_PROMISE_ID');
    expect((caught as InvalidPromiseIdError).input).toBe(text);
    expect((caught as Error).message).toMatch(message);
  });

  test('fromId rejects malformed records', () => {
    expect(() => DurablePromise.fromId(null as never)).toThrow(InvalidPromiseIdError);
    expect(() =>
      DurablePromise.fromId({
        workerId: { templateId: { uuid: { highBits: -1n, lowBits: 0n } }, workerName: 'w' },
        oplogIdx: 1n,
      }),
    ).toThrow(/highBits is out of the u64 range/);
    expect(() =>
      DurablePromise.fromId({
        workerId: { templateId: {} as never, workerName: 'w' },
        oplogIdx: 1n,
      }),
    ).toThrow(/uuid is missing/);
  });

  test('types: the schema output type flows into the handle', () => {
    expectTypeOf(createPromise(Verdict)).toEqualTypeOf<DurablePromise<z.output<typeof Verdict>>>();
    expectTypeOf(createPromise()).toEqualTypeOf<DurablePromise<unknown>>();
    expectTypeOf(DurablePromise.fromId(createPromise().id, Verdict)).toEqualTypeOf<DurablePromise<Verdict>>();
    expectTypeOf(DurablePromise.parse(`${TEMPLATE}/w/1`)).toEqualTypeOf<DurablePromise<unknown>>();
    expectTypeOf<DurablePromise<Verdict>['result']>().returns.toEqualTypeOf<Promise<Verdict>>();
    expectTypeOf<DurablePromise<Verdict>['complete']>().parameter(0).toEqualTypeOf<Verdict>();
    expectTypeOf<DurablePromise['id']>().toEqualTypeOf<PromiseId>();
  });
});

describe('underwriting flow', () => {
  const Application = z.object({ applicant: z.string(), age: z.number().int(), smoker: z.boolean() });

  test('submit stores the promise id; a later invocation suspends, then resumes with the verdict', async () => {
    const submit = resultFn(async (app: z.input<typeof Application>) => {
      const parsed = Application.parse(app);
      const review = createPromise(Verdict);
      await openBucket('underwriting').set('review', review.toString());
      return { promise: review.id, riskScore: parsed.smoker ? 80 : 20 };
    });
    const awaitDecision = resultFn(async () => {
      const stored = await openBucket('underwriting').get('review', z.string());
      if (stored === undefined) throw new Error('no application submitted');
      const { verdict } = await DurablePromise.parse(stored, Verdict).result();
      return verdict === 'approve';
    });

    await expect(awaitDecision()).rejects.toBe('no application submitted');
    await expect(submit({ applicant: 'Ada', age: 'x' as never, smoker: false })).rejects.toMatch(/age/);

    const submission = await submit({ applicant: 'Ada', age: 36, smoker: true });
    expect(submission.riskScore).toBe(80);
    const review = DurablePromise.fromId(submission.promise);

    await expect(awaitDecision()).rejects.toBeInstanceOf(SuspendSignal);

    // the underwriter completes it through REST: POST completionPath with completionBody
    const body = JSON.parse(JSON.stringify(review.completionBody({ verdict: 'approve' }))) as {
      oplogIdx: number;
      data: number[];
    };
    expect(review.completionPath).toBe(`/v1/templates/${TEMPLATE}/workers/worker-1/complete`);
    expect(fake.completeExternally({ ...review.id, oplogIdx: BigInt(body.oplogIdx) }, new Uint8Array(body.data))).toBe(true);

    await expect(awaitDecision()).resolves.toBe(true);
  });
});
