// hostcall.roundtrip: a synchronous host call from a guest thread (the real GuestThread and its
// channel, a stand-in glue that only makes calls) vs the bare postMessage + Atomics.wait +
// receiveMessageOnPort round trip to an echo thread, in the same run. Also per call: 4 KiB of bytes
// and a bigint each way, and a method on a resource handle.
import { MessageChannel, Worker } from 'node:worker_threads';
import { lib } from '../support/lib.js';
import { stats, time } from '../support/measure.js';

const { GuestThread } = await lib('host/thread/guest-thread.js');
const { ThreadStopped } = await lib('host/thread/stopped.js');

class Counter {
  n = 0;
  add(k) {
    this.n += k;
    return this.n;
  }
}

const imports = {
  'bench:probe/api': {
    ping: (x) => x + 1,
    bytes: (i, data) => data.subarray(0, 4096 - Number(i % 2n)),
    Counter,
  },
};

function echoThread() {
  const { port1, port2 } = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(new URL('../support/echo-thread.js', import.meta.url), { workerData: { port: port2, flag: flag.buffer }, transferList: [port2] });
  port1.on('message', (m) => {
    port1.postMessage({ ok: imports[m.iface][m.name](...m.args) });
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
  const run = (n) =>
    new Promise((resolve) => {
      worker.once('message', resolve);
      worker.postMessage(n);
    });
  return { run, close: () => (port1.close(), worker.terminate()) };
}

export async function hostcallRoundTrip({ quick, results, log }) {
  const calls = quick ? 5000 : 10_000;
  const reps = quick ? 11 : 21;
  log(`hostcall.roundtrip: ${reps} × ${calls} host calls from a guest thread, beside an echo thread`);
  const thread = new GuestThread();
  await thread.load(new URL('../support/hostcall-guest.js', import.meta.url).href, {}, imports);
  const echo = echoThread();
  const perCall = async (fn) => ((await time(fn)) * 1000) / calls;
  const kinds = { small: [], bytes: [], method: [] };
  const bare = [];
  await thread.invoke(['small'], [calls]);
  await echo.run(calls);
  for (let i = 0; i < reps; i++) {
    for (const k of Object.keys(kinds)) kinds[k].push(await perCall(() => thread.invoke([k], [calls])));
    bare.push(await perCall(() => echo.run(calls)));
  }
  await thread.terminate(new ThreadStopped('CLOSED', 'bench done'));
  await echo.close();
  const b = stats(bare);
  results.add({
    name: 'hostcall.roundtrip',
    value: stats(kinds.small).p50,
    unit: 'µs/host call',
    baseline: 'postMessage + Atomics.wait + receiveMessageOnPort to an echo thread (µs/round trip, p50)',
    baselineValue: b.p50,
    details: { calls, reps, bytes4KiBP50: stats(kinds.bytes).p50, methodP50: stats(kinds.method).p50, bytesRatio: stats(kinds.bytes).p50 / b.p50, methodRatio: stats(kinds.method).p50 / b.p50 },
  });
}
