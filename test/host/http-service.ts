import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface LocalService {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Every request the service received, in order. */
  requests: SeenRequest[];
  /** Resolves with the next request received from now on (before it is answered). */
  nextRequest(): Promise<SeenRequest>;
  close(): Promise<void>;
}

const open: LocalService[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

/** A service on 127.0.0.1 (random port) that counts and records requests; `answer` replies to each. */
export async function localService(answer: (req: SeenRequest, res: ServerResponse) => void): Promise<LocalService> {
  const requests: SeenRequest[] = [];
  let waiting: ((r: SeenRequest) => void)[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(seen);
      for (const w of waiting.splice(0)) w(seen);
      answer(seen, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const service: LocalService = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    nextRequest: () => new Promise((resolve) => waiting.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        waiting = [];
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  open.push(service);
  return service;
}
