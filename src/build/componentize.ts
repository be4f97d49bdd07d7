import { Worker } from 'node:worker_threads';
import { BuildError } from './errors.ts';
import { shimCopies } from './preopens.ts';
import type { WasiFeature } from './project.ts';
import { sdkRoot } from './sdk-paths.ts';

const THREAD = new URL('./componentize-thread.js', import.meta.url);

export interface ComponentizeOptions {
  sourcePath: string;
  witDir: string;
  world: string;
  disableFeatures: WasiFeature[];
}

/** componentize-js loading in its own thread (componentize-thread.js): one `run` per thread. */
export interface Componentizer {
  run(opts: ComponentizeOptions): Promise<Uint8Array>;
  /** Stops the thread (a build that fails elsewhere, or needs no component after all). */
  stop(): void;
}

/** Starts the thread now, so componentize-js loads while the build bundles. */
export function startComponentizer(): Componentizer {
  const worker = new Worker(THREAD, { workerData: { shims: shimCopies(sdkRoot) } });
  // Until `run` waits on it, the thread must not keep a failing build's process alive.
  worker.unref();
  const stop = () => {
    worker.unref();
    void worker.terminate();
  };
  return {
    stop,
    run(opts) {
      worker.ref();
      return new Promise<Uint8Array>((resolve, reject) => {
        const failed = (message: string, cause?: unknown) => reject(new BuildError('COMPONENTIZE_FAILED', `componentize-js failed: ${message}`, [], { cause }));
        worker.once('message', (m: { component?: Uint8Array; error?: { message: string; stack?: string } }) => {
          if (m.component) resolve(m.component);
          else failed(explain(m.error!.message), Object.assign(new Error(m.error!.message), { stack: m.error!.stack }));
        });
        worker.once('error', (e) => failed(explain(e.message), e));
        worker.once('exit', (code) => failed(`its thread exited (${code}) before answering`));
        worker.postMessage({ sourcePath: opts.sourcePath, witPath: opts.witDir, worldName: opts.world, disableFeatures: opts.disableFeatures });
      }).finally(stop);
    },
  };
}

/** componentize-js reports WIT and wizer failures as multi-line text; keep the part a user can act on. */
function explain(text: string): string {
  return text.replace(/\n\s*at .*$/gm, '').trim();
}
