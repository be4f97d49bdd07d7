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
 * Guest threads started ahead of need. A cold resume otherwise pays for starting a thread and
 * instantiating the component before replay can begin. Spares come in two kinds:
 * - a bare thread (no instance): safe for any worker of any template;
 * - an instance of the template used last, instantiated ahead and bound to a worker when taken.
 *   That is safe because instantiating it calls nothing on the host (a call before binding is
 *   refused and the spare dropped: see GuestThread.preload), so until it is bound the instance
 *   holds nothing of any worker.
 * Taking a spare starts its replacement in the background.
 */
export class ThreadPool {
  private readonly bare: GuestThread[] = [];
  private readonly instances: Spare[] = [];
  private closed = false;

  /** `ahead`: instances of the last template kept ready (0: bare threads only). */
  constructor(private readonly ahead = 2) {}

  /** A thread for a worker of `template`: pre-instantiated when one is ready, else bare. */
  async take(template?: PreloadSource): Promise<GuestThread> {
    const i = template ? this.instances.findIndex((s) => s.key === template.key) : -1;
    const spare = i >= 0 ? this.instances.splice(i, 1)[0] : undefined;
    setImmediate(() => this.refill(template));
    if (spare && (await spare.ready)) return spare.thread;
    return this.bare.shift() ?? new GuestThread();
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.bare.splice(0), ...this.instances.splice(0).map((s) => s.thread)];
    await Promise.all(all.map((t) => t.terminate(new ThreadStopped('CLOSED', 'the host closed'))));
  }

  private refill(template: PreloadSource | undefined): void {
    if (this.closed) return;
    if (!this.bare.length) this.bare.push(new GuestThread());
    if (!template || !this.ahead) return;
    // Instances of other templates give way to the one in use.
    for (const s of this.instances.filter((x) => x.key !== template.key)) {
      this.instances.splice(this.instances.indexOf(s), 1);
      void s.thread.terminate(new ThreadStopped('EVICTED', 'a spare of a template no longer in use'));
    }
    while (this.instances.length < this.ahead) {
      const thread = new GuestThread();
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
