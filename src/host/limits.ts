/** Longest an invocation may compute before its guest is stopped (time parked in a suspension does not count). Generous: five minutes of computing in one workflow step is a bug, not a workload. */
export const DEFAULT_INVOCATION_TIMEOUT_MS = 5 * 60_000;

/** Outgoing HTTP (wasi:http): timeouts when the guest's request-options set none, in ms. */
export const DEFAULT_HTTP_TIMEOUTS_MS = { connect: 10_000, firstByte: 60_000, betweenBytes: 60_000 } as const;

/** Longest HTTP response body a guest may receive: it is recorded whole in the oplog. Longer is the error `HTTP-response-body-size`. */
export const MAX_HTTP_RESPONSE_BYTES = 4 * 1024 * 1024;

/** Longest HTTP request body a guest may send (bodies are buffered until the request is sent; only their hash is recorded). */
export const MAX_HTTP_REQUEST_BYTES = 16 * 1024 * 1024;
