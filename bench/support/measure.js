// Timing and statistics shared by the metrics.

export function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { mean, p50: at(0.5), p99: at(0.99), min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}

/** Milliseconds `fn` takes. */
export async function time(fn) {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Interleaves measured and baseline batches so drift on a loaded machine hits both alike. */
export async function sideBySide(measured, baseline, calls, batch = 50) {
  const a = [];
  const b = [];
  for (let done = 0; done < calls; done += batch) {
    for (let i = 0; i < batch; i++) a.push(await time(measured));
    for (let i = 0; i < batch; i++) b.push(await time(baseline));
  }
  return [stats(a), stats(b)];
}

/** Polls `check` (no fixed sleeps); fails after `timeoutMs`. */
export async function until(check, what, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** RSS and heap after a full GC (the bench runs with --expose-gc). */
export function memory() {
  globalThis.gc?.();
  globalThis.gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, external: m.external + m.arrayBuffers };
}
