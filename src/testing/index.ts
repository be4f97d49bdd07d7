/**
 * golem-ts/testing: your component on the real durable host inside a test, with virtual time,
 * always-replay determinism checks and host crashes.
 *
 *   await using host = await createTestHost();
 *   const worker = await host.worker(await host.template('.'), 'w1');   // a project dir or a .wasm
 *   const [id] = await worker.invoke('my:pkg/api/start', [{ … }]);
 *   await host.advanceTime(48 * 3600_000);   // durable timers fire, in well under a second
 *   await host.restart();                    // kill -9 + restart: pending calls still settle
 *   await worker.complete(id, { … });
 *   host.http.route('POST https://bureau.example/score', () => Response.json({ score: 40 }));
 */
export { createTestHost, type ComponentSource, type TestHost, type TestHostOptions } from './host.ts';
export type { TestHttp, TestHttpHandler, TestHttpRequest, TestHttpResponse } from './http.ts';
export type { TestAgent } from './agent.ts';
export type { PendingPromise, PromiseRef, TestBucket, TestWorker, TypedPromiseId } from './worker.ts';
export { DeterminismError, HostClosedError, TestKitError, WaitTimeoutError, type TestKitErrorCode } from './errors.ts';
export { ExecutorError, type ExecutorErrorCode } from '../host/errors.ts';
export type { OplogEntry, WorkerMetadata, WorkerStatus } from '../host/types.ts';
