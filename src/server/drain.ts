/**
 * Throws away what is left of a request body after an early answer (413), so a client that is
 * still sending can finish and read that answer. Closing the socket instead makes the client's
 * next write fail with EPIPE/ECONNRESET, and a reset can discard the answer before it is read.
 * Reading costs no memory (nothing is kept); Node's `requestTimeout` bounds how long it may take.
 */
import type { IncomingMessage } from 'node:http';

export function discardRequestBody(req: IncomingMessage): void {
  if (req.complete || req.readableEnded || req.destroyed) return;
  // A multipart upload is piped into its parser: detach it, then let the data flow to nowhere.
  req.unpipe();
  req.removeAllListeners('data');
  req.resume();
}
