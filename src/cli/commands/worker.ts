import type { Command } from 'commander';
import { parseEnvPair, parsePositiveInt, parseWorkerStatus } from '../args.ts';
import { WORKER_STATUSES } from '../../host/worker-status.ts';
import { prettyJson } from '../json.ts';
import { clientFor, collect, remoteCommand, type RemoteOptions } from '../remote.ts';
import { promiseLines } from './promises.ts';

export function registerWorker(program: Command): void {
  const worker = program.command('worker').description('create, inspect, interrupt and delete workers');

  remoteCommand(worker.command('add'))
    .description('create a worker of a template')
    .argument('<templateId>', 'template id')
    .argument('<name>', 'worker name (unique within the template)')
    .option('--arg <value>', 'command-line argument for the worker (repeatable)', collect, [])
    .option('--env <KEY=VALUE>', 'environment variable for the worker (repeatable)', collect, [])
    .action(async (templateId: string, name: string, opts: RemoteOptions & { arg: string[]; env: string[] }) => {
      const env = opts.env.map(parseEnvPair);
      const id = await clientFor(opts).createWorker(templateId, name, { args: opts.arg, env });
      console.log(`created worker ${id.workerId.workerName} (template ${id.workerId.rawTemplateId} v${id.templateVersionUsed})`);
    });

  remoteCommand(worker.command('get'))
    .description("print a worker's metadata (status, args, env, version)")
    .argument('<templateId>', 'template id')
    .argument('<name>', 'worker name')
    .action(async (templateId: string, name: string, opts: RemoteOptions) => {
      const client = clientFor(opts);
      const meta = await client.getWorker(templateId, name);
      console.log(prettyJson(meta));
      if (meta.status !== 'Suspended' && meta.status !== 'Interrupted') return;
      // The promises route is a golem-ts extension: a real Golem has none, and then nothing more is shown.
      const promises = await client.listPromises(templateId, name).catch(() => []);
      for (const p of promises.filter((x) => x.awaitedBy)) {
        console.log(`awaiting promise ${p.oplogIdx} (${p.awaitedBy!.functionName}); complete it with:`);
        console.log(promiseLines(p, templateId, name, opts).slice(1).join('\n'));
      }
    });

  remoteCommand(worker.command('list'))
    .description("list a template's workers (golem-ts host extension)")
    .argument('<templateId>', 'template id')
    .action(async (templateId: string, opts: RemoteOptions) => {
      const workers = await clientFor(opts).listWorkers(templateId);
      if (workers.length === 0) console.log('no workers');
      for (const w of workers) console.log(`${w.workerId.workerName}  ${w.status}  v${w.templateVersion}`);
    });

  remoteCommand(worker.command('delete'))
    .description('interrupt and delete a worker')
    .argument('<templateId>', 'template id')
    .argument('<name>', 'worker name')
    .action(async (templateId: string, name: string, opts: RemoteOptions) => {
      await clientFor(opts).deleteWorker(templateId, name);
      console.log(`deleted worker ${name}`);
    });

  remoteCommand(worker.command('wait'))
    .description('wait until a worker has one of the statuses, from its event stream (golem-ts host extension)')
    .argument('<templateId>', 'template id')
    .argument('<name>', 'worker name')
    .argument('<status...>', `the statuses to wait for: ${WORKER_STATUSES.join(', ')}`)
    .option('--timeout <seconds>', 'give up after this many seconds (exit code 1)', '60')
    .action(async (templateId: string, name: string, statuses: string[], opts: RemoteOptions & { timeout: string }) => {
      const wanted = statuses.map(parseWorkerStatus);
      const timeoutMs = parsePositiveInt(opts.timeout, '--timeout') * 1000;
      const status = await clientFor(opts).waitForStatus(templateId, name, wanted, { timeoutMs });
      console.log(`worker ${name} is ${status}`);
    });

  remoteCommand(worker.command('interrupt'))
    .description("interrupt a worker's running invocation (it resumes on next use)")
    .argument('<templateId>', 'template id')
    .argument('<name>', 'worker name')
    .option('--recover-immediately', 'simulate a host restart: recover the worker right away')
    .action(async (templateId: string, name: string, opts: RemoteOptions & { recoverImmediately?: boolean }) => {
      await clientFor(opts).interrupt(templateId, name, { recoverImmediately: !!opts.recoverImmediately });
      console.log(`interrupted worker ${name}${opts.recoverImmediately ? ' (recovering immediately)' : ''}`);
    });
}
