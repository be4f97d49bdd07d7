/** Argument parsing shared by the CLI commands; every failure is a one-line message. */
import type { WorkerStatus } from '../host/types.ts';
import { WORKER_STATUSES } from '../host/worker-status.ts';

/** A worker status as the Worker API spells it (any case). */
export function parseWorkerStatus(text: string): WorkerStatus {
  const status = WORKER_STATUSES.find((s) => s.toLowerCase() === text.toLowerCase());
  if (!status) throw new Error(`unknown worker status ${text}: one of ${WORKER_STATUSES.join(', ')}`);
  return status;
}

export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new Error(`--port must be an integer 0-65535, got ${text}`);
  return port;
}

export function parseNonNegativeInt(text: string, name: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) throw new Error(`${name} must be a non-negative integer, got ${text}`);
  return n;
}

export function parsePositiveInt(text: string, name: string): number {
  const n = parseNonNegativeInt(text, name);
  if (n === 0) throw new Error(`${name} must be a positive integer, got ${text}`);
  return n;
}

/** A size given in MiB (1 to `max`), as bytes. */
export function parseMiB(text: string, name: string, max: number): number {
  const n = parsePositiveInt(text, name);
  if (n > max) throw new Error(`${name} must be at most ${max} (MiB), got ${text}`);
  return n * 2 ** 20;
}

/** A u64 oplog index, given in decimal. */
export function parseOplogIdx(text: string): bigint {
  if (!/^\d+$/.test(text) || BigInt(text) >= 1n << 64n) throw new Error(`oplog index must be a non-negative integer, got ${text}`);
  return BigInt(text);
}

/** `KEY=value` (the value may contain `=`). */
export function parseEnvPair(text: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new Error(`--env expects KEY=VALUE, got ${text}`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

/** `1,2,3` → bytes. */
export function parseByteList(text: string): Uint8Array {
  const parts = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const bytes = parts.map((s) => {
    const n = Number(s);
    if (!/^\d+$/.test(s) || n > 255) throw new Error(`--bytes expects integers 0-255 separated by commas, got ${s}`);
    return n;
  });
  return Uint8Array.from(bytes);
}
