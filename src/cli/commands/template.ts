import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import type { Template } from '../../host/types.ts';
import { templateFunctions, templateLine } from '../format.ts';
import { prettyJson } from '../json.ts';
import { clientFor, remoteCommand, type RemoteOptions } from '../remote.ts';

export function registerTemplate(program: Command): void {
  const template = program.command('template').description('upload and list templates (compiled components)');

  remoteCommand(template.command('add'))
    .description('upload a component as a new template')
    .argument('<name>', 'template name')
    .argument('<wasm>', 'the component (.wasm)')
    .action(async (name: string, wasm: string, opts: RemoteOptions) => {
      printTemplate('added', await clientFor(opts).addTemplate(name, await readWasm(wasm)));
    });

  remoteCommand(template.command('update'))
    .description('upload a new version of a template')
    .argument('<templateId>', 'template id')
    .argument('<wasm>', 'the component (.wasm)')
    .action(async (templateId: string, wasm: string, opts: RemoteOptions) => {
      printTemplate('updated', await clientFor(opts).updateTemplate(templateId, await readWasm(wasm)));
    });

  remoteCommand(template.command('list'))
    .description('list templates (every version)')
    .option('--name <name>', 'only templates with this name')
    .option('--json', 'print the REST response')
    .action(async (opts: RemoteOptions & { name?: string; json?: boolean }) => {
      const templates = await clientFor(opts).listTemplates(opts.name);
      if (opts.json) console.log(prettyJson(templates));
      else if (templates.length === 0) console.log('no templates');
      else for (const t of templates) console.log(templateLine(t));
    });
}

function printTemplate(verb: string, t: Template): void {
  console.log(`${verb} ${templateLine(t)}`);
  for (const line of templateFunctions(t)) console.log(line);
}

async function readWasm(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new Error(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}
