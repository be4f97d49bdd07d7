import type { Command } from 'commander';
import { relative } from 'node:path';
import { findTemplate, listTemplates, newProject, NewProjectError, targetDirProblem, type NewProjectOptions } from '../new-project.ts';
import { witPackageNameProblem } from '../../wit/names.ts';

interface NewFlags {
  template?: string;
  name?: string;
  sdk?: string;
}

export function registerNew(program: Command): void {
  program
    .command('new')
    .description('create a component project from a template (asks interactively when run in a terminal without arguments)')
    .argument('[dir]', 'directory to create (must be new or empty)')
    .option('-t, --template <name>', `template (${listTemplates().map((t) => t.name).join(', ')}; default: minimal)`)
    .option('--name <ns:pkg>', "WIT package name (default: the template's, e.g. golem:approval)")
    .option('--sdk <spec>', 'npm spec of the golem-ts dependency (default: this version; file:<tarball or checkout> installs offline)')
    .action(async (dir: string | undefined, flags: NewFlags) => {
      const opts = dir ? { dir, template: flags.template ?? 'minimal', name: flags.name, sdk: flags.sdk } : await ask(flags);
      if (!opts) return;
      const result = newProject(opts);
      const shown = relative(process.cwd(), result.dir) || '.';
      console.log(`created ${shown} from template ${result.template.name} (${result.template.kind === 'agent' ? 'Golem app' : 'WIT package'} ${result.witPackage}, ${result.files.length} files)`);
      console.log('next:');
      console.log(`  cd ${shown.includes(' ') ? JSON.stringify(shown) : shown}`);
      console.log('  npm install');
      console.log('  npm run build && npm test');
    });
}

/** The interactive form of `golem-ts new`; undefined when the user cancels. */
async function ask(flags: NewFlags): Promise<NewProjectOptions | undefined> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new NewProjectError('NO_DIR', 'missing <dir>: golem-ts new <dir> [--template T] [--name ns:pkg] [--sdk spec]');
  }
  const p = await import('@clack/prompts');
  p.intro('golem-ts new');
  const cancelled = (v: unknown): v is symbol => {
    if (!p.isCancel(v)) return false;
    p.cancel('cancelled: nothing was created');
    return true;
  };
  const dir = await p.text({
    message: 'Directory for the new project',
    placeholder: 'my-component',
    validate: (v) => (!v ? 'a directory is required' : targetDirProblem(v)),
  });
  if (cancelled(dir)) return undefined;
  const template =
    flags.template ??
    (await p.select({
      message: 'Template',
      options: listTemplates().map((t) => ({ value: t.name, label: t.name, hint: t.description })),
      initialValue: 'minimal',
    }));
  if (cancelled(template)) return undefined;
  const chosen = findTemplate(template);
  const name =
    flags.name ??
    (chosen.kind === 'agent'
      ? chosen.app
      : await p.text({
          message: 'WIT package name (namespace:package)',
          initialValue: chosen.witPackage,
          validate: (v) => witPackageNameProblem(v ?? ''),
        }));
  if (cancelled(name)) return undefined;
  p.outro(`creating ${dir}`);
  return { dir, template, name, sdk: flags.sdk };
}
