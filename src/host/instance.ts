import type { Durability } from './durability.ts';
import type { WorkerContext } from './imports/context.ts';
import { hostImports } from './imports/index.ts';
import type { LoadedTemplate } from './templates.ts';

export interface WorkerInstance {
  exports: Record<string, unknown>;
  durability: Durability;
  ctx: WorkerContext;
}

export async function instantiate(template: LoadedTemplate, ctx: WorkerContext): Promise<WorkerInstance> {
  const exports = await template.instantiate(hostImports(ctx, template.golemApiIdField));
  return { exports, durability: ctx.durability, ctx };
}

/** jco names exports in camelCase: `await-decision` → `awaitDecision`. */
export function jsName(witName: string): string {
  return witName.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
