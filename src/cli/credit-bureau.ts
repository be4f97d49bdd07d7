import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CreditBureau {
  /** The scoring endpoint: `http://127.0.0.1:<port>/score`. */
  url: string;
  /** Requests received, in order: the idempotency key each carried. */
  readonly requests: { idempotencyKey: string | undefined; applicant: string }[];
  close(): Promise<void>;
}

/** The bureau's score: 30, +40 for a smoker, +20 from age 60. */
export function bureauScoreFor(applicant: { age: number; smoker: boolean }): number {
  return Math.min(100, 30 + (applicant.smoker ? 40 : 0) + (applicant.age >= 60 ? 20 : 0));
}

/**
 * A stand-in credit bureau for the demo and the example's tests, on 127.0.0.1 (random port):
 * `POST /score` with `{applicant, age, smoker}` answers `{"score": n}` and counts the request.
 */
export async function startCreditBureau(): Promise<CreditBureau> {
  const requests: CreditBureau['requests'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/score') {
        res.writeHead(404).end();
        return;
      }
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { applicant: string; age: number; smoker: boolean };
        requests.push({ idempotencyKey: req.headers['idempotency-key'] as string | undefined, applicant: body.applicant });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ score: bureauScoreFor(body) }));
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/score`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
