/**
 * The in-test fake Golem host. `vitest.config.ts` aliases every WIT import module the SDK uses to
 * a file in ./fake-host/, so the guest SDK runs unmodified against it:
 *
 * | specifier                                   | fake                                          |
 * |---------------------------------------------|-----------------------------------------------|
 * | golem:api/host@0.2.0                        | fake-host/golem-api-host.ts                   |
 * | wasi:keyvalue/types@0.1.0                   | fake-host/wasi-keyvalue-types.ts              |
 * | wasi:keyvalue/eventual@0.1.0                | fake-host/wasi-keyvalue-eventual.ts           |
 * | wasi:keyvalue/atomic@0.1.0                  | fake-host/wasi-keyvalue-atomic.ts             |
 * | wasi:keyvalue/eventual-batch@0.1.0          | fake-host/wasi-keyvalue-eventual-batch.ts     |
 * | wasi:keyvalue/wasi-keyvalue-error@0.1.0     | fake-host/wasi-keyvalue-wasi-keyvalue-error.ts|
 *
 * - promises: an in-memory table keyed by promise id; each `create-promise` gets the next oplog
 *   index; `await-promise` on an incomplete promise throws a `SuspendSignal` (Golem suspends the
 *   worker there), on an unknown one a `HostTrap`.
 * - buckets: in-memory maps; `fake.failNext(op, trace)` makes the next call of that WIT operation
 *   throw `ComponentError { payload: error-resource }`, exactly like the componentize-js binding.
 */
export {
  fake,
  SuspendSignal,
  JumpSignal,
  HostTrap,
  ComponentError,
  promiseKey,
  type OplogEntry,
} from './fake-host/state.ts';
