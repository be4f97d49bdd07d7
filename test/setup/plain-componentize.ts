import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureRootPreopen } from '../../src/build/preopens.ts';
import { readWitFiles } from '../../src/build/wit-dir.ts';

const repoWit = fileURLToPath(new URL('../../wit', import.meta.url));

/**
 * Builds `dir/index.js` against `dir/*.wit` with plain componentize-js (no golem-ts build, so
 * no golem-ts metadata): the way Golem's 2024 JS examples were built. `golemHostWit` is the
 * release text of golem:api@0.2.0 to build against; the other Golem packages come from wit/deps.
 * `defaultFeatures`: componentize-js's defaults instead of leaving HTTP out. Cached by content
 * hash in `dir/.golem-ts/`.
 */
export async function buildPlainComponent(dir: string, golemHostWit: string, opts: { defaultFeatures?: boolean } = {}): Promise<{ out: string; cached: boolean }> {
  const work = join(dir, '.golem-ts');
  const witDir = join(work, 'wit');
  rmSync(witDir, { recursive: true, force: true });
  mkdirSync(join(witDir, 'deps', 'golem'), { recursive: true });
  for (const dep of ['wasm-rpc', 'io', 'clocks']) cpSync(join(repoWit, 'deps', dep), join(witDir, 'deps', dep), { recursive: true });
  // Today's wit-parser rejects the 2024 spelling `-> ()` of "no results"; both mean the same.
  writeFileSync(join(witDir, 'deps', 'golem', 'golem-host.wit'), readFileSync(golemHostWit, 'utf8').replace(/\s*->\s*\(\)\s*;/g, ';'));
  cpSync(join(dir, 'guest.wit'), join(witDir, 'guest.wit'));
  const source = readFileSync(join(dir, 'index.js'), 'utf8');
  const { version } = JSON.parse(readFileSync(fileURLToPath(new URL('../../node_modules/@bytecodealliance/componentize-js/package.json', import.meta.url)), 'utf8')) as { version: string };
  const hash = createHash('sha256').update(JSON.stringify({ version, source, wit: readWitFiles(witDir), defaultFeatures: !!opts.defaultFeatures })).digest('hex');
  const out = join(work, 'plain.wasm');
  const hashFile = join(work, 'plain.hash');
  if (existsSync(out) && existsSync(hashFile) && readFileSync(hashFile, 'utf8') === hash) return { out, cached: true };

  ensureRootPreopen();
  const { componentize } = await import('@bytecodealliance/componentize-js');
  const { component } = await componentize({
    sourcePath: join(dir, 'index.js'),
    witPath: witDir,
    worldName: 'guest',
    // Default features: what a plain `componentize` call gives (wasi:http imported, fetch-event exported).
    disableFeatures: opts.defaultFeatures ? [] : ['http', 'fetch-event'],
  });
  writeFileSync(`${out}.tmp`, component);
  renameSync(`${out}.tmp`, out);
  writeFileSync(hashFile, hash);
  return { out, cached: false };
}

/**
 * Builds `dir/index.js` against `dir/guest.wit` (world `guest`) with `jco componentize` as a user
 * would run it (jco's own componentize-js, its default features), in process: the jco CLI itself
 * trips over preview2-shim's missing root preopen. Cached by content hash in `dir/.golem-ts/`.
 */
export async function buildJcoComponent(dir: string): Promise<{ out: string; cached: boolean }> {
  const work = join(dir, '.golem-ts');
  mkdirSync(work, { recursive: true });
  const jcoDir = fileURLToPath(new URL('../../node_modules/@bytecodealliance/jco/', import.meta.url));
  const { version } = JSON.parse(readFileSync(join(jcoDir, 'package.json'), 'utf8')) as { version: string };
  const hash = createHash('sha256')
    .update(JSON.stringify({ jco: version, source: readFileSync(join(dir, 'index.js'), 'utf8'), wit: readFileSync(join(dir, 'guest.wit'), 'utf8') }))
    .digest('hex');
  const out = join(work, 'jco.wasm');
  const hashFile = join(work, 'jco.hash');
  if (existsSync(out) && existsSync(hashFile) && readFileSync(hashFile, 'utf8') === hash) return { out, cached: true };
  await ensureRootPreopen();
  const { componentize } = (await import(pathToFileURL(join(jcoDir, 'dist', 'cmd', 'componentize.js')).href)) as {
    componentize(source: string, opts: { wit: string; worldName: string; out: string }): Promise<void>;
  };
  await componentize(join(dir, 'index.js'), { wit: join(dir, 'guest.wit'), worldName: 'guest', out: `${out}.tmp` });
  renameSync(`${out}.tmp`, out);
  writeFileSync(hashFile, hash);
  return { out, cached: false };
}
