import { ExitSignal } from '../../signals.ts';
import type { WorkerContext } from '../context.ts';
import type { Interfaces } from '../provide.ts';
import type { WasiIo } from './io.ts';

/** wasi:cli: the worker's arguments and environment, exit, and standard streams (stdin is closed; no terminal). */
export function cli(ctx: WorkerContext, io: WasiIo): Interfaces {
  const { InputStream, OutputStream } = io['wasi:io/streams'];
  const stdout = new OutputStream('stdout');
  const stderr = new OutputStream('stderr');
  const stdin = new InputStream();
  class TerminalInput {}
  class TerminalOutput {}

  return {
    'wasi:cli/environment': {
      getEnvironment: () => ctx.env,
      getArguments: () => ctx.args,
      initialCwd: () => undefined,
    },
    'wasi:cli/exit': {
      exit: (status: { tag: 'ok' | 'err' }) => {
        throw new ExitSignal(status.tag === 'ok');
      },
    },
    'wasi:cli/stdin': { getStdin: () => stdin },
    'wasi:cli/stdout': { getStdout: () => stdout },
    'wasi:cli/stderr': { getStderr: () => stderr },
    'wasi:cli/terminal-input': { TerminalInput },
    'wasi:cli/terminal-output': { TerminalOutput },
    'wasi:cli/terminal-stdin': { getTerminalStdin: () => undefined },
    'wasi:cli/terminal-stdout': { getTerminalStdout: () => undefined },
    'wasi:cli/terminal-stderr': { getTerminalStderr: () => undefined },
  };
}
