import type { Command } from 'commander';
import { relative } from 'node:path';
import { build, type BuildEvent } from '../../build/index.ts';
import { formatBytes, formatMs, timedProgress } from '../output.ts';

export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('bundle a TypeScript workflow and turn it into a Golem component')
    .argument('[dir]', 'project directory (holds wit/ and src/index.ts)', '.')
    .option('--world <name>', 'world to implement (default: the only world in wit/)')
    .option('--entry <file>', 'TypeScript entry (default: src/index.ts)')
    .option('-o, --out <file>', 'output component (default: dist/<world>.wasm)')
    .option('--enable-http', 'keep wasi:http (fetch) in the component')
    .option('--no-typecheck', 'skip checking the exports against the WIT world')
    .option('--force', 'rebuild even if nothing changed')
    .action(async (dir: string, opts: { world?: string; entry?: string; out?: string; enableHttp?: boolean; typecheck: boolean; force?: boolean }) => {
      let progress: { stop(): void } | undefined;
      const onEvent = (e: BuildEvent) => {
        if (e.type === 'step' && e.step !== 'componentize') process.stderr.write(`${e.step}…\n`);
        if (e.type === 'componentize-start') progress = timedProgress('componentize', e.expectedMs);
        if (e.type === 'step' && e.step === 'write') progress?.stop();
      };
      try {
        const result = await build(dir, {
          world: opts.world,
          entry: opts.entry,
          out: opts.out,
          disableFeatures: opts.enableHttp ? [] : undefined,
          noTypecheck: !opts.typecheck,
          force: opts.force,
          onEvent,
        });
        const cached = result.cached ? ' (unchanged, from cache)' : '';
        console.log(`built ${relative(process.cwd(), result.out)} ${formatBytes(result.size)} in ${formatMs(result.ms)}${cached}`);
      } finally {
        progress?.stop();
      }
    });
}
