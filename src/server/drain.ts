/**
 * Reads and discards what is left of a request body, so an early answer (413) reaches a client
 * that is still sending: answering first and closing the socket makes the client fail with
 * EPIPE/ECONNRESET instead of reading the status. Bounded: beyond `maxBytes` the socket is cut.
 */
import type { IncomingMessage } from 'node:http';

export function drainRequest(req: IncomingMessage, maxBytes: number): Promise<void> {
  if (req.complete || req.readableEnded || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let seen = 0;
    const done = () => {
      req.off('data', onData);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > maxBytes) {
        req.destroy();
        done();
      }
    };
    req.on('data', onData);
    req.once('end', done);
    req.once('close', done);
    req.once('error', done);
    req.resume();
  });
}
