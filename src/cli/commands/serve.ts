import type { Command } from 'commander';
import { resolve } from 'node:path';
import { DEFAULT_INVOKE_TIMEOUT_MS, DEFAULT_PORT } from '../../server/defaults.ts';
import { DEFAULT_INVOCATION_TIMEOUT_MS, DEFAULT_MAX_GUEST_MEMORY, WASM32_MEMORY_CEILING } from '../../host/limits.ts';
import { tokenOption } from '../remote.ts';
import { parseMiB, parsePort, parsePositiveInt } from '../args.ts';
import { guestOutputPrinter } from '../guest-output.ts';

interface ServeOptions {
  port: string;
  host: string;
  data: string;
  token?: string;
  invokeTimeout?: string;
  maxWorkers?: string;
  maxLive?: string;
  invocationTimeout?: string;
  maxGuestMemory?: string;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the durable local Golem host with its REST API (/v1)')
    .option('--port <port>', 'port to listen on (0 picks a free one)', String(DEFAULT_PORT))
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--data <dir>', 'where templates, workers and oplogs are kept', '.golem')
    .addOption(tokenOption('require Authorization: Bearer <token> on every request'))
    .option('--max-workers <n>', 'refuse to create more workers than this (answered with 403, like a Golem Cloud plan limit)')
    .option('--max-live <n>', 'workers that keep a live instance (a guest thread) between invocations or parked in a suspension; beyond it the least recently used goes and comes back by replay (default 32)')
    .option('--invocation-timeout <ms>', `longest one invocation may compute (time parked in a suspension does not count); beyond it the guest is stopped and the invocation fails as a trap, retried per the worker's retry policy (default ${DEFAULT_INVOCATION_TIMEOUT_MS})`)
    .option('--max-guest-memory <MiB>', `most memory one guest may use, in MiB (at most ${WASM32_MEMORY_CEILING / 2 ** 20}, wasm32's ceiling); a guest that needs more fails its invocation as out of memory, a trap retried per the worker's retry policy (default ${DEFAULT_MAX_GUEST_MEMORY / 2 ** 20})`)
    .option('--invoke-timeout <ms>', `how long invoke-and-await waits before answering 504 (default ${DEFAULT_INVOKE_TIMEOUT_MS})`)
    .action(async (opts: ServeOptions) => {
      const port = parsePort(opts.port);
      const invokeTimeoutMs = opts.invokeTimeout === undefined ? undefined : parsePositiveInt(opts.invokeTimeout, '--invoke-timeout');
      const dataDir = resolve(opts.data);
      const maxWorkers = opts.maxWorkers === undefined ? undefined : parsePositiveInt(opts.maxWorkers, '--max-workers');
      const maxLiveInstances = opts.maxLive === undefined ? undefined : parsePositiveInt(opts.maxLive, '--max-live');
      const invocationTimeoutMs = opts.invocationTimeout === undefined ? undefined : parsePositiveInt(opts.invocationTimeout, '--invocation-timeout');
      const maxGuestMemory = opts.maxGuestMemory === undefined ? undefined : parseMiB(opts.maxGuestMemory, '--max-guest-memory', WASM32_MEMORY_CEILING / 2 ** 20);
      // Loaded on use, so the remote commands start quickly.
      const [{ Executor }, { startServer }] = await Promise.all([import('../../host/executor.ts'), import('../../server/index.ts')]);

      // Guest console output, prefixed with the worker's name and escaped (replays stay silent).
      const onOutput = guestOutputPrinter((line) => process.stderr.write(line));
      const executor = await Executor.open({ dataDir, maxWorkers, maxLiveInstances, invocationTimeoutMs, maxGuestMemory, onOutput });
      let server;
      try {
        await executor.recover();
        server = await startServer({ executor, host: opts.host, port, token: opts.token, invokeTimeoutMs });
      } catch (e) {
        await executor.close();
        throw e;
      }
      const auth = opts.token ? ', bearer token required' : '';
      console.log(`golem-ts host listening on ${server.url} (data: ${dataDir}${auth})`);

      const signal = await nextSignal();
      process.stderr.write(`${signal}: shutting down…\n`);
      try {
        await server.close();
      } finally {
        await executor.close();
      }
    });
}

/** Resolves on the first SIGINT/SIGTERM; a second one exits at once, in case shutdown hangs. */
function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolveSignal) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolveSignal(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
