// A worker thread that sends GET `url` every `intervalMs` for `durationMs` without waiting for the
// answers (an open loop, so a stalled host shows in every request it stalls, not in one) and
// reports each latency. It has its own event loop, so it keeps measuring while the host's thread is busy.
import { parentPort, workerData } from 'node:worker_threads';

const { url, durationMs, intervalMs } = workerData;
const get = async () => {
  const t0 = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return performance.now() - t0;
};
await get();
parentPort.postMessage({ ready: true });
const sent = [];
const end = performance.now() + durationMs;
while (performance.now() < end) {
  sent.push(get());
  await new Promise((r) => setTimeout(r, intervalMs));
}
parentPort.postMessage({ latencies: await Promise.all(sent) });
