import { generateGuestTypes } from '@bytecodealliance/jco-transpile';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { BuildError } from './errors.ts';
import { ensureRootPreopen } from './preopens.ts';
import { guestEntry, guestWitModules } from './sdk-paths.ts';

const tscPath = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');

/** Generates the world's guest declarations with jco; returns the world's module specifier. */
export async function generateWorldTypes(witDir: string, world: string, outDir: string): Promise<{ worldModule: string; worldFile: string }> {
  await ensureRootPreopen();
  rmSync(outDir, { recursive: true, force: true });
  const files = await generateGuestTypes(witDir, { worldName: world, outDir: `${outDir}/` });
  let worldFile: string | undefined;
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
    if (!path.includes('/interfaces/')) worldFile = path;
  }
  const moduleName = worldFile && /declare module '([^']+)'/.exec(readFileSync(worldFile, 'utf8'))?.[1];
  if (!worldFile || !moduleName) throw new BuildError('TYPEGEN_FAILED', `jco produced no declarations for world ${world}`);
  return { worldModule: moduleName, worldFile };
}

/**
 * The author's exports must implement the world: every exported function present with
 * compatible parameters, returning the WIT result type (or a promise of it, since
 * componentize-js drives async exports to completion).
 */
function checkSource(worldFile: string, worldModule: string, entry: string, workDir: string): string {
  const rel = (p: string) => relative(workDir, p).split('\\').join('/');
  const entrySpecifier = rel(entry).startsWith('.') ? rel(entry) : `./${rel(entry)}`;
  // A JavaScript entry is held to what jco accepts at run time: a number where the WIT says u64/s64.
  const js = /\.[cm]?js$/.test(entry);
  return `/// <reference path="${rel(worldFile)}" />
/// <reference path="${rel(guestWitModules)}" />
import type * as World from '${worldModule}';
import * as entry from '${entrySpecifier}';

type Fn = (...args: any[]) => any;
type Loose<T> = T extends bigint ? bigint | number : T extends ArrayBufferView | Fn ? T : T extends object ? { [K in keyof T]: Loose<T[K]> } : T;
type Returned<R> = ${js ? 'Loose<R>' : 'R'};
type Implementation<M> = {
  [K in keyof M as M[K] extends Fn ? K : keyof M[K] extends never ? never : K]: M[K] extends (...args: infer A) => infer R
    ? (...args: A) => Returned<R> | Promise<Returned<R>>
    : Implementation<M[K]>;
};

export const worldExports: Implementation<typeof World> = entry;
`;
}

export async function typecheck(opts: { entry: string; projectDir: string; workDir: string; worldFile: string; worldModule: string }): Promise<void> {
  const { entry, projectDir, workDir, worldFile, worldModule } = opts;
  const checkFile = join(workDir, 'exports-check.ts');
  writeFileSync(checkFile, checkSource(worldFile, worldModule, entry, workDir));
  const tsconfig = join(workDir, 'tsconfig.check.json');
  writeFileSync(
    tsconfig,
    JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          // StarlingMonkey offers web APIs (TextEncoder, fetch, URL, console, timers), not Node's.
          lib: ['ES2023', 'DOM'],
          types: [],
          skipLibCheck: true,
          // A JavaScript entry is checked as JavaScript: its exports' inferred types against the world.
          allowJs: true,
          checkJs: false,
          allowImportingTsExtensions: true,
          paths: { 'golem-ts': [guestEntry] },
        },
        files: [checkFile],
      },
      null,
      2,
    ),
  );
  const output = await new Promise<string>((resolve) => {
    execFile(process.execPath, [tscPath, '-p', tsconfig, '--pretty', 'false'], { cwd: projectDir, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
      resolve(err ? `${stdout}${stderr}` : ''),
    );
  });
  if (!output.trim()) return;
  const diagnostics = parseTscOutput(output, checkFile, projectDir);
  throw new BuildError('TYPECHECK_FAILED', `type errors in ${relative(process.cwd(), projectDir) || '.'}`, diagnostics);
}

/** tsc prints `file(line,col): error TSnnnn: message` plus indented continuation lines. */
export function parseTscOutput(output: string, checkFile: string, projectDir: string): string[] {
  const out: string[] = [];
  for (const line of output.split('\n')) {
    const m = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line);
    if (m) {
      const [, file, l, c, code, msg] = m;
      const abs = join(projectDir, file);
      if (abs === checkFile || file.endsWith('exports-check.ts')) {
        out.push(`exports do not implement the world (${code}): ${msg}`);
      } else {
        out.push(`${relative(projectDir, abs)}:${l}:${c}: ${code}: ${msg}`);
      }
    } else if (line.startsWith('  ') && out.length) {
      out[out.length - 1] += `\n    ${line.trim()}`;
    } else if (line.trim()) {
      out.push(line.trim());
    }
  }
  return out.map(explainExportMismatch);
}

/** tsc's wording for the export check is generic; name the WIT function the author has to fix. */
function explainExportMismatch(diagnostic: string): string {
  const missing = /Property '([^']+)' is missing in type .*? but required in type 'Implementation<typeof import\("([^"]+)"\)>'/.exec(diagnostic);
  if (missing) return `missing export: function '${missing[1]}' of ${missing[2]} is not implemented\n    ${diagnostic}`;
  const mistyped = /The types of '([^']+?)(?:\(\.\.\.\))?' are incompatible/.exec(diagnostic);
  if (mistyped) return `mistyped export: '${mistyped[1]}' does not match its WIT signature\n    ${diagnostic}`;
  return diagnostic;
}
