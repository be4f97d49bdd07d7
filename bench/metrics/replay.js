// replay.throughput: oplog entries replayed per second on a long oplog (restart by replay minus the
// instantiation floor) vs reading and decoding the same oplog from SQLite.
import { FN, instantiateOnce } from '../support/host.js';
import { stats, time } from '../support/measure.js';

export async function replayThroughput({ executor, templateId, quick, results, log }) {
  // Long enough that replay, not the instantiation subtracted from it, dominates the restart.
  const target = quick ? 15_000 : 50_000;
  const reps = quick ? 3 : 5;
  const name = 'long';
  log(`replay.throughput: growing an oplog to ${target} entries`);
  await executor.createWorker(templateId, name, [], []);
  let increments = 0;
  while (executor.store.lastOplogIndex(templateId, name) < target) {
    await executor.invokeAndAwait(templateId, name, FN.increment, [1]);
    increments++;
  }
  const entries = executor.getOplog(templateId, name).length;
  const hostCalls = executor.getOplog(templateId, name).filter((e) => e.kind === 'imported-function-invoked').length;
  const restarts = [];
  const floor = [];
  const reads = [];
  const inline = [];
  for (let i = 0; i < reps; i++) {
    restarts.push(await time(() => executor.interrupt(templateId, name, true)));
    floor.push(await time(() => instantiateOnce(executor, templateId, `floor-replay-${i}`)));
    reads.push(await time(() => executor.getOplog(templateId, name)));
    // The same replay with the guest on this thread (the replay check: fresh instance, writes nothing).
    inline.push(await time(() => executor.checkReplay(templateId, name)));
  }
  // The replayed instance holds the counter only replay can rebuild.
  const [after] = await executor.invokeAndAwait(templateId, name, FN.increment, [0]);
  if (BigInt(String(after)) !== BigInt(increments)) throw new Error(`bench: replay rebuilt counter ${after}, expected ${increments}`);
  const replayMs = Math.max(0.001, stats(restarts).p50 - stats(floor).p50);
  results.add({
    name: 'replay.throughput',
    value: entries / (replayMs / 1000),
    unit: 'entries/s',
    baseline: 'read + decode the same oplog from SQLite (entries/s)',
    baselineValue: entries / (stats(reads).p50 / 1000),
    goal: '≥ 100,000/s',
    check: (v) => v >= 100_000,
    details: { entries, invocations: increments, restartMsP50: stats(restarts).p50, instantiateMsP50: stats(floor).p50 },
  });
  // What a guest host call costs across threads: the same replay in a guest thread (every recorded
  // host call a round trip to the host thread) and on the host's thread, per host call.
  const inlineMs = Math.max(0.001, stats(inline).p50 - stats(floor).p50);
  results.add({
    name: 'hostcall.thread',
    value: (replayMs * 1000) / hostCalls,
    unit: 'µs/host call',
    baseline: 'the same replay with the guest on the host thread (µs/host call)',
    baselineValue: (inlineMs * 1000) / hostCalls,
    details: { hostCalls, threadReplayMs: replayMs, inlineReplayMs: inlineMs },
  });
}
