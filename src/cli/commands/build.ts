import type { Command } from 'commander';
import { relative } from 'node:path';
import { buildProgress, formatBytes, formatMs } from '../output.ts';

export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('bundle a TypeScript workflow and turn it into a Golem component')
    .argument('[dir]', 'project directory (holds wit/ and src/index.ts)', '.')
    .option('--world <name>', 'world to implement (default: the only world in wit/)')
    .option('--entry <file>', 'TypeScript entry (default: src/index.ts)')
    .option('-o, --out <file>', 'output component (default: dist/<world>.wasm)')
    .option('--golem <profile>', 'Golem release to build for: seed (default, the golem-ts host) or golem-1.0 (Golem v1.0.x executors)')
    .option('--no-http', 'leave outgoing HTTP (fetch, wasi:http) out of the component (smaller import surface; a guest fetch then fails)')
    .option('--no-typecheck', 'skip checking the exports against the WIT world')
    .option('--force', 'rebuild even if nothing changed')
    .action(async (dir: string, opts: { world?: string; golem?: string; entry?: string; out?: string; http: boolean; typecheck: boolean; force?: boolean }) => {
      // Loaded on use: the build toolchain would slow down every other command's start-up.
      const { build, buildAgentProject, readAgentApp } = await import('../../build/index.ts');
      // A Golem 1.5 agent project (golem.yaml, manifestVersion 1.5.x) builds as `golem build` would.
      if (readAgentApp(dir)) {
        const started = performance.now();
        const result = await buildAgentProject(dir);
        for (const c of result.components) console.log(`built ${relative(process.cwd(), c.out)} ${formatBytes(c.size)} (${c.agents.join(', ')}) in ${formatMs(performance.now() - started)}`);
        return;
      }
      const progress = buildProgress();
      try {
        const result = await build(dir, {
          world: opts.world,
          entry: opts.entry,
          golem: opts.golem,
          out: opts.out,
          http: opts.http ? undefined : false,
          noTypecheck: !opts.typecheck,
          force: opts.force,
          onEvent: progress.onEvent,
        });
        const cached = result.cached ? ' (unchanged, from cache)' : '';
        console.log(`built ${relative(process.cwd(), result.out)} ${formatBytes(result.size)} in ${formatMs(result.ms)}${cached}`);
      } finally {
        progress.stop();
      }
    });
}
