import type { Durability } from './durability.ts';
import type { WorkerContext } from './imports/context.ts';
import { hostImports, probeContext, providedImports } from './imports/index.ts';
import { asOutOfMemory } from './memory-limit.ts';
import { agentImports } from './agent/imports.ts';
import type { LoadedTemplate } from './templates.ts';
import { systemClock, type Clock } from './clock.ts';
import { describeImports, type GuestThread, type HostCallHooks, type ImportShape } from './thread/guest-thread.ts';
import type { PreloadSource } from './thread/pool.ts';
import { ThreadStopped } from './thread/stopped.ts';

export interface WorkerInstance {
  durability: Durability;
  ctx: WorkerContext;
  /** Calls an export by its jco path (`[instance, function]` or `[function]`). */
  call(path: string[], args: unknown[]): Promise<unknown>;
  /** Whether the guest waits inside a host call that suspended the worker (threads only). */
  readonly parked: boolean;
  /** Lets a parked guest go on, the wait being over: the rest of the invocation that parked. */
  resumeParked(): Promise<unknown>;
  /** Frees the instance (its thread goes back to the pool, or stops); whatever still waits on it fails with `reason`. */
  dispose(reason: Error): void;
  /** Whether it was instantiated ahead of need (ThreadPool) and bound to this worker. */
  readonly ahead: boolean;
}

/**
 * Instantiates a worker's component. With a guest thread the guest runs there and the import
 * object stays on this thread (see GuestThread); without one it runs here, on the host's thread
 * (replay checks). `timeoutMs` bounds each invocation in a thread.
 */
export async function instantiate(template: LoadedTemplate, ctx: WorkerContext, thread?: GuestThread, timeoutMs?: number): Promise<WorkerInstance> {
  if (!thread) {
    const exports = await template.instantiate(importsFor(template, ctx));
    return {
      durability: ctx.durability,
      ctx,
      call: async (path, args) => exportAt(exports, path)(...args),
      parked: false,
      resumeParked: () => Promise.reject(new Error('internal: an instance on the host thread never parks')),
      dispose: () => {},
      ahead: false,
    };
  }
  // A short guest wait blocks the guest's thread, not this one (a virtual clock only moves).
  const base = ctx.clock;
  const clock: Clock = base === systemClock ? { now: () => base.now(), at: (t, fn) => base.at(t, fn), blockUntil: (t) => thread.waitInGuest(t) } : base;
  const threadCtx: WorkerContext = { ...ctx, clock, asyncHostCalls: true, monotonicCell: thread.monotonicCell };
  // Instantiated ahead of need (see ThreadPool): bound to this worker now; otherwise instantiated here.
  const ahead = thread.preloadedFor === templateKey(template);
  try {
    const d = ctx.durability;
    // The guest thread answers pure calls itself (thread/journal.js); it reads the clock itself only
    // when the host's is the system clock: a virtual one (the test kit's) moves on this thread.
    const clocks = base === systemClock;
    const hooks: HostCallHooks = {
      begin: () => d.beginHostCall(),
      replayAgain: () => d.replayHostCall(),
      feed: () => ({ ...d.guestFeed(), clocks }),
      arrive: (r) => d.guestArrived(r.consumed, r.buffered),
    };
    const imports = importsFor(template, threadCtx);
    // The shape the spare was instantiated with (its proxies' call table): read once, not per bind.
    if (ahead) thread.bind(imports, hooks, shapeOf(template));
    else await thread.load(template.jsUrl, await template.coreModules(), imports, hooks);
  } catch (e) {
    void thread.terminate(new ThreadStopped('EXITED', 'instantiation failed'));
    throw e;
  }
  const outOfMemory = (e: unknown) => {
    throw asOutOfMemory(e, template.maxGuestMemory);
  };
  // Once dropped, the thread may serve another worker: this instance reaches it no more.
  let dropped: Error | undefined;
  return {
    durability: ctx.durability,
    ctx: threadCtx,
    call: (path, args) => (dropped ? Promise.reject(dropped) : thread.invoke(path, args, timeoutMs).catch(outOfMemory)),
    get parked() {
      return !dropped && thread.parked;
    },
    resumeParked: () => (dropped ? Promise.reject(dropped) : thread.resumeParked(timeoutMs).catch(outOfMemory)),
    dispose: (reason) => {
      if (dropped) return;
      dropped = reason;
      thread.dispose(reason);
    },
    ahead,
  };
}

const templateKey = (t: LoadedTemplate) => `${t.id}@${t.version}`;

/** What the thread pool needs to instantiate `template` ahead of need. */
export function preloadSource(template: LoadedTemplate): PreloadSource {
  return { key: templateKey(template), jsUrl: template.jsUrl, coreModules: () => template.coreModules(), shape: shapeOf(template) };
}

/** The import object's shape for `template`'s workers: an agent's own, else the host's. */
function shapeOf(template: LoadedTemplate): ImportShape {
  return template.agent ? agentShape(template) : (importShape ??= describeImports(providedImports()));
}

/** The host's import object shape: the same for every worker and template, read once. */
let importShape: ImportShape | undefined;

/** An agent's import object shape: its own imports decide it (traps.ts), read once per template. */
const agentShapes = new WeakMap<LoadedTemplate, ImportShape>();
function agentShape(template: LoadedTemplate): ImportShape {
  let shape = agentShapes.get(template);
  if (!shape) agentShapes.set(template, (shape = describeImports(agentImports(probeContext(), template.imports))));
  return shape;
}

/** A worker's import object: the agent imports for a Golem 1.5 agent, the host's imports otherwise. */
function importsFor(template: LoadedTemplate, ctx: WorkerContext) {
  return template.agent ? agentImports(ctx, template.imports) : hostImports(ctx, template.golemApiIdField);
}

/** The export at a jco path of an instance's exports. */
export function exportAt(exports: Record<string, unknown>, path: string[]): (...args: unknown[]) => unknown {
  let cur: unknown = exports;
  for (const p of path) cur = (cur as Record<string, unknown> | undefined)?.[p];
  if (typeof cur !== 'function') throw new Error(`the component does not export ${path.join('.')}`);
  return cur as (...args: unknown[]) => unknown;
}
