import { Command, CommanderError } from 'commander';
import { registerAgent } from './commands/agent.ts';
import { registerBuild } from './commands/build.ts';
import { registerComplete } from './commands/complete.ts';
import { registerDemo } from './commands/demo.ts';
import { registerInvoke } from './commands/invoke.ts';
import { registerNew } from './commands/new.ts';
import { registerOplog } from './commands/oplog.ts';
import { registerPromises } from './commands/promises.ts';
import { registerServe } from './commands/serve.ts';
import { registerTemplate } from './commands/template.ts';
import { registerWorker } from './commands/worker.ts';

export function createProgram(): Command {
  const program = new Command('golem-ts')
    .description('TypeScript workflows for Golem: build components, run a durable local host, talk to Golem')
    .showHelpAfterError()
    .exitOverride();
  registerNew(program);
  registerBuild(program);
  registerServe(program);
  registerTemplate(program);
  registerWorker(program);
  registerInvoke(program);
  registerComplete(program);
  registerPromises(program);
  registerOplog(program);
  registerAgent(program);
  registerDemo(program);
  return program;
}

/** Runs the CLI; returns the exit code. Errors are one line (plus diagnostics), never a stack trace. */
export async function run(argv: string[]): Promise<number> {
  try {
    await createProgram().parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    const err = e as Error & { code?: string };
    console.error(`golem-ts: ${err.message ?? String(e)}`);
    if (process.env.GOLEM_TS_DEBUG) console.error(err.stack);
    return 1;
  }
}
