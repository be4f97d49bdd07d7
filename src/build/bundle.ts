import * as esbuild from 'esbuild';
import { relative, resolve } from 'node:path';
import { BuildError } from './errors.ts';
import { guestEntry } from './sdk-paths.ts';

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

/** Bundles the author's TypeScript into one ES module for componentize-js; `inputs` are the absolute paths it read. */
export async function bundle(entry: string, projectDir: string): Promise<{ code: string; inputs: string[] }> {
  try {
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      mainFields: ['module', 'main'],
      conditions: ['import', 'default'],
      plugins: [witImports],
      logLevel: 'silent',
      legalComments: 'none',
      minify: true,
      charset: 'utf8',
      metafile: true,
    });
    // Metafile paths are relative to esbuild's working directory, the process's.
    const inputs = Object.keys(result.metafile.inputs).map((p) => resolve(p));
    return { code: result.outputFiles[0].text, inputs };
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
