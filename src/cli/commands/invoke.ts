import { Option, type Command } from 'commander';
import { parseJsonArg, prettyJson } from '../json.ts';
import { clientFor, remoteCommand, type RemoteOptions } from '../remote.ts';

interface InvokeOptions extends RemoteOptions {
  await?: boolean;
  key?: string;
  params?: string;
  app?: string;
}

export function registerInvoke(program: Command): void {
  remoteCommand(program.command('invoke'))
    .description("invoke a worker's exported function (enqueue; --await waits for the result)")
    .argument('<templateId>', 'template id')
    .argument('<worker>', 'worker name')
    .argument('<function>', 'function name, e.g. golem:underwriting/api/submit')
    .argument('[params...]', 'one JSON value per function parameter')
    .option('--params <json>', 'all parameters as one JSON array, instead of positional values')
    .option('--await', 'wait for the invocation to finish and print its result')
    .option('--key <invocationKey>', 'invocation key (idempotent retries; needs --await)')
    .addOption(new Option('--app <name>', 'with --api golem-1.5: the Golem app of the component (<app>:<component>); <worker> is the agent id, e.g. CounterAgent("c1")').env('GOLEM_TS_APP'))
    .action(async (templateId: string, worker: string, fn: string, positional: string[], opts: InvokeOptions) => {
      const params = collectParams(positional, opts.params);
      const client = clientFor(opts);
      if (!opts.await) {
        if (opts.key) throw new Error('--key needs --await (the REST invoke route takes no invocation key)');
        await client.invoke(templateId, worker, fn, params, { app: opts.app });
        console.log(`invoked ${fn} on worker ${worker}`);
        return;
      }
      const result = await client.invokeAndAwait(templateId, worker, fn, params, { invocationKey: opts.key, app: opts.app });
      console.log(prettyJson(result));
    });
}

function collectParams(positional: string[], all: string | undefined): unknown[] {
  if (all === undefined) return positional.map((p, i) => parseJsonArg(p, `parameter ${i + 1}`));
  if (positional.length) throw new Error('give the parameters either positionally or with --params, not both');
  const params = parseJsonArg(all, '--params');
  if (!Array.isArray(params)) throw new Error('--params must be a JSON array, one element per function parameter');
  return params;
}
