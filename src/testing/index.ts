/**
 * golem-ts/testing: run your own component on the real durable host inside a test.
 *
 *   const host = await createTestHost();
 *   const worker = await host.worker(await host.template('dist/app.wasm'), 'w1');
 *   const [submission] = await worker.invoke('my:pkg/api/start', [{ … }]);
 *   await host.restart();              // kill the host, reopen the same data: replay
 *   await worker.complete(idx, { … }); // completes over the same path as REST
 *
 * Everything runs in-process on a temp data dir; `http: true` also serves the REST API on
 * 127.0.0.1 with a random port and gives you a GolemClient for it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GolemClient } from '../client/index.ts';
import { Executor } from '../host/executor.ts';
import type { OplogEntry, WorkerMetadata, WorkerStatus } from '../host/types.ts';
import { startServer } from '../server/index.ts';
import { parseJson, stringifyJson } from '../wit/index.ts';

export interface TestHostOptions {
  /** Keep state here instead of a fresh temp dir (removed on close only if created here). */
  dataDir?: string;
  /** Also serve the Worker API over HTTP on 127.0.0.1 (random port). */
  http?: boolean;
  /** Bearer token the HTTP server requires. */
  token?: string;
}

export interface TestWorker {
  readonly templateId: string;
  readonly name: string;
  /** invoke-and-await with typed-JSON params; resolves with the typed-JSON result (64-bit integers beyond 2^53 as bigint). */
  invoke(functionName: string, params?: unknown[], opts?: { invocationKey?: string }): Promise<unknown>;
  /** Completes one of the worker's promises with a JSON value (or raw bytes). */
  complete(oplogIdx: number | bigint, value: unknown): Promise<boolean>;
  status(): WorkerStatus;
  metadata(): WorkerMetadata;
  oplog(): OplogEntry[];
  /** Waits until the worker reaches `status` (e.g. 'Suspended' after an await on a pending promise). */
  waitFor(status: WorkerStatus, timeoutMs?: number): Promise<void>;
}

export interface TestHost {
  readonly executor: Executor;
  /** REST URL and client, with `http: true`. */
  readonly url?: string;
  readonly client?: GolemClient;
  /** Uploads a component (path, file URL such as `new URL('../dist/app.wasm', import.meta.url)`, or bytes) and returns its template id. */
  template(component: string | URL | Uint8Array, name?: string): Promise<string>;
  worker(templateId: string, name: string, opts?: { args?: string[]; env?: Record<string, string> }): Promise<TestWorker>;
  /** Closes the host and opens a new one on the same data: live workers come back by replay. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function createTestHost(opts: TestHostOptions = {}): Promise<TestHost> {
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'golem-ts-test-'));
  let executor = await Executor.open({ dataDir });
  let server = opts.http ? await startServer({ executor, port: 0, token: opts.token }) : undefined;

  const host: TestHost = {
    get executor() {
      return executor;
    },
    get url() {
      return server?.url;
    },
    get client() {
      return server ? new GolemClient({ url: server.url, token: opts.token }) : undefined;
    },
    async template(component, name = 'test-template') {
      const bytes = component instanceof Uint8Array ? component : readComponent(component);
      return (await executor.addTemplate(name, bytes)).versionedTemplateId.rawTemplateId;
    },
    async worker(templateId, name, workerOpts = {}) {
      await executor.createWorker(templateId, name, workerOpts.args ?? [], Object.entries(workerOpts.env ?? {}));
      return testWorker(() => executor, templateId, name);
    },
    async restart() {
      await server?.close();
      await executor.close();
      executor = await Executor.open({ dataDir });
      await executor.recover();
      if (opts.http) server = await startServer({ executor, port: 0, token: opts.token });
    },
    async close() {
      await server?.close();
      await executor.close();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return host;
}

function testWorker(executor: () => Executor, templateId: string, name: string): TestWorker {
  return {
    templateId,
    name,
    // Through JSON text, as over REST: results hold plain values and bigints, never codec markers.
    invoke: async (fn, params = [], o = {}) => parseJson(stringifyJson(await executor().invokeAndAwait(templateId, name, fn, params, o)) ?? 'null'),
    complete: (idx, value) =>
      executor().completePromise(templateId, name, BigInt(idx), value instanceof Uint8Array ? value : new TextEncoder().encode(JSON.stringify(value))),
    status: () => executor().getWorker(templateId, name).status,
    metadata: () => executor().getWorker(templateId, name),
    oplog: () => executor().getOplog(templateId, name),
    async waitFor(status, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (executor().getWorker(templateId, name).status !== status) {
        if (Date.now() > deadline) throw new Error(`worker ${name} did not become ${status} within ${timeoutMs} ms (it is ${executor().getWorker(templateId, name).status})`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
}

function readComponent(file: string | URL): Uint8Array {
  try {
    return readFileSync(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code !== 'ENOENT') throw e;
    throw Object.assign(new Error(`component ${file instanceof URL ? file.pathname : file} not found: build it first (npm run build)`, { cause: e }), { code: 'COMPONENT_NOT_FOUND' });
  }
}
