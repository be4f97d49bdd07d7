import type { Command } from 'commander';
import { parseNonNegativeInt } from '../args.ts';
import { oplogLines } from '../format.ts';
import { prettyJson } from '../json.ts';
import { clientFor, remoteCommand, type RemoteOptions } from '../remote.ts';

export function registerOplog(program: Command): void {
  remoteCommand(program.command('oplog'))
    .description("print a worker's oplog: index, time, kind and a summary (golem-ts host extension)")
    .argument('<templateId>', 'template id')
    .argument('<worker>', 'worker name')
    .option('--from <idx>', 'start at this oplog index')
    .option('--all', 'one line per entry (by default repeated host calls share a line)')
    .option('--json', 'print the entries as JSON')
    .action(async (templateId: string, worker: string, opts: RemoteOptions & { from?: string; all?: boolean; json?: boolean }) => {
      const from = opts.from === undefined ? undefined : parseNonNegativeInt(opts.from, '--from');
      const entries = await clientFor(opts).getOplog(templateId, worker, { from });
      if (opts.json) console.log(prettyJson(entries));
      else for (const line of oplogLines(entries, { all: opts.all })) console.log(line);
    });
}
