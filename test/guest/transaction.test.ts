import { beforeEach, describe, expect, expectTypeOf, test } from 'vitest';
import {
  GolemTsError,
  Result,
  TransactionError,
  createPromise,
  fallibleTransaction,
  infallibleTransaction,
  isHostUnwind,
  operation,
  resultFn,
  type Operation,
  type OperationErrors,
  type TransactionFailure,
  type TransactionResult,
} from '../../src/guest/index.ts';
import { JumpSignal, SuspendSignal, fake } from './fake-host.ts';
import { rejection } from './rejection.ts';

beforeEach(() => fake.reset());

/** An operation that logs what it does to `log`; it fails (err) while `failures` > 0. */
function step(name: string, log: string[], opts: { failures?: number; compensationError?: string } = {}): Operation<number, string, string> {
  let failures = opts.failures ?? 0;
  return operation<number, string, string>(
    async (input) => {
      if (failures > 0) {
        failures -= 1;
        log.push(`${name} failed`);
        return Result.err(`${name} unavailable`);
      }
      log.push(`${name}(${input})`);
      return Result.ok(`${name}-ref-${input}`);
    },
    (input, ref) => {
      if (opts.compensationError !== undefined) {
        log.push(`undo ${name} failed`);
        return Result.err(opts.compensationError);
      }
      log.push(`undo ${name}(${input}, ${ref})`);
      return Result.ok(undefined);
    },
  );
}

const regions = () => fake.oplog.filter((e) => e.kind.endsWith('atomic-region')).map((e) => e.kind);

describe('Result', () => {
  test('ok and err carry their value and narrow with isOk / isErr', () => {
    const good: Result<number, string> = Result.ok(2);
    const bad: Result<number, string> = Result.err('no');
    expect([good.tag, good.val, good.isOk(), good.isErr()]).toEqual(['ok', 2, true, false]);
    expect([bad.tag, bad.val, bad.isOk(), bad.isErr()]).toEqual(['err', 'no', false, true]);
    if (good.isOk()) expectTypeOf(good.val).toEqualTypeOf<number>();
    if (bad.isErr()) expectTypeOf(bad.val).toEqualTypeOf<string>();
    expect(Object.isFrozen(good)).toBe(true);
  });

  test('unwrap / unwrapErr return the value or throw a TypeError naming it', () => {
    expect(Result.ok('v').unwrap()).toBe('v');
    expect(Result.err('e').unwrapErr()).toBe('e');
    expect(() => Result.err('sold out').unwrap()).toThrow(new TypeError('unwrap() called on err("sold out")'));
    expect(() => Result.ok({ n: 1n }).unwrapErr()).toThrow(new TypeError('unwrapErr() called on ok({"n":"1n"})'));
  });

  test('map, mapError, flatMap and match', () => {
    const n: Result<number, string> = Result.ok(20);
    const e: Result<number, string> = Result.err('bad');
    expect(n.map((x) => x + 1).unwrap()).toBe(21);
    expect(e.map((x) => x + 1).unwrapErr()).toBe('bad');
    expect(e.mapError((m) => m.length).unwrapErr()).toBe(3);
    expect(n.mapError((m) => m.length).unwrap()).toBe(20);
    expect(n.flatMap((x) => (x > 10 ? Result.err(`${x} too big`) : Result.ok(x))).unwrapErr()).toBe('20 too big');
    expect(e.flatMap((x) => Result.ok(x * 2)).unwrapErr()).toBe('bad');
    expect(n.match((x) => `ok ${x}`, (m) => `err ${m}`)).toBe('ok 20');
    expect(e.match((x) => `ok ${x}`, (m) => `err ${m}`)).toBe('err bad');
  });

  test('Result.is tells results from look-alikes', () => {
    expect(Result.is(Result.ok(1))).toBe(true);
    expect(Result.is({ tag: 'ok', val: 1 })).toBe(false);
    expect(Result.is(null)).toBe(false);
  });
});

describe('operation', () => {
  test('takes two functions', () => {
    expect(() => operation((() => Result.ok(1)) as never, undefined as never)).toThrow(TypeError);
  });

  test('an execute that does not return a Result is a TypeError, not a silent success', async () => {
    const bad = operation<number, number, string>((x) => x as never, () => Result.ok(undefined));
    expect(await rejection(bad.execute(1))).toEqual(new TypeError('execute must return Result.ok(…) or Result.err(…), got 1'));
  });

  test('OperationErrors is the union of the operations\' error types', () => {
    const a = operation<number, number, 'sold-out'>(() => Result.err('sold-out'), () => Result.ok(undefined));
    const b = operation<string, string, { code: number }>(() => Result.ok('x'), () => Result.ok(undefined));
    expectTypeOf<OperationErrors<[typeof a, typeof b]>>().toEqualTypeOf<'sold-out' | { code: number }>();
  });
});

describe('fallibleTransaction', () => {
  test('all steps succeed: ok with the body\'s value, nothing compensated, one atomic region', async () => {
    const log: string[] = [];
    const flight = step('flight', log);
    const hotel = step('hotel', log);
    const result = await fallibleTransaction<string[], string>(async (tx) => {
      const f = await tx.execute(flight, 1);
      if (f.isErr()) return f;
      const h = await tx.execute(hotel, 2);
      if (h.isErr()) return h;
      return Result.ok([f.val, h.val]);
    });
    expectTypeOf(result).toEqualTypeOf<TransactionResult<string[], string>>();
    expect(result.unwrap()).toEqual(['flight-ref-1', 'hotel-ref-2']);
    expect(log).toEqual(['flight(1)', 'hotel(2)']);
    expect(regions()).toEqual(['begin-atomic-region', 'end-atomic-region']);
    expect(fake.openRegions.size).toBe(0);
  });

  test('a failing step compensates the steps before it in reverse order, not itself', async () => {
    const log: string[] = [];
    const ops = [step('flight', log), step('hotel', log), step('car', log, { failures: 1 }), step('never', log)];
    const result = await fallibleTransaction<string, string>(async (tx) => {
      for (const [i, op] of ops.entries()) {
        const r = await tx.execute(op, i);
        if (r.isErr()) return r;
      }
      return Result.ok('booked');
    });
    expect(result.isErr() && result.val).toEqual({ type: 'FailedAndRolledBackCompletely', error: 'car unavailable' } satisfies TransactionFailure<string>);
    expect(log).toEqual(['flight(0)', 'hotel(1)', 'car failed', 'undo hotel(1, hotel-ref-1)', 'undo flight(0, flight-ref-0)']);
    expect(regions()).toEqual(['begin-atomic-region', 'end-atomic-region']);
  });

  test('the body may fail on its own (a domain check): everything done is compensated', async () => {
    const log: string[] = [];
    const result = await fallibleTransaction<never, string>(async (tx) => {
      await tx.execute(step('flight', log), 7);
      return Result.err('over budget');
    });
    expect(result.unwrapErr()).toEqual({ type: 'FailedAndRolledBackCompletely', error: 'over budget' });
    expect(log).toEqual(['flight(7)', 'undo flight(7, flight-ref-7)']);
  });

  test('a failing compensation stops the rollback: FailedAndRolledBackPartially', async () => {
    const log: string[] = [];
    const result = await fallibleTransaction<string, string>(async (tx) => {
      await tx.execute(step('flight', log), 1);
      await tx.execute(step('hotel', log, { compensationError: 'hotel cannot cancel' }), 2);
      const car = await tx.execute(step('car', log, { failures: 1 }), 3);
      return car.isErr() ? car : Result.ok('booked');
    });
    expect(result.unwrapErr()).toEqual({ type: 'FailedAndRolledBackPartially', error: 'car unavailable', compensationFailure: 'hotel cannot cancel' });
    expect(log).toEqual(['flight(1)', 'hotel(2)', 'car failed', 'undo hotel failed']);
  });

  test('an error handled inside the body is not a failure: nothing is compensated', async () => {
    const log: string[] = [];
    const result = await fallibleTransaction<string, string>(async (tx) => {
      await tx.execute(step('flight', log), 1);
      const car = await tx.execute(step('car', log, { failures: 1 }), 2);
      return Result.ok(car.isErr() ? 'booked without a car' : 'booked');
    });
    expect(result.unwrap()).toBe('booked without a car');
    expect(log).toEqual(['flight(1)', 'car failed']);
  });

  test('a throw is not a domain error: it propagates, ends the region and compensates nothing', async () => {
    const log: string[] = [];
    const boom = new Error('provider crashed');
    const thrown = await rejection(
      fallibleTransaction(async (tx) => {
        await tx.execute(step('flight', log), 1);
        throw boom;
      }),
    );
    expect(thrown).toBe(boom);
    expect(log).toEqual(['flight(1)']);
    expect(fake.openRegions.size).toBe(0);
  });

  test('a host unwind (await on a pending promise) leaves the region open and compensates nothing', async () => {
    const log: string[] = [];
    const confirmation = createPromise();
    const thrown = await rejection(
      fallibleTransaction(async (tx) => {
        await tx.execute(step('flight', log), 1);
        await confirmation.result();
        return Result.ok('unreachable');
      }),
    );
    expect(thrown).toBeInstanceOf(SuspendSignal);
    expect(isHostUnwind(thrown)).toBe(true);
    expect(log).toEqual(['flight(1)']);
    expect(fake.openRegions.size).toBe(1);
  });

  test('operations cannot run on a finished transaction', async () => {
    let leaked!: Parameters<Parameters<typeof fallibleTransaction<string, string>>[0]>[0];
    await fallibleTransaction<string, string>(async (tx) => {
      leaked = tx;
      return Result.ok('done');
    });
    const e = await rejection(leaked.execute(step('late', []), 1));
    expect(e).toBeInstanceOf(TransactionError);
    expect(e).toMatchObject({ code: 'TRANSACTION_CLOSED' });
  });

  test('the operation\'s error type must fit the transaction\'s', async () => {
    const wide = operation<number, number, number>(() => Result.err(1), () => Result.ok(undefined));
    await fallibleTransaction<number, string>(async (tx) => {
      // @ts-expect-error number errors do not fit a transaction of string errors
      await tx.execute(wide, 1);
      return Result.ok(0);
    });
  });

  test('inside resultFn, a failed transaction is a value the export can report', async () => {
    const book = resultFn(async () => {
      const r = await fallibleTransaction<string, string>(async (tx) => tx.execute(step('car', [], { failures: 1 }), 1));
      return r.match((v) => v, (f) => `not booked: ${f.error}`);
    });
    expect(await book()).toBe('not booked: car unavailable');
  });
});

describe('infallibleTransaction', () => {
  /**
   * Plays the host's part of set-oplog-index: Golem unwinds the guest and replays it up to the
   * transaction's start, which (for this code) means running the same call again.
   */
  async function untilDone<T>(run: () => Promise<T>): Promise<{ value: T; jumps: bigint[] }> {
    const jumps: bigint[] = [];
    for (;;) {
      try {
        return { value: await run(), jumps };
      } catch (e) {
        if (!(e instanceof JumpSignal)) throw e;
        expect(isHostUnwind(e)).toBe(true);
        jumps.push(e.oplogIdx);
        if (jumps.length > 5) throw new Error('too many jumps');
      }
    }
  }

  test('all steps succeed: resolves with the body\'s value inside one atomic region', async () => {
    const log: string[] = [];
    const value = await infallibleTransaction(async (tx) => {
      const f = await tx.execute(step('flight', log), 1);
      expectTypeOf(f).toEqualTypeOf<string>();
      return [f, await tx.execute(step('hotel', log), 2)];
    });
    expect(value).toEqual(['flight-ref-1', 'hotel-ref-2']);
    expect(regions()).toEqual(['begin-atomic-region', 'end-atomic-region']);
    expect(fake.calls.filter((c) => c === 'set-oplog-index')).toEqual([]);
  });

  test('a failing step compensates in reverse and restarts at the transaction\'s start until it succeeds', async () => {
    const log: string[] = [];
    const flight = step('flight', log);
    const hotel = step('hotel', log);
    const car = step('car', log, { failures: 2 });
    const beginIndexes: bigint[] = [];
    const { value, jumps } = await untilDone(() =>
      infallibleTransaction(async (tx) => {
        beginIndexes.push(fake.oplog.filter((e) => e.kind === 'begin-atomic-region').at(-1)!.idx);
        return [await tx.execute(flight, 1), await tx.execute(hotel, 2), await tx.execute(car, 3)];
      }),
    );
    expect(value).toEqual(['flight-ref-1', 'hotel-ref-2', 'car-ref-3']);
    const attempt = ['flight(1)', 'hotel(2)', 'car failed', 'undo hotel(2, hotel-ref-2)', 'undo flight(1, flight-ref-1)'];
    expect(log).toEqual([...attempt, ...attempt, 'flight(1)', 'hotel(2)', 'car(3)']);
    // Each restart travels back to the index read right after its mark-begin-operation.
    expect(jumps).toEqual(beginIndexes.slice(0, 2));
  });

  test('a compensation that fails stops with COMPENSATION_FAILED instead of restarting', async () => {
    const log: string[] = [];
    const e = await rejection(
      infallibleTransaction(async (tx) => {
        await tx.execute(step('flight', log, { compensationError: 'refund refused' }), 1);
        return tx.execute(step('car', log, { failures: 1 }), 2);
      }),
    );
    expect(e).toBeInstanceOf(TransactionError);
    expect(e).toBeInstanceOf(GolemTsError);
    expect(e).toMatchObject({ code: 'COMPENSATION_FAILED', error: 'refund refused', cause: 'refund refused' });
    expect(fake.calls).not.toContain('set-oplog-index');
    expect(fake.openRegions.size).toBe(0);
  });

  test('tx.retry() compensates and restarts on the body\'s own decision', async () => {
    const log: string[] = [];
    let attempts = 0;
    const { value, jumps } = await untilDone(() =>
      infallibleTransaction(async (tx) => {
        attempts += 1;
        const f = await tx.execute(step('flight', log), attempts);
        if (attempts === 1) return tx.retry();
        return f;
      }),
    );
    expect(value).toBe('flight-ref-2');
    expect(jumps).toHaveLength(1);
    expect(log).toEqual(['flight(1)', 'undo flight(1, flight-ref-1)', 'flight(2)']);
  });

  test('through resultFn the restart stays a host unwind (never an err)', async () => {
    const run = resultFn(() => infallibleTransaction(async (tx) => tx.execute(step('car', [], { failures: 1 }), 1)));
    expect(await rejection(run())).toBeInstanceOf(JumpSignal);
  });
});
