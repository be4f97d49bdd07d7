import { esbuildIn } from '../bundle.ts';

/** What stays outside the bundle, as `golem build`'s rollup config keeps it: the SDK (inside the guest) and host interfaces. */
const EXTERNAL = ['@golemcloud/golem-ts-sdk', 'golem:*', 'wasi:*', 'node:*'];

/**
 * Bundles an agent component's TypeScript as `golem build` does (one ES module): an entry that
 * registers the type metadata with the SDK, then loads `src/main.ts` (which imports the agent
 * modules, whose `@agent()` decorators look their classes up in that metadata). Built with
 * esbuild instead of rollup: same output shape (one ESM file, SDK and `golem:*` imports left
 * as imports); esbuild honours the project's `experimentalDecorators` and
 * `useDefineForClassFields: false` and, like `golem build`'s rollup, does not type-check.
 */
export async function bundleAgent(componentDir: string, mainTs: string, metadataModule: string, tsconfig: string): Promise<{ code: string; inputs: string[] }> {
  const contents = [
    `import { TypescriptTypeRegistry } from '@golemcloud/golem-ts-sdk';`,
    `import { Metadata } from ${JSON.stringify(metadataModule)};`,
    `TypescriptTypeRegistry.register(Metadata);`,
    // A dynamic import keeps the registration ahead of the agent modules' decorators.
    `export default (async () => await import(${JSON.stringify(mainTs)}))();`,
  ].join('\n');
  const result = await esbuildIn(componentDir, {
    stdin: { contents, resolveDir: componentDir, sourcefile: 'golem-ts-agent-main.js', loader: 'js' },
    external: EXTERNAL,
    tsconfig,
    metafile: true,
    // The SDK names agents after their classes (`constructor.name`): keep them through bundling.
    keepNames: true,
  });
  return { code: result.outputFiles![0].text, inputs: Object.keys(result.metafile!.inputs) };
}
