import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { applyProfile, type GolemProfile } from './golem-profile.ts';
import { sdkWitDir } from './sdk-paths.ts';

/** WIT sources as `relative path → text`, the form embedded into components for the host. */
export type WitFiles = Record<string, string>;

/**
 * Lays out the WIT directory componentize-js and jco resolve: the project's own `*.wit` at the
 * top, Golem's packages and the golem:ts world under `deps/`. A project's own `wit/deps/<name>`
 * wins over the SDK's copy of the same name.
 */
export function assembleWit(projectWitDir: string, outDir: string, profile: GolemProfile = 'seed'): WitFiles {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'deps'), { recursive: true });
  for (const dep of readdirSync(join(sdkWitDir, 'deps'))) {
    cpSync(join(sdkWitDir, 'deps', dep), join(outDir, 'deps', dep), { recursive: true });
  }
  applyProfile(outDir, profile);
  mkdirSync(join(outDir, 'deps', 'golem-ts'));
  cpSync(join(sdkWitDir, 'golem-ts.wit'), join(outDir, 'deps', 'golem-ts', 'golem-ts.wit'));
  for (const entry of readdirSync(projectWitDir)) {
    const src = join(projectWitDir, entry);
    if (entry === 'deps' && statSync(src).isDirectory()) {
      for (const dep of readdirSync(src)) {
        rmSync(join(outDir, 'deps', dep), { recursive: true, force: true });
        cpSync(join(src, dep), join(outDir, 'deps', dep), { recursive: true });
      }
    } else if (entry.endsWith('.wit')) {
      writeFileSync(join(outDir, entry), acceptEmptyResults(readFileSync(src, 'utf8')));
    }
  }
  return readWitFiles(outDir);
}

/**
 * Golem's 2024 WIT wrote functions without results as `-> ()`, which today's wit-parser
 * rejects; it means the same as no `->` at all. Blanked out (same length, so line and column
 * of any later error still point at the author's file).
 */
export function acceptEmptyResults(text: string): string {
  return text.replace(/->(\s*)\(\s*\)/g, (m) => m.replace(/[^\n]/g, ' '));
}

export function readWitFiles(dir: string): WitFiles {
  const files: WitFiles = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.wit')) files[relative(dir, p).split('\\').join('/')] = readFileSync(p, 'utf8');
    }
  };
  if (existsSync(dir)) walk(dir);
  return files;
}
