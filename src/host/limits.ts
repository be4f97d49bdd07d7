/** Longest an invocation may compute before its guest is stopped (time parked in a suspension does not count). Generous: five minutes of computing in one workflow step is a bug, not a workload. */
export const DEFAULT_INVOCATION_TIMEOUT_MS = 5 * 60_000;
/** The most a wasm32 memory can ever hold: 65,536 pages of 64 KiB. */
export const WASM32_MEMORY_CEILING = 4 * 2 ** 30;
/**
 * Most memory one guest may use (its linear memory), in bytes. A componentize-js guest's memory
 * starts at 9 MiB and the example's whole instance costs ≈ 11 MiB, so 512 MiB is ample room for
 * real workflows, while 32 live instances (--max-live's default) stay within 16 GiB even if all
 * of them fill up (1 GiB would allow 32 GiB, more than most machines have).
 */
export const DEFAULT_MAX_GUEST_MEMORY = 512 * 2 ** 20;

/** Outgoing HTTP (wasi:http): timeouts when the guest's request-options set none, in ms. */
export const DEFAULT_HTTP_TIMEOUTS_MS = { connect: 10_000, firstByte: 60_000, betweenBytes: 60_000 } as const;

/** Longest HTTP response body a guest may receive: it is recorded whole in the oplog. Longer is the error `HTTP-response-body-size`. */
export const MAX_HTTP_RESPONSE_BYTES = 4 * 1024 * 1024;

/** Longest HTTP request body a guest may send (bodies are buffered until the request is sent; only their hash is recorded). */
export const MAX_HTTP_REQUEST_BYTES = 16 * 1024 * 1024;

/** Bytes as MiB for messages: `512 MiB`, `511.1 MiB`. */
export function mib(bytes: number): string {
  const m = bytes / 2 ** 20;
  return `${Number.isInteger(m) ? m : m.toFixed(1)} MiB`;
}
