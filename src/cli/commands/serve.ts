import type { Command } from 'commander';
import { resolve } from 'node:path';
import { tokenProblem } from '../../server/auth.ts';
import { DEFAULT_HOST, DEFAULT_INVOKE_TIMEOUT_MS, DEFAULT_PORT } from '../../server/defaults.ts';
import { isLoopbackHost, parseAllowedHost } from '../../server/origin.ts';
import { DEFAULT_INVOCATION_TIMEOUT_MS, DEFAULT_MAX_GUEST_MEMORY, WASM32_MEMORY_CEILING } from '../../host/limits.ts';
import { collect, tokenOption } from '../remote.ts';
import { parseMiB, parsePort, parsePositiveInt } from '../args.ts';
import { guestOutputPrinter } from '../guest-output.ts';

interface ServeOptions {
  port: string;
  host: string;
  data: string;
  token?: string;
  allowedHost?: string[];
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
    .option('--host <host>', 'interface to bind (beyond loopback, set a --token)', DEFAULT_HOST)
    .option('--allowed-host <name>', 'another name the host answers to in the Host header (name or name:port; repeatable); others are refused (DNS rebinding)', collect)
    .option('--data <dir>', 'where templates, workers and oplogs are kept', '.golem')
    .addOption(tokenOption('require Authorization: Bearer <token> on every request'))
    .option('--max-workers <n>', 'refuse to create more workers than this (answered with 403, like a Golem Cloud plan limit)')
    .option('--max-live <n>', 'workers that keep a live instance (a guest thread) between invocations or parked in a suspension; beyond it the least recently used goes and comes back by replay (default 32)')
    .option('--invocation-timeout <ms>', `longest one invocation may compute (time parked in a suspension does not count); beyond it the guest is stopped and the invocation fails as a trap, retried per the worker's retry policy (default ${DEFAULT_INVOCATION_TIMEOUT_MS})`)
    .option('--max-guest-memory <MiB>', `most memory one guest may use, in MiB (at most ${WASM32_MEMORY_CEILING / 2 ** 20}, wasm32's ceiling); a guest that needs more fails its invocation as out of memory, a trap retried per the worker's retry policy (default ${DEFAULT_MAX_GUEST_MEMORY / 2 ** 20})`)
    .option('--invoke-timeout <ms>', `how long invoke-and-await waits before answering 504 (default ${DEFAULT_INVOKE_TIMEOUT_MS})`)
    .action(async (opts: ServeOptions) => {
      const port = parsePort(opts.port);
      const problem = opts.token === undefined ? undefined : tokenProblem(opts.token);
      if (problem) throw new Error(problem);
      const allowedHosts = opts.allowedHost ?? [];
      allowedHosts.forEach(parseAllowedHost);
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
        server = await startServer({ executor, host: opts.host, port, token: opts.token, allowedHosts, invokeTimeoutMs });
      } catch (e) {
        await executor.close();
        throw e;
      }
      // Listening for signals before saying so: whoever reads the line may stop the host at once.
      const stopped = nextSignal();
      if (!opts.token && !isLoopbackHost(opts.host)) process.stderr.write(openHostWarning(opts.host));
      const auth = opts.token ? ', bearer token required' : '';
      console.log(`golem-ts host listening on ${server.url} (data: ${dataDir}${auth})`);

      const signal = await stopped;
      process.stderr.write(`${signal}: shutting down…\n`);
      try {
        await server.close();
      } finally {
        await executor.close();
      }
    });
}

/** Loud, because anyone who reaches the address can upload and run code on this machine. */
function openHostWarning(host: string): string {
  const rule = '!'.repeat(78);
  return [
    rule,
    `!! WARNING: listening on ${host}, beyond loopback, WITHOUT A TOKEN.`,
    '!! Anyone who can reach this address can upload and run components, invoke and',
    '!! delete workers, complete promises and read every key-value bucket.',
    '!! Start with --token <secret> (or GOLEM_TS_TOKEN), or with --host 127.0.0.1.',
    rule,
    '',
  ].join('\n');
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
