import { SingleBar } from 'cli-progress';
import type { BuildEvent } from '../build/index.ts';

/** Human-readable byte sizes for build and template summaries. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * A progress bar for a step whose length is only known from experience (componentize takes
 * 10–20 s). On a terminal it animates; elsewhere (CI logs) it prints a line every few seconds.
 */
export function timedProgress(label: string, expectedMs: number): { stop(): void } {
  const started = Date.now();
  if (process.stderr.isTTY) {
    const bar = new SingleBar(
      { format: `${label} [{bar}] {elapsed}s`, stream: process.stderr, hideCursor: true, clearOnComplete: true, barsize: 30 },
    );
    const total = Math.max(expectedMs, 1000);
    bar.start(total, 0, { elapsed: '0.0' });
    const timer = setInterval(() => {
      const elapsed = Date.now() - started;
      // Never show 100% before the step really ends.
      bar.update(Math.min(elapsed, total * 0.97), { elapsed: (elapsed / 1000).toFixed(1) });
    }, 100);
    return {
      stop() {
        clearInterval(timer);
        bar.stop();
      },
    };
  }
  process.stderr.write(`${label}…\n`);
  const timer = setInterval(() => process.stderr.write(`${label}… ${Math.round((Date.now() - started) / 1000)}s\n`), 5000);
  return { stop: () => clearInterval(timer) };
}

/** Reports build steps on stderr, with a progress bar for the long componentize step. */
export function buildProgress(): { onEvent(e: BuildEvent): void; stop(): void } {
  let progress: { stop(): void } | undefined;
  return {
    onEvent(e) {
      if (e.type === 'step' && e.step !== 'componentize') process.stderr.write(`${e.step}…\n`);
      if (e.type === 'componentize-start') progress = timedProgress('componentize', e.expectedMs);
      if (e.type === 'step' && e.step === 'write') progress?.stop();
    },
    stop: () => progress?.stop(),
  };
}
