import type { WorkerContext } from '../imports/context.ts';
import type { Interfaces } from '../imports/provide.ts';

/**
 * wasi:logging/logging, which the QuickJS guest's `console.error`/`console.warn`/… call: each
 * message goes to the worker's output (stderr from warn up, stdout below), live only — replay
 * does not repeat output, as for wasi:cli's streams. (Golem records log lines in the oplog; the
 * golem-ts host keeps output out of it.)
 */
export function logging(ctx: WorkerContext): Interfaces {
  const toStderr = new Set(['warn', 'error', 'critical']);
  return {
    'wasi:logging/logging': {
      log(level: string, context: string, message: string): void {
        if (ctx.durability.replaying) return;
        const line = context ? `[${level}] ${context}: ${message}\n` : `${message}\n`;
        ctx.output(toStderr.has(level) ? 'stderr' : 'stdout', new TextEncoder().encode(line));
      },
    },
  };
}
