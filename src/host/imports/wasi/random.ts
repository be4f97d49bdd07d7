import { PURE_CALLS } from '../../pure-calls.js';
import type { WorkerContext } from '../context.ts';
import type { Interfaces } from '../provide.ts';

/**
 * wasi:random: every value is a durable host call, so replay sees the values the first run drew.
 * The calls and their live answers are pure-calls.js's (a guest thread gives most of them itself).
 */
export function random(ctx: WorkerContext): Interfaces {
  const d = ctx.durability;
  const call = (key: string, args: unknown[]) => {
    const p = PURE_CALLS.get(key)!;
    return d.call(p.functionName, 'ReadLocal', () => p.live(args), p.request ? { request: args } : undefined);
  };
  return {
    'wasi:random/random': {
      getRandomBytes: (len: bigint) => call('wasi:random/random#getRandomBytes', [len]),
      getRandomU64: () => call('wasi:random/random#getRandomU64', []),
    },
    'wasi:random/insecure': {
      getInsecureRandomBytes: (len: bigint) => call('wasi:random/insecure#getInsecureRandomBytes', [len]),
      getInsecureRandomU64: () => call('wasi:random/insecure#getInsecureRandomU64', []),
    },
    'wasi:random/insecure-seed': {
      insecureSeed: () => call('wasi:random/insecure-seed#insecureSeed', []),
    },
  };
}
