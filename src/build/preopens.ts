import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sdkRoot } from './sdk-paths.ts';

/** The packages that run WASI components on preview2-shim for the build and the host. */
const SHIM_USERS = ['@bytecodealliance/componentize-js', '@bytecodealliance/jco-transpile', '@bytecodealliance/jco'];

let done: Promise<unknown> | undefined;

/**
 * componentize-js, jco's type generation and its wasm-tools run as WASI components on
 * preview2-shim, which (since 0.26) no longer preopens `/`. Without a root preopen every
 * path they touch fails with "No such file or directory (os error 44)".
 *
 * npm may install several copies of the shim (one per dependent that needs another version),
 * and preopens are per copy: set the root preopen on every copy these packages resolve.
 */
export async function ensureRootPreopen(): Promise<void> {
  done ??= setRootPreopens(sdkRoot);
  await done;
}

/** Sets the root preopen on every shim copy resolved from the package at `root`; returns their files. */
export async function setRootPreopens(root: string): Promise<string[]> {
  const copies = shimCopies(root);
  await Promise.all(
    copies.map(async (file) => {
      const fs = (await import(pathToFileURL(file).href)) as { _setPreopens?: (preopens: Record<string, string>) => void };
      fs._setPreopens?.({ '/': '/' });
    }),
  );
  return copies;
}

/** `filesystem.js` of every distinct preview2-shim copy the package at `root` or its WASI toolchain loads. */
export function shimCopies(root: string): string[] {
  const froms = [root, ...SHIM_USERS.map((pkg) => packageDir(pkg, root)).filter((d): d is string => !!d)];
  const files = new Set<string>();
  for (const from of froms) {
    try {
      files.add(realpathSync(createRequire(join(from, 'package.json')).resolve('@bytecodealliance/preview2-shim/filesystem')));
    } catch {
      // This dependent resolves no shim: nothing to fix for it.
    }
  }
  return [...files];
}

/** Directory of `pkg` as Node finds it from `from` (walking up node_modules), without loading it. */
function packageDir(pkg: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', pkg);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}
