import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sdkWitDir } from '../build/sdk-paths.ts';
import { acceptEmptyResults, readWitFiles } from '../build/wit-dir.ts';
import { parseWitPackages, type WitFunction } from '../wit/index.ts';
import { signatureDifference } from '../wit/type-difference.ts';

/** Imported function signatures the host accepts: interface by compatibility family (see compatibleName) → function name → its WIT types (one per dialect). */
export type HostSignatures = Map<string, Map<string, WitFunction[]>>;

/**
 * An interface's name as far as semver lets a component link to it (as wasmtime matches them):
 * `golem:api/host@0.2.0` → `golem:api/host@0.2`, `golem:api/host@1.5.0` → `golem:api/host@1`.
 * Signatures are compared within a family only: Golem 1.5's golem:api/host is another interface
 * than 2024's.
 */
export function compatibleName(qualifiedName: string): string {
  const m = /^(.*)@(\d+)\.(\d+)\.\d+.*$/.exec(qualifiedName);
  if (!m) return qualifiedName;
  return m[2] === '0' ? `${m[1]}@0.${m[3]}` : `${m[1]}@${m[2]}`;
}

let cached: HostSignatures | undefined;

/**
 * The host's WIT (wit/ of the golem-ts package): golem:api/host, golem:rpc/types,
 * wasi:keyvalue and the parts of wasi:io and wasi:clocks they use. golem:api/host@0.2.0 comes in
 * every dialect the host implements: wit/deps/golem (the seed's) and each released golem-wit
 * under wit/releases/ (template era, Golem 1.0). Interfaces written nowhere here (the rest of
 * WASI) have no entry: only their names are checked.
 */
export function hostSignatures(): HostSignatures {
  if (cached) return cached;
  const base = readWitFiles(join(sdkWitDir, 'deps'));
  const files = (golemHost?: string) =>
    Object.fromEntries(Object.entries(base).map(([path, text]) => [`deps/${path}`, path === 'golem/golem-host.wit' && golemHost !== undefined ? golemHost : text]));
  const releases = join(sdkWitDir, 'releases');
  const dialects = [files()];
  for (const release of existsSync(releases) ? readdirSync(releases).sort() : []) {
    const host = join(releases, release, 'golem-host.wit');
    if (existsSync(host)) dialects.push(files(acceptEmptyResults(readFileSync(host, 'utf8'))));
  }
  const signatures: HostSignatures = new Map();
  for (const dialect of dialects) {
    for (const iface of parseWitPackages(dialect).interfaces.values()) {
      const name = compatibleName(iface.qualifiedName);
      let fns = signatures.get(name);
      if (!fns) signatures.set(name, (fns = new Map()));
      for (const fn of iface.functions) {
        const known = fns.get(fn.name) ?? [];
        // One entry per distinct type: most functions are the same in every dialect.
        if (!known.some((k) => signatureDifference(k, fn) === undefined)) fns.set(fn.name, [...known, fn]);
      }
    }
  }
  return (cached = signatures);
}
