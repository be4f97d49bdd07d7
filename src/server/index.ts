export { createServer, startServer, type RunningServer, type ServerOptions, type StartOptions } from './server.ts';
export { DEFAULT_INVOKE_TIMEOUT_MS, DEFAULT_PORT, MAX_JSON_BYTES, MAX_TEMPLATE_BYTES } from './defaults.ts';
