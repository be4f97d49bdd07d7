import { BuildError } from './errors.ts';
import { ensureRootPreopen } from './preopens.ts';
import type { WasiFeature } from './project.ts';

export async function componentize(opts: { sourcePath: string; witDir: string; world: string; disableFeatures: WasiFeature[] }): Promise<Uint8Array> {
  await ensureRootPreopen();
  // Loaded on demand: a cache hit should not pay for the engine and its native parser.
  const { componentize: componentizeJs } = await import('@bytecodealliance/componentize-js');
  try {
    const { component } = await componentizeJs({
      sourcePath: opts.sourcePath,
      witPath: opts.witDir,
      worldName: opts.world,
      disableFeatures: opts.disableFeatures,
    });
    return component;
  } catch (e) {
    throw new BuildError('COMPONENTIZE_FAILED', `componentize-js failed: ${explain(e)}`, [], { cause: e });
  }
}

/** componentize-js reports WIT and wizer failures as multi-line text; keep the part a user can act on. */
function explain(e: unknown): string {
  const err = e as { message?: string; payload?: unknown };
  const text = typeof err?.message === 'string' ? err.message : String(e);
  return text.replace(/\n\s*at .*$/gm, '').trim();
}
