import { Durability } from './durability.ts';
import type { WorkerContext } from './imports/context.ts';
import { golemHost } from './imports/golem-host.ts';
import { keyValue } from './imports/keyvalue.ts';
import { wasi } from './imports/wasi.ts';
import { ExecutorError } from './errors.ts';
import type { LoadedTemplate } from './templates.ts';

/** The jco import object for one worker instance, keyed by unversioned interface name. */
export function hostImports(ctx: WorkerContext): Record<string, unknown> {
  const kv = keyValue(ctx);
  return {
    'golem:api/host': golemHost(ctx),
    // Only types (the `uri` record): nothing to implement, but jco wants the instance present.
    'golem:rpc/types': {},
    'wasi:keyvalue/types': kv.types,
    'wasi:keyvalue/wasi-keyvalue-error': kv.error,
    'wasi:keyvalue/eventual': kv.eventual,
    'wasi:keyvalue/atomic': kv.atomic,
    'wasi:keyvalue/eventual-batch': kv.batch,
    ...wasi(ctx),
  };
}

export interface WorkerInstance {
  exports: Record<string, unknown>;
  durability: Durability;
  ctx: WorkerContext;
}

export async function instantiate(template: LoadedTemplate, ctx: WorkerContext): Promise<WorkerInstance> {
  const imports = hostImports(ctx);
  const missing = template.imports.filter((name) => !(name in imports));
  if (missing.length) {
    throw new ExecutorError('INVOCATION_FAILED', `the component imports ${missing.join(', ')}, which the golem-ts host does not provide`);
  }
  const exports = await template.instantiate(imports);
  return { exports, durability: ctx.durability, ctx };
}

/** jco names exports in camelCase: `await-decision` → `awaitDecision`. */
export function jsName(witName: string): string {
  return witName.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
