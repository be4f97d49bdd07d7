import * as esbuild from 'esbuild';
import { basename, relative, resolve } from 'node:path';
import { BuildError } from './errors.ts';
import { guestEntry, guestNoHttp, guestTimers } from './sdk-paths.ts';

/** WIT interface imports (`golem:api/host@0.2.0`, `wasi:keyvalue/…`) are bound by componentize-js, not bundled. */
const witImports: esbuild.Plugin = {
  name: 'golem-ts-wit-imports',
  setup(build) {
    build.onResolve({ filter: /^[a-z][a-z0-9-]*:[a-z]/ }, (args) => {
      if (args.path.startsWith('node:')) {
        return { errors: [{ text: `"${args.path}" is a Node.js module; components run in StarlingMonkey, not Node` }] };
      }
      return { path: args.path, external: true };
    });
    // The guest SDK always comes from this golem-ts, so the SDK and the build agree on the WIT.
    build.onResolve({ filter: /^golem-ts$/ }, () => ({ path: guestEntry }));
  },
};

/** The generated entry that wraps the author's exports (stdin to esbuild, never on disk). */
const WRAPPER = 'golem-ts-entry.js';

/**
 * Bundles the author's TypeScript into one ES module for componentize-js, every export wrapped
 * so timers it leaves pending run before its invocation completes (src/guest/timers.ts).
 */
export async function bundle(entry: string, projectDir: string, opts: { http: boolean } = { http: true }): Promise<{ code: string; inputs: string[] }> {
  const names = await exportNames(entry, projectDir);
  const contents = [
    // Without HTTP, `fetch` says so instead of trapping (installed before the author's code runs).
    ...(opts.http ? [] : [`import ${JSON.stringify(guestNoHttp)};`]),
    `import { settleTimers } from ${JSON.stringify(guestTimers)};`,
    `import * as entry from ${JSON.stringify(entry)};`,
    ...names.map((n, i) => `const e${i} = settleTimers(entry[${JSON.stringify(n)}]);\nexport { e${i} as ${JSON.stringify(n)} };`),
  ].join('\n');
  const result = await run(projectDir, { stdin: { contents, resolveDir: projectDir, sourcefile: WRAPPER, loader: 'js' }, metafile: true });
  // `inputs`: the files it read, as absolute paths (metafile paths are relative to the process's
  // working directory); the generated wrapper is not a file.
  const inputs = Object.keys(result.metafile!.inputs).filter((p) => basename(p) !== WRAPPER).map((p) => resolve(p));
  return { code: result.outputFiles![0].text, inputs };
}

/**
 * The entry module's export names, from esbuild's metafile. Only the project's own modules are
 * read for them (packages left external: the bundle reads them next); an entry that re-exports
 * a package's whole namespace (`export * from 'pkg'`) names its exports only with it, read in.
 */
async function exportNames(entry: string, projectDir: string): Promise<string[]> {
  const names = async (packages?: 'external') => {
    const result = await run(projectDir, { entryPoints: [entry], metafile: true, minify: false, packages });
    const starFromPackage = /^\s*export\s*\*\s*from\s/m.test(result.outputFiles![0]?.text ?? '');
    return { exports: Object.values(result.metafile!.outputs)[0]?.exports ?? [], starFromPackage };
  };
  const own = await names('external');
  return own.starFromPackage ? (await names()).exports : own.exports;
}

async function run(projectDir: string, options: esbuild.BuildOptions): Promise<esbuild.BuildResult> {
  return esbuildIn(projectDir, { plugins: [witImports], minify: true, ...options });
}

/**
 * esbuild as golem-ts builds guests: one ES module, bundled for no particular platform, quiet;
 * its errors become a BuildError naming the project's files. Shared with the agent bundle.
 */
export async function esbuildIn(projectDir: string, options: esbuild.BuildOptions): Promise<esbuild.BuildResult> {
  try {
    return await esbuild.build({
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      mainFields: ['module', 'main'],
      conditions: ['import', 'default'],
      logLevel: 'silent',
      legalComments: 'none',
      charset: 'utf8',
      ...options,
    });
  } catch (e) {
    const failure = e as esbuild.BuildFailure;
    if (!failure.errors) throw e;
    throw new BuildError(
      'BUNDLE_FAILED',
      'bundling failed',
      failure.errors.map((m) => {
        const loc = m.location ? `${relative(projectDir, m.location.file) || m.location.file}:${m.location.line}:${m.location.column + 1}: ` : '';
        return `${loc}${m.text}`;
      }),
    );
  }
}
