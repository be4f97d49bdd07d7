import { DEFAULT_HTTP_TIMEOUTS_MS, MAX_HTTP_REQUEST_BYTES, MAX_HTTP_RESPONSE_BYTES } from '../../limits.ts';
import type { WorkerContext } from '../context.ts';
import type { Interfaces } from '../provide.ts';
import type { WasiIo } from '../wasi/io.ts';
import type { ErrorCode } from './error-code.ts';
import { Exchange } from './exchange.ts';
import { Fields } from './fields.ts';
import type { HttpOutcome } from './transport.ts';

type Method = { tag: string; val?: string };
type Scheme = { tag: 'HTTP' | 'HTTPS' | 'other'; val?: string };
type Option<T> = T | undefined;

/** A WIT `result` error as jco takes it from a host function. */
const err = (payload: unknown) => ({ payload });
const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
const incomingNotSupported = () => new Error('golem-ts: incoming HTTP (wasi:http/incoming-handler) is not supported by the golem-ts host');

/**
 * wasi:http/types and wasi:http/outgoing-handler (0.2.x) over the worker's durability cursor:
 * outgoing requests only, sent through Node's HTTP stack (or the test kit's routes) on the
 * host's event loop while the guest's thread waits. Bodies are buffered whole, both ways
 * (request up to MAX_HTTP_REQUEST_BYTES, response up to MAX_HTTP_RESPONSE_BYTES); trailers are
 * neither sent nor received. See Exchange for what is recorded and what replay does.
 */
export function http(ctx: WorkerContext, io: WasiIo): Interfaces {
  const { Pollable } = io['wasi:io/poll'];
  const { InputStream, OutputStream } = io['wasi:io/streams'];

  class RequestOptions {
    private timeouts: { connect?: bigint; firstByte?: bigint; betweenBytes?: bigint } = {};
    connectTimeout(): Option<bigint> {
      return this.timeouts.connect;
    }
    setConnectTimeout(ns: Option<bigint>): void {
      this.timeouts.connect = ns;
    }
    firstByteTimeout(): Option<bigint> {
      return this.timeouts.firstByte;
    }
    setFirstByteTimeout(ns: Option<bigint>): void {
      this.timeouts.firstByte = ns;
    }
    betweenBytesTimeout(): Option<bigint> {
      return this.timeouts.betweenBytes;
    }
    setBetweenBytesTimeout(ns: Option<bigint>): void {
      this.timeouts.betweenBytes = ns;
    }
    /** Host side: milliseconds, the host's defaults where unset. */
    ms(): { connect: number; firstByte: number; betweenBytes: number } {
      const ms = (ns: Option<bigint>, fallback: number) => (ns === undefined ? fallback : Number(ns / 1_000_000n));
      const t = this.timeouts;
      const host = { ...DEFAULT_HTTP_TIMEOUTS_MS, ...ctx.http?.timeoutsMs };
      return { connect: ms(t.connect, host.connect), firstByte: ms(t.firstByte, host.firstByte), betweenBytes: ms(t.betweenBytes, host.betweenBytes) };
    }
  }

  class OutgoingBody {
    private readonly chunks: Uint8Array[] = [];
    private size = 0;
    private stream: object | undefined;
    private finished = false;
    /** Set by `handle` when the body is not finished yet: the request is sent once it is. */
    onFinish: (() => void) | undefined;

    write(): object {
      if (this.stream || this.finished) throw err(undefined);
      this.stream = new OutputStream({
        capacity: () => MAX_HTTP_REQUEST_BYTES - this.size,
        write: (bytes) => {
          if (this.size + bytes.length > MAX_HTTP_REQUEST_BYTES) throw new Error(`the request body is over the host's limit of ${MAX_HTTP_REQUEST_BYTES} bytes`);
          this.chunks.push(bytes.slice());
          this.size += bytes.length;
        },
      });
      return this.stream;
    }

    static finish(body: OutgoingBody, trailers: Option<Fields>): void {
      if (trailers && trailers.entries().length) throw err({ tag: 'internal-error', val: 'golem-ts: request trailers are not supported' } satisfies ErrorCode);
      body.finished = true;
      body.onFinish?.();
    }

    get complete(): boolean {
      return this.finished;
    }

    bytes(): Uint8Array {
      return Buffer.concat(this.chunks);
    }
  }

  class OutgoingRequest {
    private m: Method = { tag: 'get' };
    private s: Option<Scheme>;
    private a: Option<string>;
    private p: Option<string>;
    private readonly b = new OutgoingBody();
    private bodyTaken = false;

    constructor(private readonly h: Fields) {
      h.lock();
    }
    body(): OutgoingBody {
      if (this.bodyTaken) throw err(undefined);
      this.bodyTaken = true;
      return this.b;
    }
    method(): Method {
      return this.m;
    }
    setMethod(m: Method): void {
      if (m.tag === 'other' && !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(m.val ?? '')) throw err(undefined);
      this.m = m;
    }
    pathWithQuery(): Option<string> {
      return this.p;
    }
    setPathWithQuery(p: Option<string>): void {
      if (p !== undefined && /[\s\0]/.test(p)) throw err(undefined);
      this.p = p;
    }
    scheme(): Option<Scheme> {
      return this.s;
    }
    setScheme(s: Option<Scheme>): void {
      this.s = s;
    }
    authority(): Option<string> {
      return this.a;
    }
    setAuthority(a: Option<string>): void {
      if (a !== undefined && /[\s\0/?#@]/.test(a)) throw err(undefined);
      this.a = a;
    }
    headers(): Fields {
      return this.h;
    }
    /** Host side: the request as sent. */
    describe(): { method: string; uri: string | undefined; headers: [string, string][]; body: OutgoingBody; bodyTaken: boolean } {
      const scheme = this.s === undefined ? 'https' : this.s.tag === 'other' ? this.s.val : this.s.tag.toLowerCase();
      const uri = this.a === undefined || (scheme !== 'http' && scheme !== 'https') ? undefined : `${scheme}://${this.a}${this.p ?? '/'}`;
      const method = this.m.tag === 'other' ? (this.m.val ?? '') : this.m.tag.toUpperCase();
      return { method, uri, headers: this.h.entries().map(([n, v]) => [n, latin1(v)]), body: this.b, bodyTaken: this.bodyTaken };
    }
  }

  class IncomingBody {
    private taken = false;
    constructor(private readonly body: Uint8Array) {}
    stream(): object {
      if (this.taken) throw err(undefined);
      this.taken = true;
      return new InputStream(this.body);
    }
    static finish(_body: IncomingBody): FutureTrailers {
      return new FutureTrailers();
    }
  }

  /** Trailers are not received: always none. */
  class FutureTrailers {
    private taken = false;
    subscribe(): object {
      return new Pollable();
    }
    get(): { tag: 'ok' | 'err'; val?: unknown } {
      if (this.taken) return { tag: 'err', val: undefined };
      this.taken = true;
      return { tag: 'ok', val: { tag: 'ok', val: undefined } };
    }
  }

  class IncomingResponse {
    private consumed = false;
    constructor(private readonly response: Extract<HttpOutcome, { ok: unknown }>['ok']) {}
    status(): number {
      return this.response.status;
    }
    headers(): Fields {
      return new Fields(this.response.headers.map(([n, v]) => [n, new Uint8Array(Buffer.from(v, 'latin1'))]), true);
    }
    consume(): IncomingBody {
      if (this.consumed) throw err(undefined);
      this.consumed = true;
      return new IncomingBody(this.response.body);
    }
  }

  /** The response to come; its exchange starts once the request's body is complete. */
  class FutureIncomingResponse {
    private taken = false;
    exchange: Exchange | undefined;
    private readonly event = {
      happened: () => this.exchange?.event.happened() ?? false,
      wait: () => this.exchange?.event.wait() ?? new Promise<void>(() => {}),
    };
    subscribe(): object {
      return new Pollable(0n, this.event);
    }
    get(): unknown {
      if (this.taken) return { tag: 'err', val: undefined };
      const outcome = this.exchange?.get();
      if (outcome === undefined) return undefined;
      this.taken = true;
      return { tag: 'ok', val: 'ok' in outcome ? { tag: 'ok', val: new IncomingResponse(outcome.ok) } : { tag: 'err', val: outcome.err } };
    }
  }

  const handle = (request: OutgoingRequest, options: Option<RequestOptions>): FutureIncomingResponse => {
    const req = request.describe();
    if (req.uri === undefined) throw err({ tag: 'HTTP-request-URI-invalid' } satisfies ErrorCode);
    const uri = req.uri;
    const timeouts = (options ?? new RequestOptions()).ms();
    const future = new FutureIncomingResponse();
    const start = () => {
      // Waiting for the response needs the guest in a thread; inline guests (replay checks) only replay.
      if (!ctx.asyncHostCalls && !ctx.durability.replaying) throw new Error('golem-ts: outgoing HTTP needs the guest in a thread (isolation "thread"); this host runs guests inline');
      const body = req.body.bytes();
      future.exchange = new Exchange(
        ctx.durability,
        {
          method: req.method,
          uri,
          headers: req.headers,
          body,
          connectTimeoutMs: timeouts.connect,
          firstByteTimeoutMs: timeouts.firstByte,
          betweenBytesTimeoutMs: timeouts.betweenBytes,
          maxResponseBytes: ctx.http?.maxResponseBytes ?? MAX_HTTP_RESPONSE_BYTES,
        },
        ctx.http?.transport,
      );
      future.exchange.start(ctx.settings.idempotenceMode, !!ctx.asyncHostCalls);
    };
    // The request leaves once its body is complete: now, or when the guest finishes the body.
    if (!req.bodyTaken || req.body.complete) start();
    else req.body.onFinish = start;
    return future;
  };

  /** The incoming side (a component that serves HTTP) is not supported: only its shape is provided, every call traps. */
  class IncomingRequest {
    method(): never {
      throw incomingNotSupported();
    }
    pathWithQuery(): never {
      throw incomingNotSupported();
    }
    scheme(): never {
      throw incomingNotSupported();
    }
    authority(): never {
      throw incomingNotSupported();
    }
    headers(): never {
      throw incomingNotSupported();
    }
    consume(): never {
      throw incomingNotSupported();
    }
  }
  class OutgoingResponse {
    constructor() {
      throw incomingNotSupported();
    }
    statusCode(): never {
      throw incomingNotSupported();
    }
    setStatusCode(): never {
      throw incomingNotSupported();
    }
    headers(): never {
      throw incomingNotSupported();
    }
    body(): never {
      throw incomingNotSupported();
    }
  }
  class ResponseOutparam {
    static set(): never {
      throw incomingNotSupported();
    }
  }

  return {
    'wasi:http/types': {
      Fields,
      RequestOptions,
      OutgoingRequest,
      OutgoingBody,
      FutureIncomingResponse,
      IncomingResponse,
      IncomingBody,
      FutureTrailers,
      IncomingRequest,
      OutgoingResponse,
      ResponseOutparam,
      httpErrorCode: () => undefined,
    },
    'wasi:http/outgoing-handler': { handle },
  };
}
