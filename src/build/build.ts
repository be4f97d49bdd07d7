import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startComponentizer } from './componentize.ts';
import { embedWit } from './custom-section.ts';
import { installedVersion, sdkVersion } from './sdk-paths.ts';
import { loadProject, type ProjectConfig, type WasiFeature } from './project.ts';
import { sourceRecord, unchangedSinceRecord, type SourceRecord } from './source-hash.ts';
import { assembleWit } from './wit-dir.ts';
import { BuildError } from './errors.ts';

export type BuildStep = 'bundle' | 'typecheck' | 'componentize' | 'write';

export type BuildEvent =
  | { type: 'step'; step: BuildStep }
  /** componentize is the one long step; `expectedMs` is the last build's duration, for a progress bar. */
  | { type: 'componentize-start'; expectedMs: number }
  | { type: 'cache-hit' }
  /**
   * A part of a build that ran has finished, in ms: wit, bundle, typecheck (world-types then tsc,
   * beside componentize), componentize, write (embed the WIT, write the component and the cache record).
   */
  | { type: 'timing'; step: 'wit' | 'bundle' | 'typecheck' | 'world-types' | 'tsc' | 'componentize' | 'write'; ms: number };

export interface BuildOptions {
  /** Overrides of golem-ts.json. */
  entry?: string;
  world?: string;
  out?: string;
  disableFeatures?: WasiFeature[];
  /** false: leave outgoing HTTP (`fetch`, wasi:http) out (golem-ts.json `"http": false`). */
  http?: boolean;
  /** The Golem release to build for: `seed` (default) or `golem-1.0`. */
  golem?: string;
  /** Skip the TypeScript check of the author's exports against the world. */
  noTypecheck?: boolean;
  /** Ignore the content-hash cache. */
  force?: boolean;
  onEvent?: (e: BuildEvent) => void;
}

export interface BuildResult {
  out: string;
  size: number;
  ms: number;
  cached: boolean;
  hash: string;
  project: ProjectConfig;
}

interface CacheRecord {
  hash: string;
  sha256: string;
  componentizeMs: number;
  /** What the build read: lets an unchanged project skip bundling (absent in older records). */
  sources?: SourceRecord;
}

const toolVersions = `golem-ts@${sdkVersion},componentize-js@${installedVersion('@bytecodealliance/componentize-js')}`;

/** Builds a golem-ts project (TS → esbuild → componentize-js) into a Golem component. */
export async function build(dir: string, opts: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const emit = opts.onEvent ?? (() => {});
  const project = loadProject(dir, { entry: opts.entry, world: opts.world, out: opts.out, disableFeatures: opts.disableFeatures, http: opts.http, golem: opts.golem });
  const workDir = join(project.dir, '.golem-ts');
  const cacheFile = join(workDir, 'build.json');
  const cached = readCache(cacheFile);
  const settings = JSON.stringify({ toolVersions, world: project.world, features: [...project.disableFeatures].sort(), noTypecheck: !!opts.noTypecheck, entry: project.entry });
  // Fast path: the sources the last build read are unchanged and its component is in place.
  if (!opts.force && cached && unchangedSinceRecord(cached.sources, settings, project.dir, project.witDir, project.out)) {
    emit({ type: 'cache-hit' });
    return { out: project.out, size: cached.sources!.outSize, ms: performance.now() - started, cached: true, hash: cached.hash, project };
  }
  mkdirSync(workDir, { recursive: true });
  const timed = timer(emit);

  const witDir = join(workDir, 'wit');
  const witStarted = performance.now();
  const witFiles = assembleWit(project.witDir, witDir, project.golem);
  const witMs = performance.now() - witStarted;

  // componentize-js loads in its own thread while esbuild bundles, unless a cached component may
  // still serve (the bundle's hash decides that).
  let componentizer = opts.force || !cached ? startComponentizer() : undefined;
  try {
    emit({ type: 'step', step: 'bundle' });
    // Loaded on demand, like componentize-js: a cache hit should not pay for esbuild or jco.
    const bundled = performance.now();
    const { bundle } = await import('./bundle.ts');
    const { code: source, inputs } = await bundle(project.entry, project.dir, { http: !project.disableFeatures.includes('http') });
    const bundleMs = performance.now() - bundled;
    const remember = (record: Omit<CacheRecord, 'sources'>) =>
      writeFileSync(cacheFile, JSON.stringify({ ...record, sources: sourceRecord(settings, project.dir, project.witDir, inputs, project.out) } satisfies CacheRecord));

    const hash = sha256(
      JSON.stringify({ toolVersions, world: project.world, features: [...project.disableFeatures].sort(), witFiles, noTypecheck: !!opts.noTypecheck, source }),
    );
    if (!opts.force && cached?.hash === hash && existsSync(project.out) && sha256(readFileSync(project.out)) === cached.sha256) {
      remember({ hash, sha256: cached.sha256, componentizeMs: cached.componentizeMs });
      emit({ type: 'cache-hit' });
      return { out: project.out, size: readFileSync(project.out).length, ms: performance.now() - started, cached: true, hash, project };
    }
    emit({ type: 'timing', step: 'wit', ms: witMs });
    emit({ type: 'timing', step: 'bundle', ms: bundleMs });
    componentizer ??= startComponentizer();

    // WIT failures name the author's wit/ files, never the generated copy.
    // (The WIT parser behind them loads only when a build really runs: an unchanged one is quicker without it.)
    const { witFailure } = await import('./wit-errors.ts');
    const witErrors = (e: unknown): never => {
      throw witFailure(e instanceof BuildError ? (e.cause ?? e) : e, project.dir, project.witDir, witDir) ?? e;
    };

    // componentize-js (its thread) and the type check (world types with jco, then tsc in its own
    // process) run at the same time. A failed check wins: it stops componentize-js and is reported
    // as soon as it is known; a component is only kept from a build whose check passed.
    const sourcePath = join(workDir, 'bundle.js');
    writeFileSync(sourcePath, source);
    if (!opts.noTypecheck) emit({ type: 'step', step: 'typecheck' });
    emit({ type: 'step', step: 'componentize' });
    emit({ type: 'componentize-start', expectedMs: cached?.componentizeMs ?? 15_000 });
    const t0 = performance.now();
    const componentized = componentizer.run({ sourcePath, witDir, world: project.world, disableFeatures: project.disableFeatures });
    componentized.catch(() => {}); // awaited below, once the check has passed
    if (!opts.noTypecheck) {
      await timed('typecheck', async () => {
        const { generateWorldTypes, typecheck } = await import('./typecheck.ts');
        const { worldFile, worldModule } = await timed('world-types', () => generateWorldTypes(witDir, project.world, join(workDir, 'types'))).catch(witErrors);
        await timed('tsc', () => typecheck({ entry: project.entry, projectDir: project.dir, workDir, worldFile, worldModule }));
      });
    }
    const component = await componentized.catch(witErrors);
    const componentizeMs = Math.round(performance.now() - t0);
    emit({ type: 'timing', step: 'componentize', ms: componentizeMs });

    emit({ type: 'step', step: 'write' });
    const wasm = timed('write', () => {
      const bytes = embedWit(component, { version: 1, world: project.world, files: witFiles });
      mkdirSync(dirname(project.out), { recursive: true });
      // Write then rename: an interrupted build never leaves a truncated component behind.
      const tmp = `${project.out}.${process.pid}.tmp`;
      writeFileSync(tmp, bytes);
      renameSync(tmp, project.out);
      remember({ hash, sha256: sha256(bytes), componentizeMs });
      return bytes;
    });
    return { out: project.out, size: wasm.length, ms: performance.now() - started, cached: false, hash, project };
  } finally {
    // Done with it, or the build failed before `run` (which stops it itself).
    componentizer?.stop();
  }
}

/** Runs `fn` and emits its duration as a `timing` event (sync or async). */
function timer(emit: (e: BuildEvent) => void) {
  return <T>(step: Extract<BuildEvent, { type: 'timing' }>['step'], fn: () => T): T => {
    const t0 = performance.now();
    const done = () => emit({ type: 'timing', step, ms: performance.now() - t0 });
    const out = fn();
    if (out instanceof Promise) return out.finally(done) as T;
    done();
    return out;
  };
}

function readCache(file: string): CacheRecord | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CacheRecord;
  } catch {
    return undefined;
  }
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
