// The guest thread's part of the oplog cursor: it answers pure calls (pure-calls.js) itself.
// The host's Durability keeps the one cursor; with every invocation it starts and every host call
// it answers it sends a GuestFeed (protocol.ts): the recorded pure entries next in its cursor, and
// whether the guest may answer such calls live past them. The guest:
// - replays a pure call whose name and request are those of the next fed entry, from its recorded
//   answer (the host's own `restore`); any doubt (another call, another request, no entry left
//   and not live) sends the call across as before, and the host finds any divergence itself;
// - answers a pure call past the fed entries live when the feed says so, and buffers its entry;
// - reports with its next host call, and with the invocation's result, how many entries of the
//   cursor it replayed (the host skips exactly those) and what it buffered (the host appends it
//   before the call's own entries: see Durability.guestArrived).
// Plain JavaScript, like entry.js.
import { observeMonotonic } from '../pure-calls.js';
import { record, restore } from '../recorded.js';

/** What `answer` returns for a call the guest thread does not answer itself: it crosses to the host. */
export const CROSS = Symbol('cross');

const NOTHING = { items: [], live: false, clocks: false };
/** Most live answers buffered: the next pure call then crosses, and takes them with it (a guest that reads the clock in a tight loop keeps its buffer small). */
const MAX_BUFFERED = 1024;

export class GuestJournal {
  /** `monotonic`: the channel's last monotonic reading, shared with the host. */
  constructor(monotonic) {
    this.monotonic = monotonic;
    this.active = false;
    this.take(NOTHING);
    this.consumed = 0;
    this.buffered = [];
  }

  /** An invocation starts: pure calls are answered here until it ends (never while instantiating). */
  start(feed) {
    this.active = true;
    this.take(feed);
  }

  /** The invocation ended; what it did since its last host call goes with its result. */
  stop() {
    this.active = false;
    this.take(NOTHING);
    const report = this.pending();
    this.sent();
    return report;
  }

  /** A new feed, with a host call's reply: the host's cursor is where the guest is now. */
  take(feed = NOTHING) {
    this.items = feed.items;
    this.next = 0;
    this.live = feed.live;
    this.clocks = feed.clocks;
  }

  /** What happened since the last report (a JournalReport): it goes with a host call or a result. */
  pending() {
    return { consumed: this.consumed, buffered: this.buffered };
  }

  /** The report is on its way (a request that could not be written keeps it for the next). */
  sent() {
    this.consumed = 0;
    this.buffered = [];
  }

  /** The answer to pure call `p` (a PURE_CALLS entry) with `args`, or CROSS. */
  answer(p, args) {
    if (!this.active) return CROSS;
    if (this.next < this.items.length) {
      const [skip, name, request, ok] = this.items[this.next];
      if (name !== p.functionName) return CROSS;
      // Entries written before requests were recorded are matched by name only (as the host does).
      if (request !== null && request !== (p.request ? JSON.stringify(record(args)) : undefined)) return CROSS;
      this.next++;
      this.consumed += skip + 1;
      const value = restore(ok);
      if (p.monotonic) observeMonotonic(this.monotonic, value);
      return value;
    }
    if (!this.live || (p.clock && !this.clocks) || this.buffered.length >= MAX_BUFFERED) return CROSS;
    const value = p.live(args, this.monotonic);
    this.buffered.push([p.functionName, p.request ? args : undefined, value]);
    return value;
  }
}
