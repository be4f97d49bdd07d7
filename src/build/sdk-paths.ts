import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Root of the golem-ts package, whether this file runs from src/ (tests) or lib/ (installed CLI). */
export const sdkRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Golem's WIT (deps/) and the golem:ts guest world that components include. */
export const sdkWitDir = join(sdkRoot, 'wit');

/** The guest SDK entry that `import … from 'golem-ts'` resolves to inside a component. */
export const guestEntry = join(sdkRoot, 'src', 'guest', 'index.ts');

/** Timer tracking the build wraps every export with (Golem's timer semantics, see the module). */
export const guestTimers = join(sdkRoot, 'src', 'guest', 'timers.ts');

/** The `fetch` a component built without HTTP gets: it fails with an error that says so. */
export const guestNoHttp = join(sdkRoot, 'src', 'guest', 'no-http.ts');

/** Ambient declarations of the WIT import modules (`golem:api/host@0.2.0`, …). */
export const guestWitModules = join(sdkRoot, 'src', 'guest', 'wit-modules.d.ts');

export const sdkVersion = (JSON.parse(readFileSync(join(sdkRoot, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * Version of an installed package, found the way Node resolves it (walking up node_modules)
 * without importing it: some packages export no package.json and are slow to load.
 */
export function installedVersion(pkg: string, from = sdkRoot): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'node_modules', pkg, 'package.json');
    if (existsSync(manifest)) return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
    if (dirname(dir) === dir) return 'unknown';
  }
}
