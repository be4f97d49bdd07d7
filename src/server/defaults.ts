/** Server defaults, apart from server.ts so the CLI can show them without loading fastify. */
export const DEFAULT_PORT = 9881;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_INVOKE_TIMEOUT_MS = 60_000;
/** Template uploads (multipart file or raw wasm). */
export const MAX_TEMPLATE_BYTES = 256 * 1024 * 1024;
/** JSON bodies carry invocation params; generous, but far below a template upload. */
export const MAX_JSON_BYTES = 16 * 1024 * 1024;
