// Types for journal.js (plain JavaScript, run in the guest thread).
import type { PureCall } from '../pure-calls.js';
import type { GuestFeed, JournalReport } from './protocol.ts';

export const CROSS: unique symbol;

export class GuestJournal {
  constructor(monotonic: BigInt64Array);
  start(feed?: GuestFeed): void;
  stop(): JournalReport;
  take(feed?: GuestFeed): void;
  pending(): JournalReport;
  sent(): void;
  answer(p: PureCall, args: unknown[]): unknown;
}
