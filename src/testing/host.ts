import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, buildAgentProject, readAgentApp } from '../build/index.ts';
import { isUuid } from '../guest/uuid.ts';
import { testAgent, type TestAgent } from './agent.ts';
import { GolemClient } from '../client/index.ts';
import { Executor } from '../host/executor.ts';
import { startServer, type RunningServer } from '../server/index.ts';
import { HostClosedError, TestKitError } from './errors.ts';
import { testHttp, type TestHttp } from './http.ts';
import { Session } from './session.ts';
import { VirtualClock } from './virtual-clock.ts';
import { testWorker, type TestWorker } from './worker.ts';

export interface TestHostOptions {
  /** Keep state here instead of a fresh temp dir (removed on close only if created here). */
  dataDir?: string;
  /** Also serve the Worker API over HTTP on 127.0.0.1 (random port). */
  http?: boolean;
  /** Bearer token the HTTP server requires. */
  token?: string;
  /** Rebuild every worker from its oplog after each invocation and suspension; DeterminismError on divergence. Default true. */
  alwaysReplay?: boolean;
  /** Where the host's virtual clock starts (epoch ms or a Date); default: now. */
  startTime?: number | Date;
  /** 'flowing' (default): virtual time also runs with real time; 'frozen': it moves only by advanceTime (and short guest waits). */
  time?: 'flowing' | 'frozen';
  /** Bytes each guest's memory may grow to; beyond it an invocation fails as out of memory. Default: the host's (512 MiB). */
  maxGuestMemory?: number;
}

export interface TestHost extends AsyncDisposable {
  /** The host in use (a new one after each `restart()`). */
  readonly executor: Executor;
  /** REST URL and client, with `http: true` (new port after each restart). */
  readonly url?: string;
  readonly client?: GolemClient;
  /** Uploads a component: a built `.wasm` path, its bytes, or a project directory (built with the content-hash cache). Returns the template id. */
  template(component: ComponentSource, name?: string): Promise<string>;
  /** Uploads a new version of a template (same inputs as `template`); returns the new version number. */
  updateTemplate(templateId: string, component: ComponentSource): Promise<number>;
  worker(templateId: string, name: string, opts?: { args?: string[]; env?: Record<string, string> }): Promise<TestWorker>;
  /** The workers' outgoing HTTP: answer it with routes, inspect every request (see TestHttp). */
  readonly http: TestHttp;
  /**
   * A Golem 1.5 agent: `component` is an agent project directory (built as `golem build` would,
   * uploaded as `<app>:<component>`), its built `.wasm`, or an uploaded component's id; `id` the
   * agent id as Golem writes it, `ApprovalAgent("a-1")`. Each project is uploaded once per host.
   */
  agent(component: ComponentSource, id: string): Promise<TestAgent>;
  /** The host's virtual wall clock, epoch ms. */
  now(): number;
  /** Moves the virtual clocks forward; durable timers that fall due wake their workers, and this waits for them. */
  advanceTime(ms: number): Promise<void>;
  /**
   * Crashes the host as kill -9 would (nothing uncommitted survives) and starts a new one on the
   * same data: running workers resume by replay, suspended and sleeping ones stay so. Calls still
   * waiting are made again on the new host (invocations are joined by their invocation key).
   */
  restart(): Promise<void>;
  /** Stops the host; calls still waiting reject with HostClosedError. */
  close(): Promise<void>;
}

export async function createTestHost(opts: TestHostOptions = {}): Promise<TestHost> {
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'golem-ts-test-'));
  const clock = new VirtualClock(opts.startTime === undefined ? undefined : Number(opts.startTime), opts.time);
  const { http, transport } = testHttp();
  const open = async () => {
    const executor = await Executor.open({ dataDir, clock, maxGuestMemory: opts.maxGuestMemory, http: { transport } });
    await executor.recover();
    return executor;
  };
  const session = new Session(await open(), opts.alwaysReplay ?? true);
  const serve = () => (opts.http ? startServer({ executor: session.executor, port: 0, token: opts.token }) : undefined);
  let server: RunningServer | undefined = await serve();
  const live = () => {
    if (session.closed) throw new HostClosedError('this call');
  };
  const agentUploads = new Map<string, Promise<string>>();
  const uploadAgent = (source: ComponentSource) => {
    const key = source instanceof Uint8Array ? '' : String(source);
    let p = key ? agentUploads.get(key) : undefined;
    if (!p) {
      p = (async () => {
        const { name, bytes } = await agentComponent(source);
        return (await session.executor.addTemplate(name, bytes)).versionedTemplateId.rawTemplateId;
      })();
      if (key) agentUploads.set(key, p);
    }
    return p;
  };

  const host: TestHost = {
    get executor() {
      return session.executor;
    },
    get url() {
      return server?.url;
    },
    get client() {
      return server ? new GolemClient({ url: server.url, token: opts.token }) : undefined;
    },
    async template(component, name = 'test-template') {
      live();
      return (await session.executor.addTemplate(name, await componentBytes(component))).versionedTemplateId.rawTemplateId;
    },
    async updateTemplate(templateId, component) {
      live();
      return (await session.executor.updateTemplate(templateId, await componentBytes(component))).versionedTemplateId.version;
    },
    async worker(templateId, name, workerOpts = {}) {
      live();
      await session.executor.createWorker(templateId, name, workerOpts.args ?? [], Object.entries(workerOpts.env ?? {}));
      return testWorker(session, templateId, name);
    },
    http,
    async agent(component, id) {
      live();
      const componentId = typeof component === 'string' && isUuid(component) ? component : await uploadAgent(component);
      return testAgent(session, componentId, id);
    },
    now: () => clock.now(),
    async advanceTime(ms) {
      live();
      if (!Number.isFinite(ms) || ms < 0) throw new TestKitError('BAD_INPUT', `advanceTime takes a duration in ms >= 0, not ${ms}`);
      await clock.advance(ms);
    },
    async restart() {
      live();
      const old = session.executor;
      session.abandon();
      await server?.close();
      clock.cancelAll();
      crash(old);
      session.executor = await open();
      server = await serve();
      session.resumeAll();
    },
    async close() {
      if (session.closed) return;
      session.failAll();
      session.closed = true;
      await server?.close();
      clock.cancelAll();
      await session.executor.close();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
    [Symbol.asyncDispose]() {
      return host.close();
    },
  };
  return host;
}

/**
 * kill -9 in-process: the store's connection closes without writing what was not committed yet
 * (deferred clock reads, a started invocation with no effect). Whatever the old host still had
 * in flight fails against the closed store and is ignored.
 */
function crash(executor: Executor): void {
  executor.store.db.close();
  // Stops its timers; its final flush fails against the closed store, as it would after kill -9.
  executor.close().catch(() => {});
}

/** An agent project directory (built by buildAgentProject; named `<app>:<component>`), or a built agent `.wasm` / its bytes. */
async function agentComponent(source: ComponentSource): Promise<{ name: string; bytes: Uint8Array }> {
  if (source instanceof Uint8Array) return { name: 'agents:component', bytes: source };
  const path = source instanceof URL ? fileURLToPath(source) : source;
  if (readAgentApp(path)) {
    const { components } = await buildAgentProject(path);
    if (components.length !== 1) throw new TestKitError('BAD_INPUT', `${path} has ${components.length} components: pass the built .wasm of the one to test`);
    return { name: components[0].name, bytes: readFileSync(components[0].out) };
  }
  return { name: 'agents:component', bytes: await componentBytes(path) };
}

/** A `.wasm` or a project directory: a path, or a file URL such as `new URL('..', import.meta.url)`; or the bytes. */
export type ComponentSource = string | URL | Uint8Array;

async function componentBytes(source: ComponentSource): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  const component = source instanceof URL ? fileURLToPath(source) : source;
  let isDir: boolean;
  try {
    isDir = statSync(component).isDirectory();
  } catch (e) {
    throw new TestKitError('BAD_INPUT', `no component or project at ${component}`, { cause: e });
  }
  return readFileSync(isDir ? (await build(component)).out : component);
}
