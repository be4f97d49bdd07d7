/**
 * A typed client for Golem's `/v1` REST API, as served by `golem-ts serve` (and, for the seed's
 * routes, Golem Cloud). JSON goes through golem-ts's typed JSON so 64-bit integers keep every digit.
 */
import type { CallingConvention, OplogEntry, PromiseInfo, Template, VersionedWorkerId, WorkerMetadata, WorkerStatus, WorkerStreamEvent } from '../host/types.ts';
import { parseJson, stringifyJson } from '../wit/json.ts';
import { GolemApiError, GolemClientError, GolemConnectionError, GolemTimeoutError } from './errors.ts';
import { readEventStream } from './event-stream.ts';
import { annotateParams, ROUTES, type ApiShape } from './api-shape.ts';
import { AgentClient } from './agent-client.ts';
import { parseAgentId } from '../host/agent/agent-id.ts';
import type { AgentMetadataDto } from '../server/agent-api.ts';

export interface GolemClientOptions {
  /** Base URL, e.g. `http://127.0.0.1:9881` (no `/v1`). */
  url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** REST shape: `seed` (default, `/v1/templates`), `golem-1.0` or `golem-1.5` (`/v1/components`). */
  api?: ApiShape;
}

export interface InvokeAndAwaitOptions {
  invocationKey?: string;
  /** golem-1.5: the Golem app the component belongs to (invoke-agent addresses agents by app). */
  app?: string;
  callingConvention?: CallingConvention;
}

interface RequestOptions {
  query?: Record<string, string | undefined>;
  headers?: Record<string, string | undefined>;
  json?: unknown;
  body?: BodyInit;
  contentType?: string;
}

export class GolemClient {
  readonly url: string;
  readonly api: ApiShape;
  readonly #token?: string;

  constructor({ url, token, api = 'seed' }: GolemClientOptions) {
    this.url = url.replace(/\/+$/, '');
    this.api = api;
    this.#token = token;
  }

  get #routes() {
    return ROUTES[this.api];
  }

  #collection(templateId?: string): string {
    return templateId === undefined ? this.#routes.collection : `${this.#routes.collection}/${seg(templateId)}`;
  }

  #worker(templateId: string, workerName: string): string {
    return `${this.#collection(templateId)}/workers/${seg(workerName)}`;
  }

  /** Routes Golem 1.0 does not have (golem-ts extensions, or template-era only). */
  #seedOnly(what: string): void {
    if (this.api !== 'seed') throw new GolemClientError(`${what} is not part of the ${this.api} REST API`);
  }

  /** Routes Golem 1.5's worker service does not have. */
  #not15(what: string): void {
    if (this.api === 'golem-1.5') throw new GolemClientError(`${what} is not part of the golem-1.5 REST API`);
  }

  // Templates

  async addTemplate(name: string, wasm: Uint8Array): Promise<Template> {
    this.#not15('uploading a component (Golem 1.5 uploads through its registry service: golem deploy)');
    const form = new FormData();
    form.set('name', name);
    form.set(this.#routes.uploadField, new Blob([plainBytes(wasm)], { type: 'application/wasm' }), `${name}.wasm`);
    return (await this.#request('POST', this.#collection(), { body: form })) as Template;
  }

  /** Uploads a new version of a template. */
  async updateTemplate(templateId: string, wasm: Uint8Array): Promise<Template> {
    this.#not15('uploading a component version (Golem 1.5 uploads through its registry service: golem deploy)');
    const path = `${this.#collection(templateId)}/upload`;
    return (await this.#request('PUT', path, { body: plainBytes(wasm), contentType: 'application/octet-stream' })) as Template;
  }

  async listTemplates(name?: string): Promise<Template[]> {
    this.#not15('listing components (a registry-service route in Golem 1.5)');
    return (await this.#request('GET', this.#collection(), { query: { [this.#routes.nameQuery]: name } })) as Template[];
  }

  /** All versions of a template, oldest first. */
  async getTemplate(templateId: string): Promise<Template[]> {
    this.#not15('reading a component (a registry-service route in Golem 1.5)');
    return (await this.#request('GET', this.#collection(templateId))) as Template[];
  }

  // Workers

  async createWorker(templateId: string, name: string, opts: { args?: string[]; env?: [string, string][] | Record<string, string> } = {}): Promise<VersionedWorkerId> {
    this.#not15('creating a worker by name (a Golem 1.5 agent is created by its first invocation)');
    const pairs = Array.isArray(opts.env) ? opts.env : Object.entries(opts.env ?? {});
    // The seed sends env as pairs, Golem 1.0 as a map.
    const env = this.api === 'seed' ? pairs : Object.fromEntries(pairs);
    const json = { name, args: opts.args ?? [], env };
    return (await this.#request('POST', `${this.#collection(templateId)}/workers`, { json })) as VersionedWorkerId;
  }

  async getWorker(templateId: string, workerName: string): Promise<WorkerMetadata> {
    const body = await this.#request('GET', this.#worker(templateId, workerName));
    return this.api === 'golem-1.5' ? fromAgentMetadata(body as AgentMetadataDto) : (body as WorkerMetadata);
  }

  /** golem-ts extension in the seed shape; Golem's own route in golem-1.0 and golem-1.5. */
  async listWorkers(templateId: string): Promise<WorkerMetadata[]> {
    const body = (await this.#request('GET', `${this.#collection(templateId)}/workers`)) as { workers: unknown[] };
    return this.api === 'golem-1.5' ? body.workers.map((w) => fromAgentMetadata(w as AgentMetadataDto)) : (body.workers as WorkerMetadata[]);
  }

  async deleteWorker(templateId: string, workerName: string): Promise<void> {
    await this.#request('DELETE', this.#worker(templateId, workerName));
  }

  /** `GET /v1/templates/workers/{templateId}.{workerName}` */
  async getWorkerId(templateId: string, workerName: string): Promise<VersionedWorkerId> {
    this.#seedOnly('GET /v1/templates/workers/{id}');
    return (await this.#request('GET', `/v1/templates/workers/${seg(`${templateId}.${workerName}`)}`)) as VersionedWorkerId;
  }

  async createInvocationKey(templateId: string, workerName: string): Promise<string> {
    this.#seedOnly('POST …/key (Golem 1.0 takes any Idempotency-Key header instead)');
    const body = (await this.#request('POST', `${this.#worker(templateId, workerName)}/key`)) as { value: string };
    return body.value;
  }

  // Invocations

  /** Invokes and waits for the result: Golem's typed-JSON `result` (an array for unnamed results). */
  async invokeAndAwait(templateId: string, workerName: string, fn: string, params: unknown[], opts: InvokeAndAwaitOptions = {}): Promise<unknown> {
    if (this.api === 'golem-1.5') return (await this.#invokeAgent(templateId, workerName, fn, params, { app: opts.app, idempotencyKey: opts.invocationKey })).result;
    const path = `${this.#worker(templateId, workerName)}/invoke-and-await`;
    if (this.api === 'golem-1.0') {
      const json = { params: await this.#annotated(templateId, fn, params) };
      const body = (await this.#request('POST', path, { query: { function: fn }, headers: { 'idempotency-key': opts.invocationKey }, json })) as { result: { value: unknown } };
      return body.result.value;
    }
    const query = { 'invocation-key': opts.invocationKey, function: fn, 'calling-convention': opts.callingConvention };
    const body = (await this.#request('POST', path, { query, json: { params } })) as { result: unknown };
    return body.result;
  }

  /** Golem 1.0's invoke params carry their types, taken from the latest component metadata. */
  async #annotated(componentId: string, fn: string, params: unknown[]): Promise<unknown[]> {
    const component = (await this.#request('GET', `${this.#collection(componentId)}/latest`)) as { metadata: { exports: Parameters<typeof annotateParams>[0] } };
    return annotateParams(component.metadata.exports, fn, params);
  }

  /**
   * Golem 1.5: `POST /v1/agents/invoke-agent` addresses the agent by app, agent type and
   * constructor parameters (parsed from the agent id); the component it resolves to must be the
   * one asked for.
   */
  async #invokeAgent(componentId: string, agentId: string, method: string, args: unknown[], o: { app?: string; schedule?: boolean; idempotencyKey?: string }) {
    if (!o.app) throw new GolemClientError('the golem-1.5 REST API invokes agents by app: give --app <name> (env GOLEM_TS_APP), the <app> of the component <app>:<component>');
    const { agentType, params } = parseAgentId(agentId);
    const res = await new AgentClient({ url: this.url, token: this.#token }).invoke(agentType, params, method, args, { app: o.app, schedule: o.schedule, idempotencyKey: o.idempotencyKey });
    if (res.componentId !== componentId) throw new GolemClientError(`app ${o.app} runs ${agentType} in component ${res.componentId}, not ${componentId}`);
    return res;
  }

  /** Enqueues an invocation and returns once the worker accepted it. */
  async invoke(templateId: string, workerName: string, fn: string, params: unknown[], opts: { app?: string } = {}): Promise<void> {
    if (this.api === 'golem-1.5') {
      await this.#invokeAgent(templateId, workerName, fn, params, { app: opts.app, schedule: true });
      return;
    }
    const json = { params: this.api === 'golem-1.0' ? await this.#annotated(templateId, fn, params) : params };
    await this.#request('POST', `${this.#worker(templateId, workerName)}/invoke`, { query: { function: fn }, json });
  }

  /** true if the promise was pending and is now completed; false if it was already completed. */
  async completePromise(templateId: string, workerName: string, oplogIdx: number | bigint, data: Uint8Array | number[]): Promise<boolean> {
    const json = { oplogIdx: BigInt(oplogIdx), data: Array.from(data) };
    return (await this.#request('POST', `${this.#worker(templateId, workerName)}/complete`, { json })) === true;
  }

  async interrupt(templateId: string, workerName: string, opts: { recoverImmediately?: boolean } = {}): Promise<void> {
    const query = { [this.#routes.recoverQuery]: opts.recoverImmediately ? 'true' : undefined };
    await this.#request('POST', `${this.#worker(templateId, workerName)}/interrupt`, { query });
  }

  /** golem-ts extension: the worker's oplog from index `from` (1-based) on. */
  async getOplog(templateId: string, workerName: string, opts: { from?: number } = {}): Promise<OplogEntry[]> {
    this.#not15("golem-ts's oplog form (Golem 1.5's oplog route answers PublicOplogEntry values, which golem-ts does not read)");
    this.#seedOnly('the oplog route (a golem-ts extension)');
    const query = { from: opts.from === undefined ? undefined : String(opts.from) };
    const body = (await this.#request('GET', `${this.#worker(templateId, workerName)}/oplog`, { query })) as { entries: OplogEntry[] };
    return body.entries;
  }

  /** golem-ts extension: every promise of the worker (state, creation, who awaits it, payload schema). */
  async listPromises(templateId: string, workerName: string): Promise<PromiseInfo[]> {
    this.#seedOnly('the promises route (a golem-ts extension)');
    const body = (await this.#request('GET', `${this.#worker(templateId, workerName)}/promises`)) as { promises: PromiseInfo[] };
    return body.promises;
  }

  // Events

  /**
   * golem-ts extension: the events of one worker, or of every worker of the template without
   * `workerName` (`GET …/events`, server-sent events): first a `snapshot` of the committed
   * metadata, then `status`, `created`, `deleted` and `promise-completed` as the host commits
   * them. Ends when the host closes; stop it with `signal` or by leaving the `for await` loop.
   */
  async *events(templateId: string, workerName?: string, opts: { signal?: AbortSignal } = {}): AsyncGenerator<WorkerStreamEvent, void, undefined> {
    this.#seedOnly('the event stream (a golem-ts extension)');
    const path = workerName === undefined ? `${this.#collection(templateId)}/events` : `${this.#worker(templateId, workerName)}/events`;
    const headers = this.#headers('text/event-stream');
    let response: Response;
    try {
      response = await fetch(this.url + path, { headers, signal: opts.signal });
    } catch (e) {
      throw opts.signal?.aborted ? e : new GolemConnectionError(this.url, e);
    }
    if (!response.ok || !response.body) throw new GolemApiError(response.status, parseBody(await response.text()));
    try {
      yield* readEventStream(response.body) as AsyncGenerator<WorkerStreamEvent, void, undefined>;
    } catch (e) {
      throw opts.signal?.aborted ? e : new GolemConnectionError(this.url, e);
    }
  }

  /**
   * golem-ts extension: resolves with the worker's status once `wanted` holds (a status, a list of
   * them, or a test), from the event stream: at once if it holds already, else at the committed
   * change that makes it hold — no polling. GolemTimeoutError after `timeoutMs` (default 30 s);
   * GolemClientError if the worker is deleted meanwhile; GolemConnectionError if the host closes.
   */
  async waitForStatus(
    templateId: string,
    workerName: string,
    wanted: WorkerStatus | readonly WorkerStatus[] | ((status: WorkerStatus) => boolean),
    opts: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<WorkerStatus> {
    const holds = typeof wanted === 'function' ? wanted : (s: WorkerStatus) => (typeof wanted === 'string' ? s === wanted : wanted.includes(s));
    const what = typeof wanted === 'function' ? 'the awaited status' : [wanted].flat().join(' or ');
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const stop = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      stop.abort();
    }, timeoutMs);
    const abort = () => stop.abort(opts.signal?.reason);
    opts.signal?.addEventListener('abort', abort);
    if (opts.signal?.aborted) abort();
    let status: WorkerStatus | undefined;
    try {
      for await (const e of this.events(templateId, workerName, { signal: stop.signal })) {
        if (e.type === 'snapshot') status = e.workers[0]?.status;
        else if (e.type === 'status' || e.type === 'created') status = e.status;
        else if (e.type === 'deleted') throw new GolemClientError(`worker ${workerName} was deleted while waiting for it to be ${what}`);
        if (status !== undefined && holds(status)) return status;
      }
      throw new GolemConnectionError(this.url, new Error(`the event stream ended (the host closed) while waiting for worker ${workerName} to be ${what}`));
    } catch (e) {
      if (timedOut) throw new GolemTimeoutError(`worker ${workerName} did not become ${what} within ${timeoutMs} ms (it is ${status ?? 'unknown'})`);
      throw e;
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', abort);
      stop.abort();
    }
  }

  #headers(accept: string): Record<string, string> {
    const headers: Record<string, string> = { accept };
    if (this.#token !== undefined) headers.authorization = `Bearer ${this.#token}`;
    return headers;
  }

  async #request(method: string, path: string, opts: RequestOptions = {}): Promise<unknown> {
    const url = new URL(this.url + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const headers = this.#headers('application/json');
    for (const [k, v] of Object.entries(opts.headers ?? {})) if (v !== undefined) headers[k] = v;
    let body = opts.body;
    if (opts.json !== undefined) {
      body = stringifyJson(opts.json);
      headers['content-type'] = 'application/json';
    } else if (opts.contentType) headers['content-type'] = opts.contentType;

    let response: Response;
    try {
      response = await fetch(url, { method, headers, body });
    } catch (e) {
      throw new GolemConnectionError(this.url, e);
    }
    const text = await response.text();
    const parsed = parseBody(text);
    if (!response.ok) throw new GolemApiError(response.status, parsed);
    return parsed;
  }
}

/** Golem 1.5's `AgentMetadataDto` as the client's `WorkerMetadata` (args: Golem 1.5 agents have none). */
function fromAgentMetadata(m: AgentMetadataDto): WorkerMetadata {
  return {
    workerId: { rawTemplateId: m.agentId.componentId, workerName: m.agentId.agentId },
    accountId: '',
    args: [],
    env: m.env,
    status: m.status as WorkerMetadata['status'],
    templateVersion: m.componentRevision,
    retryCount: m.retryCount,
  };
}

function parseBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return parseJson(text);
  } catch {
    return text;
  }
}

/** fetch and Blob take only ArrayBuffer-backed views; copy the rare SharedArrayBuffer one. */
const plainBytes = (b: Uint8Array): Uint8Array<ArrayBuffer> => (b.buffer instanceof ArrayBuffer ? (b as Uint8Array<ArrayBuffer>) : new Uint8Array(b));

const seg = encodeURIComponent;
