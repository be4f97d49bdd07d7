import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The files map the host receives for the underwriting example: its own WIT at the top level,
 * every /wit/deps/<d> package under deps/<d>/, and golem-ts's own package as deps/golem-ts/.
 */
export function underwritingFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  const read = (path: string): string => readFileSync(path, 'utf8');
  files['underwriting.wit'] = read(join(repoRoot, 'examples/underwriting/wit/underwriting.wit'));
  const deps = join(repoRoot, 'wit/deps');
  for (const dir of readdirSync(deps)) {
    for (const file of readdirSync(join(deps, dir))) {
      if (file.endsWith('.wit')) files[`deps/${dir}/${file}`] = read(join(deps, dir, file));
    }
  }
  files['deps/golem-ts/golem-ts.wit'] = read(join(repoRoot, 'wit/golem-ts.wit'));
  return files;
}
