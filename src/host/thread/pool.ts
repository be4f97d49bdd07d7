import { availableParallelism } from 'node:os';
import { GuestThread, type ImportShape } from './guest-thread.ts';
import { ThreadStopped } from './stopped.ts';

/** What the pool needs of a template to instantiate it ahead of need. */
export interface PreloadSource {
  key: string;
  jsUrl: string;
  coreModules(): Promise<Record<string, WebAssembly.Module>>;
  /** The import object's shape (the same for every worker). */
  shape: ImportShape;
}

interface Spare {
  thread: GuestThread;
  key: string;
  ready: Promise<boolean>;
}

/**
 * Threads kept for reuse once their instances are dropped (beyond that, they stop): as many as
 * the executor instantiates at once (one per core), each idle thread holding its heap and glue.
 */
const KEEP_RECYCLED = Math.max(2, availableParallelism());

/**
 * Guest threads for workers' instances: started ahead of need, and reused. A cold resume
 * otherwise pays for starting a thread, importing the template's glue and instantiating the
 * component before replay can begin. The pool holds:
 * - threads recycled from dropped instances (GuestThread.recycle): the glue they imported stays,
 *   so a new instance there costs little more than its core instantiation; taken first, one that
 *   imported the template's glue before the others;
 * - a bare thread (no instance, no glue): safe for any worker of any template;
 * - instances of the template used last, instantiated ahead and bound to a worker when taken.
 *   That is safe because instantiating it calls nothing on the host (a call before binding is
 *   refused and the spare dropped: see GuestThread.preload), so until it is bound the instance
 *   holds nothing of any worker.
 * Taking a spare starts its replacement in the background. A dropped instance's thread comes back
 * here (GuestThread.dispose): recycled when its guest is idle or parked, stopped when it runs.
 */
export class ThreadPool {
  private readonly bare: GuestThread[] = [];
  private readonly recycled: GuestThread[] = [];
  private readonly recycling = new Set<Promise<void>>();
  private readonly instances: Spare[] = [];
  private closed = false;

  /** `ahead`: instances of the last template kept ready (0: bare threads only). */
  constructor(
    private readonly ahead = 2,
    private readonly keep = KEEP_RECYCLED,
  ) {}

  /** A thread for a worker of `template`: pre-instantiated when one is ready, else recycled, else bare. */
  async take(template?: PreloadSource): Promise<GuestThread> {
    const i = template ? this.instances.findIndex((s) => s.key === template.key) : -1;
    const spare = i >= 0 ? this.instances.splice(i, 1)[0] : undefined;
    setImmediate(() => this.refill(template));
    if (spare && (await spare.ready)) return spare.thread;
    return this.takeRecycled(template?.jsUrl) ?? this.bare.shift() ?? this.started();
  }

  /** Threads the pool holds now, by kind (for tests and the bench). */
  get sizes(): { bare: number; recycled: number; instances: number } {
    return { bare: this.bare.length, recycled: this.recycled.length, instances: this.instances.length };
  }

  /** Waits until the threads given back so far are recycled (or stopped). */
  async settled(): Promise<void> {
    await Promise.all([...this.recycling]);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.recycling]);
    const all = [...this.bare.splice(0), ...this.recycled.splice(0), ...this.instances.splice(0).map((s) => s.thread)];
    await Promise.all(all.map((t) => t.terminate(new ThreadStopped('CLOSED', 'the host closed'))));
  }

  /** A new thread, which comes back here when its instance is dropped. */
  private started(): GuestThread {
    const thread = new GuestThread();
    thread.home = (t, reason) => this.giveBack(t, reason);
    return thread;
  }

  /** The recycled thread that imported `jsUrl` last, else the last recycled one. */
  private takeRecycled(jsUrl: string | undefined): GuestThread | undefined {
    const i = jsUrl === undefined ? -1 : this.recycled.findLastIndex((t) => t.glues.has(jsUrl));
    return i >= 0 ? this.recycled.splice(i, 1)[0] : this.recycled.pop();
  }

  private giveBack(thread: GuestThread, reason: Error): void {
    // A closing host stops its threads wherever their guests are, as before.
    const closing = reason instanceof ThreadStopped && reason.code === 'CLOSED';
    if (this.closed || closing || this.recycled.length + this.recycling.size >= this.keep) {
      void thread.terminate(reason);
      return;
    }
    const done = thread.recycle(reason).then((clean) => {
      this.recycling.delete(done);
      if (!clean) return;
      if (this.closed || this.recycled.length >= this.keep) void thread.terminate(new ThreadStopped('CLOSED', 'more threads than the pool keeps'));
      else this.recycled.push(thread);
    });
    this.recycling.add(done);
  }

  private refill(template: PreloadSource | undefined): void {
    if (this.closed) return;
    if (!this.bare.length && !this.recycled.length) this.bare.push(this.started());
    if (!template || !this.ahead) return;
    // Instances of other templates give way to the one in use.
    for (const s of this.instances.filter((x) => x.key !== template.key)) {
      this.instances.splice(this.instances.indexOf(s), 1);
      void s.ready.then((ok) => ok && s.thread.dispose(new ThreadStopped('EVICTED', 'a spare of a template no longer in use')));
    }
    while (this.instances.length < this.ahead) {
      const thread = this.takeRecycled(template.jsUrl) ?? this.started();
      const ready = template
        .coreModules()
        .then((modules) => thread.preload(template.jsUrl, modules, template.shape, template.key))
        .then(
          () => true,
          () => {
            void thread.terminate(new ThreadStopped('EXITED', 'instantiating ahead failed'));
            return false;
          },
        );
      this.instances.push({ thread, key: template.key, ready });
    }
  }
}
