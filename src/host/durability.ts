import { crashPoint } from './crash-points.ts';
import { Entry, isCompleted, isHostCall, isInvoked, replayPlan, type ImportedEntry, type InvokedEntry } from './oplog.ts';
import { PURE_FUNCTIONS } from './pure-calls.js';
import { record, restore, type Recorded } from './recorded.js';
import { HostSignal, ReplayDivergence, ReplayExhausted } from './signals.ts';
import { stringifyJson } from '../wit/index.ts';
import { isStorageFailure, type Store } from './store.ts';
import type { BufferedCall, FeedItem } from './thread/protocol.ts';
import type { OplogEntry, OplogPayload, WrappedFunctionType } from './types.ts';

/** How a host call's thrown error is written to and read back from the oplog. */
export interface ErrorCodec {
  /** A recordable description if `e` is an expected error of this call (e.g. a WIT `result` err); otherwise undefined and `e` traps the guest. */
  toRecord(e: unknown): Recorded | undefined;
  fromRecord(r: Recorded): unknown;
}

/** How a host call's result (and expected error) is written to and read back from the oplog. */
export interface CallCodec<T> {
  result?: { toRecord(v: T): unknown; fromRecord(r: unknown): T };
  error?: ErrorCodec;
  /** The call's parameters: recorded with the result and matched on replay. */
  request?: unknown;
}

/**
 * The oplog cursor of one worker instance. In replay mode host calls return what the oplog
 * recorded, in order; when the recorded entries run out the worker goes live, and from then
 * on every call runs for real and is appended.
 */
export class Durability {
  private pos = 0;
  private mode: 'replay' | 'live';
  /** Oplog index of the first entry the current host call replayed, skipped or appended (see beginHostCall). */
  private callFirst: number | undefined;
  /** Atomic regions (mark-begin-operation … mark-end-operation) the guest is inside of. */
  private regions = 0;
  /**
   * The first write the store refused during this instance's run (see isStorageFailure). The
   * guest saw it as a failing host call and may even have caught it: whatever it did after that
   * must not be recorded, so the executor checks this before recording an outcome.
   */
  storageFailure: unknown;

  constructor(
    private readonly store: Store,
    private readonly templateId: string,
    private readonly workerName: string,
    private entries: OplogEntry[] = [],
    /** Replay only (a determinism check): a host call past the recorded entries throws ReplayExhausted instead of going live. */
    private readonly replayOnly = false,
  ) {
    this.mode = entries.length ? 'replay' : 'live';
  }

  get replaying(): boolean {
    return this.mode === 'replay';
  }

  enterRegion(): void {
    this.regions++;
  }

  leaveRegion(): void {
    if (this.regions > 0) this.regions--;
  }

  append(payload: OplogPayload, deferred = false): OplogEntry {
    if (this.mode !== 'live') throw new Error(`internal: oplog append (${payload.kind}) during replay`);
    const entry = this.write(() => this.store.appendOplog(this.templateId, this.workerName, payload, deferred));
    this.callFirst ??= entry.idx;
    return entry;
  }

  /** Runs a store write, noting a refusal (see storageFailure) before it reaches the guest. */
  private write<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (isStorageFailure(e)) this.storageFailure ??= e;
      throw e;
    }
  }

  /** A guest host call starts (guest threads mark each one, so a parked call can be replayed). */
  beginHostCall(): void {
    this.callFirst = undefined;
  }

  /**
   * Hot resume: the host call that suspended the worker is about to run again. The entries it
   * went through the first time (replayed or appended, the suspend included) are replayed to it,
   * exactly as a cold resume replays them from the oplog; past them it runs live.
   */
  replayHostCall(): void {
    if (this.callFirst === undefined || this.mode !== 'live') return;
    this.entries = replayPlan(this.store.oplog(this.templateId, this.workerName, this.callFirst));
    this.pos = 0;
    this.mode = this.entries.length ? 'replay' : 'live';
  }

  /**
   * The recorded entries of pure calls (pure-calls.js) next in the cursor, which a guest thread
   * replays itself (thread/journal.js), up to the first entry it cannot answer; and whether the
   * cursor goes live right after them, so the guest may answer such calls live. Reads only: the
   * cursor moves when the guest reports what it consumed (guestArrived).
   */
  guestFeed(): { items: FeedItem[]; live: boolean } {
    if (this.mode === 'live') return { items: [], live: !this.replayOnly };
    const items: FeedItem[] = [];
    let skip = 0;
    let i = this.pos;
    for (; i < this.entries.length && items.length < MAX_FEED; i++) {
      const e = this.entries[i];
      if (isInvoked(e) || isCompleted(e)) break;
      if (!isHostCall(e)) {
        skip++; // a marker recorded() steps over
        continue;
      }
      const response = e.response as { ok?: Recorded } | null;
      if (!PURE_FUNCTIONS.has(e.functionName) || response === null || !('ok' in response)) break;
      items.push([skip, e.functionName, 'request' in e ? (stringifyJson(e.request) ?? null) : null, response.ok as Recorded]);
      skip = 0;
    }
    return { items, live: i === this.entries.length && !this.replayOnly };
  }

  /**
   * A guest thread's journal reports (before the host call it came with, or with the invocation's
   * result): it replayed the next `consumed` entries of the cursor itself, having checked each
   * against the record as recorded() does, and answered `buffered` pure calls live past them.
   */
  guestArrived(consumed: number, buffered: readonly BufferedCall[]): void {
    if (consumed > 0 && (this.mode !== 'replay' || this.pos + consumed > this.entries.length)) throw new Error(`internal: the guest thread replayed ${consumed} entries the cursor does not hold`);
    for (const end = this.pos + consumed; this.pos < end; this.pos++) {
      if (isHostCall(this.entries[this.pos])) crashPoint('replay');
    }
    if (!buffered.length) return;
    // Only markers may be left: the feed said live.
    for (; this.mode === 'replay' && this.pos < this.entries.length; this.pos++) {
      const e = this.entries[this.pos];
      if (isHostCall(e) || isInvoked(e) || isCompleted(e)) {
        throw new Error(`internal: the guest thread went live before the entry recorded at ${e.idx}`);
      }
    }
    this.mode = 'live';
    // The commit rule. Entries of calls without an effect are appended deferred (Store.appendOplog):
    // they reach the database with the next entry that is not, all in one transaction. So they
    // are committed before any call with an effect runs (its entry commits with the effect),
    // before a suspend (its entry), before the completion (its entry), and on any stop the host
    // controls (an interrupt writes its marker; closing the store flushes them). Those a crash
    // loses, here or in a guest thread's buffer, had no effect: replay runs those calls live again.
    for (const [functionName, request, value] of buffered) {
      this.append(Entry.importedFunctionInvoked(functionName, 'ReadLocal', { ok: record(value) }, request === undefined ? undefined : record(request)), true);
    }
    crashPoint('pure-entries');
  }

  /** The next recorded invocation to replay, skipping markers; undefined when none is left. */
  nextInvocation(): InvokedEntry | undefined {
    while (this.mode === 'replay' && this.pos < this.entries.length) {
      const e = this.entries[this.pos++];
      if (isInvoked(e)) return e;
      if (isCompleted(e) || isHostCall(e)) {
        throw new ReplayDivergence(`entry ${e.idx} (${e.kind}) is outside any invocation`);
      }
    }
    this.mode = 'live';
    return undefined;
  }

  /** Called when a replayed export returns: 'replayed' if the oplog had its completion, 'live' if it ran past the end. */
  finishInvocation(): 'replayed' | 'live' {
    while (this.mode === 'replay' && this.pos < this.entries.length) {
      const e = this.entries[this.pos];
      if (isCompleted(e)) {
        this.pos++;
        return 'replayed';
      }
      if (isHostCall(e)) throw new ReplayDivergence(`the guest returned before making the call recorded at ${e.idx} (${e.functionName})`);
      if (isInvoked(e)) throw new ReplayDivergence(`the invocation ended without the completion recorded before ${e.idx}`);
      this.pos++;
    }
    this.mode = 'live';
    return 'live';
  }

  /**
   * The recorded result of the next host call, or undefined once live. The call must match the
   * entry by name and request: a changed guest is never fed a result recorded for another call.
   */
  private recorded(functionName: string, request?: Recorded): ImportedEntry | undefined {
    while (this.mode === 'replay' && this.pos < this.entries.length) {
      const e = this.entries[this.pos];
      this.callFirst ??= e.idx;
      if (isHostCall(e)) {
        this.pos++;
        // Entries written before requests were recorded are matched by name only.
        const sameRequest = !('request' in e) || stringifyJson(e.request) === stringifyJson(request);
        if (e.functionName !== functionName || !sameRequest) {
          const details = { oplogIdx: e.idx, recorded: describeCall(e.functionName, e.request), actual: describeCall(functionName, request) };
          throw new ReplayDivergence(`entry ${e.idx} recorded ${details.recorded} but the guest called ${details.actual}`, details);
        }
        crashPoint('replay');
        return e;
      }
      if (isCompleted(e) || isInvoked(e)) {
        const details = { oplogIdx: e.idx, recorded: e.kind, actual: describeCall(functionName, request) };
        throw new ReplayDivergence(`the guest called ${details.actual} after the recorded invocation ended (entry ${e.idx})`, details);
      }
      this.pos++;
    }
    if (this.replayOnly) throw new ReplayExhausted();
    this.mode = 'live';
    return undefined;
  }

  /**
   * A host call whose result (or expected error) is recorded live and returned on replay.
   * `request` (the call's parameters) is recorded with it and must be the same on replay.
   */
  call<T>(functionName: string, type: WrappedFunctionType, live: () => T, codec?: CallCodec<T>): T {
    const request = codec?.request === undefined ? undefined : record(codec.request);
    const rec = this.recorded(functionName, request);
    if (rec) {
      const response = rec.response as { ok?: Recorded; err?: Recorded };
      if ('err' in response) throw codec?.error ? codec.error.fromRecord(response.err as Recorded) : new Error(String(response.err));
      const value = restore(response.ok as Recorded);
      return codec?.result ? codec.result.fromRecord(value) : (value as T);
    }
    // Local reads (clocks, randomness) have no effect of their own: they are committed with the
    // next entry. Any other call commits its effect and its entry together: a crash between the
    // two would let replay run the effect a second time.
    if (type === 'ReadLocal') return this.runLive(functionName, type, live, codec, request, true);
    const outcome = this.write(() =>
      this.store.transaction(() => {
        try {
          return { result: this.runLive(functionName, type, live, codec, request, false) };
        } catch (thrown) {
          if (isStorageFailure(thrown)) throw thrown; // the store's trouble, not the guest's: roll back, record nothing
          return { thrown }; // committed all the same: an expected error is recorded, and a suspend entry must stay
        }
      }),
    );
    if ('thrown' in outcome) throw outcome.thrown;
    if (this.regions > 0) crashPoint('atomic-region');
    return outcome.result;
  }

  private runLive<T>(functionName: string, type: WrappedFunctionType, live: () => T, codec: CallCodec<T> | undefined, request: Recorded | undefined, deferred: boolean): T {
    let result: T;
    try {
      result = live();
    } catch (e) {
      const err = e instanceof HostSignal || isStorageFailure(e) ? undefined : codec?.error?.toRecord(e);
      if (err !== undefined) this.append(Entry.importedFunctionInvoked(functionName, type, { err }, request));
      throw e;
    }
    const ok = record(codec?.result ? codec.result.toRecord(result) : result);
    this.append(Entry.importedFunctionInvoked(functionName, type, { ok }, request), deferred);
    return result;
  }

  /**
   * A host call whose result is the oplog index of its own entry (create-promise,
   * get-oplog-index, mark-begin-operation): distinct for every call, identical on replay.
   * `effect` runs live only, in one transaction with the entry: a replayed create-promise must
   * not resurrect a promise that was deleted since.
   */
  indexed(functionName: string, type: WrappedFunctionType, effect: (idx: number) => void = () => {}): number {
    const rec = this.recorded(functionName);
    if (rec) return rec.idx;
    return this.write(() =>
      this.store.transaction(() => {
        const { idx } = this.append(Entry.importedFunctionInvoked(functionName, type, null));
        effect(idx);
        return idx;
      }),
    );
  }

  /**
   * Begins a remote write (an outgoing request): live, its entry (`request`, no response yet)
   * is committed before anything is sent, so a crash can never leave a request sent and not
   * recorded. Replayed, `ahead` holds the recorded entries after it, so the caller can tell
   * whether its outcome was recorded, the invocation ended without it, or the host stopped
   * while it was in flight.
   */
  beginRemoteWrite(functionName: string, request: unknown): { idx: number; replayed: false } | { idx: number; replayed: true; ahead: readonly OplogEntry[] } {
    const recorded = this.recorded(functionName, record(request));
    if (recorded) return { idx: recorded.idx, replayed: true, ahead: this.entries.slice(this.pos) };
    const entry = this.store.transaction(() => this.append(Entry.importedFunctionInvoked(functionName, 'WriteRemote', null, record(request))));
    return { idx: entry.idx, replayed: false };
  }

  /** Entries of the replay not consumed yet, for diagnostics. */
  get remaining(): number {
    return this.mode === 'replay' ? this.entries.length - this.pos : 0;
  }
}

/** Most recorded entries one feed gives a guest thread (a longer run goes in several). */
const MAX_FEED = 4096;

/** `name(arg, …)` for error messages, long arguments shortened. */
function describeCall(functionName: string, request: unknown): string {
  if (request === undefined) return `${functionName}()`;
  const args = Array.isArray(request) ? request : [request];
  return `${functionName}(${args.map((a) => shorten(stringifyJson(a) ?? 'undefined')).join(', ')})`;
}

const shorten = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}…` : text);
