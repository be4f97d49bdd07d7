import type { Command } from 'commander';
import type { PromiseInfo } from '../../host/types.ts';
import { exampleOf } from '../../host/json-schema-example.ts';
import { prettyJson } from '../json.ts';
import { clientFor, DEFAULT_URL, remoteCommand, type RemoteOptions } from '../remote.ts';

export function registerPromises(program: Command): void {
  remoteCommand(program.command('promises'))
    .description("list a worker's pending promises, each with a ready-to-run complete command (golem-ts host extension)")
    .argument('<templateId>', 'template id')
    .argument('<worker>', 'worker name')
    .option('--all', 'also list completed and deleted promises')
    .option('--json', 'print the promises as JSON')
    .action(async (templateId: string, worker: string, opts: RemoteOptions & { all?: boolean; json?: boolean }) => {
      const all = await clientFor(opts).listPromises(templateId, worker);
      const shown = opts.all ? all : all.filter((p) => p.state === 'pending');
      if (opts.json) return console.log(prettyJson(shown));
      if (shown.length === 0) return console.log(opts.all ? `worker ${worker} has no promises` : `worker ${worker} has no pending promises`);
      for (const p of shown) console.log(promiseLines(p, templateId, worker, opts).join('\n'));
    });
}

/** A promise's summary line and, while it is pending, the command that completes it. */
export function promiseLines(p: PromiseInfo, templateId: string, worker: string, remote: RemoteOptions): string[] {
  const awaited = p.awaitedBy ? `, awaited by ${p.awaitedBy.functionName} (invocation ${p.awaitedBy.oplogIdx})` : '';
  const created = p.createdBy ? ` by ${p.createdBy.functionName}` : '';
  const lines = [`promise ${p.oplogIdx}  ${p.state}  created ${p.createdAt}${created}${awaited}`];
  if (p.state === 'pending') {
    const payload = p.schema ? JSON.stringify(exampleOf(p.schema)) : '{}';
    const url = remote.url !== DEFAULT_URL ? ` --url ${remote.url}` : '';
    lines.push(`  golem-ts complete${url} ${templateId} ${worker} ${p.oplogIdx} ${shellQuote(payload)}`);
    if (p.schema) lines.push(`  payload schema: ${JSON.stringify(p.schema)}`);
  }
  return lines;
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
