// Which checkout's host the bench measures: this one's lib/ by default, or another checkout's with
// `--host-dir DIR` (its lib/ built, its node_modules installed), so an older commit is measured by
// the same bench code. Everything the bench drives (build, executor, instance, server, threads) is
// imported through `lib()`; a module or export the other checkout lacks is `null`, and the metrics
// that need it report "n/a" instead of failing.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const at = args.indexOf('--host-dir');
/** The bench's own checkout. */
export const benchRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** The checkout whose host is measured. */
export const hostDir = at >= 0 ? resolve(args[at + 1] ?? '') : benchRoot;
export const foreignHost = hostDir !== benchRoot;
if (!existsSync(join(hostDir, 'lib/host/executor.js'))) throw new Error(`--host-dir ${hostDir}: no lib/host/executor.js there (build it with \`npx tsc -p tsconfig.build.json\`)`);

/** A module of the measured checkout's lib/, or null when it has none by that path. */
export async function lib(path) {
  const file = join(hostDir, 'lib', path);
  if (!existsSync(file)) return null;
  return import(pathToFileURL(file).href);
}

/** An ES package's main module as the measured checkout installs it (componentize-js for the raw build baseline). */
export function hostPackage(name) {
  const dir = join(hostDir, 'node_modules', name);
  const { exports, main } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const entry = typeof exports === 'string' ? exports : (exports?.['.'] ?? exports);
  const file = typeof entry === 'string' ? entry : (entry?.import ?? entry?.default ?? main);
  return import(pathToFileURL(join(dir, typeof file === 'string' ? file : file.default)).href);
}

/** A checkout's commit (short), `+changes` when its tracked files differ from it. */
export function commitOf(dir) {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: dir, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${commit}+changes` : commit;
  } catch {
    return 'unknown';
  }
}
