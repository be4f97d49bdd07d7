// The baseline of hostcall.roundtrip: the bare mechanism the guest threads used before the shared
// channel, with no host logic: postMessage, Atomics.wait for the answer, receiveMessageOnPort.
import { receiveMessageOnPort, workerData, parentPort } from 'node:worker_threads';

const { port } = workerData;
const flag = new Int32Array(workerData.flag);
parentPort.on('message', (n) => {
  let x = 0;
  for (let i = 0; i < n; i++) {
    Atomics.store(flag, 0, 0);
    port.postMessage({ op: 'call', iface: 'bench:probe/api', name: 'ping', args: [x] });
    Atomics.wait(flag, 0, 0);
    x = receiveMessageOnPort(port).message.ok;
  }
  parentPort.postMessage(x);
});
