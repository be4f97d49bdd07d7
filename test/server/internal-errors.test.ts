/**
 * What the server does when the executor fails in ways a client cannot cause: 500 with an
 * `{"error"}` body, and unexpected exceptions reported through `logError`. The executor here is
 * a stand-in that fails on purpose; the server under test is the real one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecutorError } from '../../src/host/errors.ts';
import type { ExecutorApi } from '../../src/host/types.ts';
import { startServer, type RunningServer } from '../../src/server/index.ts';
import { http } from './host.ts';

const T = '5c2d0c7e-9f51-4d7c-8a39-0d6f2f0b1a11';

/** Every executor method throws what `failure(method)` returns. */
function failingExecutor(failure: (method: string) => Error): ExecutorApi {
  return new Proxy({} as ExecutorApi, {
    get: (_target, method) => () => {
      throw failure(String(method));
    },
  });
}

describe('internal failures', () => {
  let server: RunningServer;
  const logged: unknown[] = [];

  beforeAll(async () => {
    server = await startServer({
      port: 0,
      executor: failingExecutor((method) =>
        method === 'getWorker' ? new ExecutorError('INVOCATION_FAILED', 'previous invocation failed: trap') : new TypeError(`${method} exploded`),
      ),
      logError: (err) => logged.push(err),
    });
  });
  afterAll(() => server?.close());

  it('answers 500 with an error body for an unexpected exception and logs it', async () => {
    const res = await http(server.url, 'GET', '/v1/templates');
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ error: 'internal error: listTemplates exploded' });
    expect(logged).toHaveLength(1);
    expect((logged[0] as Error).message).toBe('listTemplates exploded');
  });

  it('answers 500 for an executor error with that status, without logging it as unexpected', async () => {
    logged.length = 0;
    const res = await http(server.url, 'GET', `/v1/templates/${T}/workers/w1`);
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ error: 'previous invocation failed: trap' });
    expect(logged).toEqual([]);
  });
});
