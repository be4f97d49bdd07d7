import { createHash } from 'node:crypto';
import { crashPoint } from '../../crash-points.ts';
import { HTTP_REQUEST_FN, HTTP_RESPONSE_FN } from '../../http-oplog.ts';
import { isCompleted, isHostCall } from '../../oplog.ts';
import type { Durability } from '../../durability.ts';
import { HostTrap } from '../../signals.ts';
import type { OplogEntry } from '../../types.ts';
import type { PollableEvent } from '../wasi/io.ts';
import { nodeTransport, type HttpOutcome, type HttpTransport, type OutgoingHttpRequest } from './transport.ts';

const HANDLE = HTTP_REQUEST_FN;
const GET = HTTP_RESPONSE_FN;

/** What the oplog records of a request: enough to tell on replay that the guest sends the same one. */
export interface RecordedRequest {
  method: string;
  uri: string;
  headers: [string, string][];
  body: { bytes: number; sha256: string };
}

export function recordedRequest(req: OutgoingHttpRequest): RecordedRequest {
  return { method: req.method, uri: req.uri, headers: req.headers, body: { bytes: req.body.length, sha256: createHash('sha256').update(req.body).digest('hex') } };
}

/**
 * One outgoing request, durable as Golem's `durable_host/http`:
 * - sending: a `handle` entry (the request, no response) is committed before anything is sent;
 * - the guest's `get` calls are recorded, the one that returns the outcome with the whole
 *   response (status, headers, body) or the error code, so replay returns it byte for byte
 *   and never sends again;
 * - a `handle` entry with no outcome after it while its invocation never ended: the host
 *   stopped while the request was in flight. In idempotence mode (the default) it is sent
 *   again; otherwise the worker fails, since the first one may have reached the server.
 * - an invocation that ended without taking the outcome abandoned the request: replay leaves it
 *   pending and does not send it again.
 */
export class Exchange {
  /** The oplog index of the `handle` entry. */
  idx = 0;
  private outcome: HttpOutcome | undefined;
  private sent: Promise<void> | undefined;
  /** The outcome is in the oplog (replay answers `get`). */
  private recorded = false;

  constructor(
    private readonly d: Durability,
    private readonly request: OutgoingHttpRequest,
    private readonly transport: HttpTransport = nodeTransport,
  ) {}

  /**
   * Sends the request, or finds its outcome recorded (see the class comment). `canSend` false
   * (an inline replay check): a request found in flight is not sent again from here.
   */
  start(idempotent: boolean, canSend = true): void {
    const begun = this.d.beginRemoteWrite(HANDLE, recordedRequest(this.request));
    this.idx = begun.idx;
    if (!begun.replayed) return this.send();
    if (begun.ahead.some((e) => isOutcome(e, this.idx))) {
      this.recorded = true;
      return;
    }
    if (begun.ahead.some(isCompleted)) return; // abandoned
    if (idempotent) return canSend ? this.send() : undefined;
    const { method, uri } = this.request;
    throw new HostTrap(
      `the request ${method} ${uri} (oplog entry ${this.idx}) was in flight when the host stopped, and the worker's idempotence mode is off: ` +
        'it may have reached the server, so it is not sent again',
      true,
    );
  }

  /** Whether `get` has an outcome to give. */
  readonly event: PollableEvent = {
    happened: () => this.recorded || this.outcome !== undefined,
    wait: () => this.sent ?? new Promise<void>(() => {}),
  };

  /** The outcome, once there is one (recorded: replay gives the recorded one). */
  get(): HttpOutcome | undefined {
    const settled = this.outcome !== undefined;
    const outcome = this.d.call(
      GET,
      settled ? 'ReadRemote' : 'ReadLocal',
      () => {
        if (settled) crashPoint('http-response-unrecorded');
        return this.outcome;
      },
      { request: { handle: this.idx } },
    );
    if (outcome !== undefined && settled && !this.d.replaying) crashPoint('http-response-recorded');
    return outcome;
  }

  private send(): void {
    this.sent = this.transport(this.request).then((outcome) => {
      this.outcome = outcome;
    });
  }
}

/** A recorded `get` of the request at `idx` that returned its outcome. */
function isOutcome(e: OplogEntry, idx: number): boolean {
  if (!isHostCall(e, GET)) return false;
  const handle = (e.request as { handle?: number } | undefined)?.handle;
  const ok = (e.response as { ok?: unknown } | null)?.ok;
  return handle === idx && ok !== undefined && !(typeof ok === 'object' && ok !== null && '$undefined' in ok);
}
