import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BuildError } from './errors.ts';
import { sdkWitDir } from './sdk-paths.ts';

/**
 * Which Golem a component is built for: the `golem:api@0.2.0` host WIT laid out under
 * `deps/golem/`. Everything else (keyvalue, rpc's `uri`, WASI) is the same for both.
 *
 * - `seed`: wit/deps/golem/golem-host.wit, the seed documents' mix (template-era types, promise
 *   functions with their July-2024 names); runs on the golem-ts host only.
 * - `golem-1.0`: golem-wit v1.0.0's golem-host.wit verbatim (wit/releases/golem-wit-v1.0.0/),
 *   which Golem v1.0.x and v1.1.0–v1.1.10 executors link as is (see wit/README.md).
 */
export type GolemProfile = 'seed' | 'golem-1.0';

export const GOLEM_PROFILES: readonly GolemProfile[] = ['seed', 'golem-1.0'];

const RELEASE_WIT: Record<Exclude<GolemProfile, 'seed'>, string> = {
  'golem-1.0': join(sdkWitDir, 'releases', 'golem-wit-v1.0.0', 'golem-host.wit'),
};

export function checkProfile(profile: string): GolemProfile {
  if ((GOLEM_PROFILES as readonly string[]).includes(profile)) return profile as GolemProfile;
  throw new BuildError('BAD_PROFILE', `unknown Golem profile ${JSON.stringify(profile)} (known: ${GOLEM_PROFILES.join(', ')})`);
}

/** The release's host WIT text as today's wit-parser reads it: the 2024 `-> ()` means no result. */
export function releaseHostWit(profile: Exclude<GolemProfile, 'seed'>): string {
  return readFileSync(RELEASE_WIT[profile], 'utf8').replace(/\s*->\s*\(\)\s*;/g, ';');
}

/** Puts the profile's golem:api@0.2.0 into an assembled WIT directory. */
export function applyProfile(witDir: string, profile: GolemProfile): void {
  if (profile === 'seed') return;
  writeFileSync(join(witDir, 'deps', 'golem', 'golem-host.wit'), releaseHostWit(profile));
}
