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
