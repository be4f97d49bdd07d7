/**
 * Transactions made of operations with compensations (the saga pattern), in the shape of Golem's
 * official TypeScript library: `operation(execute, compensate)`, `fallibleTransaction`,
 * `infallibleTransaction`, `Result`, `TransactionFailure`, `OperationErrors`.
 *
 * ```ts
 * const reserveSeat = operation<string, string, string>(
 *   async (flight) => Result.ok(await seats.reserve(flight)),          // → the reservation
 *   async (_flight, reservation) => Result.ok(await seats.release(reservation)),
 * );
 * const booked = await fallibleTransaction<Trip, string>(async (tx) => {
 *   const seat = await tx.execute(reserveSeat, 'LH-123');
 *   if (seat.isErr()) return seat;                  // compensates what ran before, in reverse
 *   …
 *   return Result.ok({ seat: seat.val, … });
 * });
 * ```
 *
 * - A **fallible** transaction deals with domain errors (an operation's `err`): when the body
 *   returns `err`, the operations that succeeded are compensated in reverse order and the result
 *   is `err(TransactionFailure)`.
 * - An **infallible** transaction must succeed: on an operation's `err` it compensates what ran,
 *   then travels back in the oplog to the transaction's start (`set-oplog-index`) and runs it again.
 *
 * Both run inside an atomic region (`mark-begin-operation` … `mark-end-operation`), so a worker
 * that fails inside one retries the whole transaction. Exceptions are not domain errors: a throw
 * from an operation ends the region and propagates without compensating, as in Golem's library.
 */
import { TransactionError } from './errors.ts';
import { atomically, oplogIndex, setOplogIndex } from './host.ts';

// ---------------------------------------------------------------------------------------------
// Result
// ---------------------------------------------------------------------------------------------

/** The methods every result has; each takes its types from the result it is called on. */
interface ResultMethods {
  /** True for `ok`; narrows to {@link Ok}. */
  isOk<T, E>(this: Result<T, E>): this is Ok<T>;
  /** True for `err`; narrows to {@link Err}. */
  isErr<T, E>(this: Result<T, E>): this is Err<E>;
  /** The `ok` value; throws a `TypeError` on `err`. */
  unwrap<T, E>(this: Result<T, E>): T;
  /** The `err` value; throws a `TypeError` on `ok`. */
  unwrapErr<T, E>(this: Result<T, E>): E;
  map<T, E, U>(this: Result<T, E>, f: (value: T) => U): Result<U, E>;
  mapError<T, E, F>(this: Result<T, E>, f: (error: E) => F): Result<T, F>;
  flatMap<T, E, U, F>(this: Result<T, E>, f: (value: T) => Result<U, F>): Result<U, E | F>;
  match<T, E, A, B>(this: Result<T, E>, onOk: (value: T) => A, onErr: (error: E) => B): A | B;
}

export interface Ok<T> extends ResultMethods {
  readonly tag: 'ok';
  readonly val: T;
}

/** Has no ok type: `if (r.isErr()) return r;` passes an error on as any `Result<_, E>`. */
export interface Err<E> extends ResultMethods {
  readonly tag: 'err';
  readonly val: E;
}

/** A success (`ok`, `.val` is the value) or a domain error (`err`, `.val` is the error). */
export type Result<T, E> = Ok<T> | Err<E>;

type AnyResult = { readonly tag: 'ok' | 'err'; readonly val: any };

/** The shared prototype of every result (implementation; typed by {@link ResultMethods}). */
const methods = {
  isOk(this: AnyResult): boolean {
    return this.tag === 'ok';
  },
  isErr(this: AnyResult): boolean {
    return this.tag === 'err';
  },
  unwrap(this: AnyResult): unknown {
    if (this.tag === 'ok') return this.val;
    throw new TypeError(`unwrap() called on err(${describe(this.val)})`);
  },
  unwrapErr(this: AnyResult): unknown {
    if (this.tag === 'err') return this.val;
    throw new TypeError(`unwrapErr() called on ok(${describe(this.val)})`);
  },
  map(this: AnyResult, f: (value: unknown) => unknown): unknown {
    return this.tag === 'ok' ? ok(f(this.val)) : this;
  },
  mapError(this: AnyResult, f: (error: unknown) => unknown): unknown {
    return this.tag === 'err' ? err(f(this.val)) : this;
  },
  flatMap(this: AnyResult, f: (value: unknown) => unknown): unknown {
    return this.tag === 'ok' ? f(this.val) : this;
  },
  match(this: AnyResult, onOk: (value: unknown) => unknown, onErr: (error: unknown) => unknown): unknown {
    return this.tag === 'ok' ? onOk(this.val) : onErr(this.val);
  },
};

function ok<T, E = never>(value: T): Result<T, E> {
  return Object.freeze(Object.assign(Object.create(methods) as object, { tag: 'ok' as const, val: value })) as Ok<T>;
}

function err<E, T = never>(error: E): Result<T, E> {
  return Object.freeze(Object.assign(Object.create(methods) as object, { tag: 'err' as const, val: error })) as Err<E>;
}

/** Builds results: `Result.ok(value)`, `Result.err(error)`. */
export const Result = {
  ok,
  err,
  /** True if `value` is a result built by `Result.ok` / `Result.err`. */
  is(value: unknown): value is Result<unknown, unknown> {
    return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === methods;
  },
} as const;

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

type Awaitable<T> = T | PromiseLike<T>;

/** One step of a transaction and the action that undoes it. */
export interface Operation<In, Out, Err> {
  /** Performs the step; `err` is a domain error. */
  execute(input: In): Promise<Result<Out, Err>>;
  /** Undoes a step that succeeded with `result`. Should not throw. */
  compensate(input: In, result: Out): Promise<Result<void, Err>>;
}

/** An {@link Operation} from two functions (sync or async). */
export function operation<In, Out, Err>(
  execute: (input: In) => Awaitable<Result<Out, Err>>,
  compensate: (input: In, result: Out) => Awaitable<Result<void, Err>>,
): Operation<In, Out, Err> {
  if (typeof execute !== 'function' || typeof compensate !== 'function') {
    throw new TypeError('operation(execute, compensate) takes two functions');
  }
  return {
    execute: async (input) => checked(await execute(input), 'execute'),
    compensate: async (input, result) => checked(await compensate(input, result), 'compensate'),
  };
}

/** The union of the error types of a tuple of operations. */
export type OperationErrors<T extends Operation<any, any, any>[]> = {
  [K in keyof T]: T[K] extends Operation<any, any, infer E> ? E : never;
}[number];

// ---------------------------------------------------------------------------------------------
// Transactions
// ---------------------------------------------------------------------------------------------

/** Why a fallible transaction failed, and whether every compensation succeeded. */
export type TransactionFailure<Err> =
  | { type: 'FailedAndRolledBackCompletely'; error: Err }
  | { type: 'FailedAndRolledBackPartially'; error: Err; compensationFailure: Err };

export type TransactionResult<Out, Err> = Result<Out, TransactionFailure<Err>>;

type Compensation<E> = () => Promise<Result<void, E>>;

/** The handle a fallible transaction's body executes operations on. */
export class FallibleTransaction<E> {
  #compensations: Compensation<E>[] = [];
  #closed = false;

  /** Runs `op`; on `ok` its compensation is recorded, on `err` nothing is (the step did not happen). */
  async execute<In, Out, OpErr extends E>(op: Operation<In, Out, OpErr>, input: In): Promise<Result<Out, E>> {
    if (this.#closed) throw closed();
    const result = await op.execute(input);
    if (result.isOk()) this.#compensations.push(() => op.compensate(input, result.val));
    return result;
  }

  /** @internal Compensates in reverse order; stops at the first compensation that fails. */
  async rollBack(error: E): Promise<TransactionFailure<E>> {
    this.#closed = true;
    for (const compensate of this.#compensations.reverse()) {
      const undone = await compensate();
      if (undone.isErr()) return { type: 'FailedAndRolledBackPartially', error, compensationFailure: undone.val };
    }
    return { type: 'FailedAndRolledBackCompletely', error };
  }

  /** @internal */
  close(): void {
    this.#closed = true;
  }
}

/** The handle an infallible transaction's body executes operations on. */
export class InfallibleTransaction {
  #compensations: Array<() => Promise<void>> = [];
  #closed = false;
  readonly #begin: bigint;

  /** @internal */
  constructor(begin: bigint) {
    this.#begin = begin;
  }

  /**
   * Runs `op` and returns its value. On `err`, compensates every step done so far (in reverse
   * order) and restarts the transaction from its beginning: this call does not return.
   */
  async execute<In, Out, Err>(op: Operation<In, Out, Err>, input: In): Promise<Out> {
    if (this.#closed) throw closed();
    const result = await op.execute(input);
    if (result.isErr()) return this.retry();
    this.#compensations.push(async () => {
      const undone = await op.compensate(input, result.val);
      if (undone.isErr()) {
        throw new TransactionError('COMPENSATION_FAILED', `a compensation of an infallible transaction failed: ${describe(undone.val)}`, undone.val);
      }
    });
    return result.val;
  }

  /** Compensates the steps done so far (in reverse order) and restarts the transaction. Does not return. */
  async retry(): Promise<never> {
    if (this.#closed) throw closed();
    this.#closed = true;
    for (const compensate of this.#compensations.reverse()) await compensate();
    setOplogIndex(this.#begin); // the host unwinds the guest and replays up to the transaction's start
    throw new TransactionError('TRANSACTION_CLOSED', 'set-oplog-index returned: the host did not restart the transaction');
  }

  /** @internal */
  close(): void {
    this.#closed = true;
  }
}

/**
 * Runs `body` as a fallible transaction. Resolves to `ok(value)` when the body returns `ok`; when
 * it returns `err(e)`, the operations that succeeded are compensated in reverse order first and
 * the result is `err({ type: 'FailedAndRolledBackCompletely', error: e })` — or
 * `FailedAndRolledBackPartially` with the first compensation error.
 */
export function fallibleTransaction<Out, E>(
  body: (tx: FallibleTransaction<E>) => Promise<Result<Out, E>>,
): Promise<TransactionResult<Out, E>> {
  return atomically(async () => {
    const tx = new FallibleTransaction<E>();
    const result = checked(await body(tx), 'the transaction body');
    if (result.isOk()) {
      tx.close();
      return ok<Out, TransactionFailure<E>>(result.val);
    }
    return err<TransactionFailure<E>, Out>(await tx.rollBack(result.val));
  });
}

/**
 * Runs `body` as an infallible transaction and resolves to what it returns. An operation that
 * returns `err` compensates the steps done so far and restarts the transaction from its start
 * (Golem's `set-oplog-index`), as many times as it takes: use it for failures that go away.
 */
export function infallibleTransaction<Out>(body: (tx: InfallibleTransaction) => Promise<Out>): Promise<Out> {
  return atomically(async () => {
    const tx = new InfallibleTransaction(oplogIndex());
    try {
      return await body(tx);
    } finally {
      tx.close();
    }
  });
}

// ---------------------------------------------------------------------------------------------

function checked<T, E>(value: Result<T, E>, what: string): Result<T, E> {
  if (!Result.is(value)) throw new TypeError(`${what} must return Result.ok(…) or Result.err(…), got ${describe(value)}`);
  return value;
}

function closed(): TransactionError {
  return new TransactionError('TRANSACTION_CLOSED', 'this transaction has already finished: execute operations inside its body');
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value);
  } catch {
    return String(value);
  }
}
