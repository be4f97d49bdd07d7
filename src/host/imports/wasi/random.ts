import { randomBytes } from 'node:crypto';
import type { WorkerContext } from '../context.ts';
import type { Interfaces } from '../provide.ts';

/** wasi:random: every value is a durable host call, so replay sees the values the first run drew. */
export function random(ctx: WorkerContext): Interfaces {
  const d = ctx.durability;
  return {
    'wasi:random/random': {
      getRandomBytes: (len: bigint) => d.call('wasi:random/random/get-random-bytes', 'ReadLocal', () => new Uint8Array(randomBytes(Number(len))), { request: [len] }),
      getRandomU64: () => d.call('wasi:random/random/get-random-u64', 'ReadLocal', () => randomBytes(8).readBigUInt64LE()),
    },
    'wasi:random/insecure': {
      getInsecureRandomBytes: (len: bigint) => d.call('wasi:random/insecure/get-insecure-random-bytes', 'ReadLocal', () => new Uint8Array(randomBytes(Number(len))), { request: [len] }),
      getInsecureRandomU64: () => d.call('wasi:random/insecure/get-insecure-random-u64', 'ReadLocal', () => randomBytes(8).readBigUInt64LE()),
    },
    'wasi:random/insecure-seed': {
      insecureSeed: () => d.call('wasi:random/insecure-seed/insecure-seed', 'ReadLocal', () => [randomBytes(8).readBigUInt64LE(), randomBytes(8).readBigUInt64LE()]),
    },
  };
}
