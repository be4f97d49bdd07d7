import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { BuildError } from './errors.ts';
import { checkProfile, type GolemProfile } from './golem-profile.ts';

/** WASI features componentize-js can leave out of the engine. */
export type WasiFeature = 'stdio' | 'random' | 'clocks' | 'http' | 'fetch-event';

/**
 * Outgoing HTTP (`fetch`, wasi:http) is in by default: the host records each request and its
 * response durably. `fetch-event` (serving HTTP) is left out: a worker is invoked through its
 * exports, not as an HTTP handler.
 */
export const DEFAULT_DISABLED_FEATURES: WasiFeature[] = ['fetch-event'];

/** What `"http": false` in golem-ts.json (or `build --no-http`) leaves out: the component then imports no wasi:http. */
export const NO_HTTP_FEATURES: WasiFeature[] = ['http', 'fetch-event'];

export interface ProjectConfig {
  dir: string;
  /** TypeScript entry whose exports implement the world's exports. */
  entry: string;
  /** Directory holding the component's own WIT package. */
  witDir: string;
  /** World name as declared in the component's WIT (bare, e.g. `underwriting`). */
  world: string;
  /** Output component path. */
  out: string;
  disableFeatures: WasiFeature[];
  /** The Golem release to build for (`seed` unless set). */
  golem: GolemProfile;
}

/** Optional `golem-ts.json` in the project directory; every field has a default. */
interface ConfigFile {
  entry?: string;
  wit?: string;
  world?: string;
  out?: string;
  disableFeatures?: WasiFeature[];
  /** false: leave outgoing HTTP (`fetch`) out of the component; default true. */
  http?: boolean;
  golem?: string;
}

const ENTRY_CANDIDATES = ['src/index.ts', 'src/main.ts', 'index.ts', 'src/index.js'];

export function loadProject(dirArg: string, overrides: Partial<ConfigFile> = {}): ProjectConfig {
  const dir = resolve(dirArg);
  if (!existsSync(dir)) throw new BuildError('PROJECT_NOT_FOUND', `project directory ${dir} does not exist`);
  const configPath = join(dir, 'golem-ts.json');
  let file: ConfigFile = {};
  if (existsSync(configPath)) {
    try {
      file = JSON.parse(readFileSync(configPath, 'utf8')) as ConfigFile;
    } catch (e) {
      throw new BuildError('BAD_CONFIG', `${configPath}: ${(e as Error).message}`);
    }
  }
  const cfg = { ...file, ...definedOnly(overrides) };

  const witDir = resolve(dir, cfg.wit ?? 'wit');
  if (!existsSync(witDir)) throw new BuildError('NO_WIT', `no WIT directory at ${witDir}: a component needs a world to implement`);

  const entry = cfg.entry ? resolve(dir, cfg.entry) : ENTRY_CANDIDATES.map((c) => join(dir, c)).find((p) => existsSync(p));
  if (!entry || !existsSync(entry)) {
    throw new BuildError('NO_ENTRY', `no entry file in ${dir} (looked for ${cfg.entry ?? ENTRY_CANDIDATES.join(', ')})`);
  }

  const world = cfg.world ?? onlyWorld(witDir);
  const out = resolve(dir, cfg.out ?? join('dist', `${world}.wasm`));
  const golem = checkProfile(cfg.golem ?? 'seed');
  return { dir, entry, witDir, world, out, disableFeatures: cfg.disableFeatures ?? (cfg.http === false ? NO_HTTP_FEATURES : DEFAULT_DISABLED_FEATURES), golem };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The single world declared by the project's own WIT files (deps are not searched). */
function onlyWorld(witDir: string): string {
  const worlds: string[] = [];
  for (const f of readdirSync(witDir).filter((n) => n.endsWith('.wit'))) {
    const text = stripComments(readFileSync(join(witDir, f), 'utf8'));
    for (const m of text.matchAll(/^\s*world\s+(%?[a-z][a-z0-9-]*)\s*\{/gm)) worlds.push(m[1].replace(/^%/, ''));
  }
  if (worlds.length === 1) return worlds[0];
  if (worlds.length === 0) throw new BuildError('NO_WORLD', `no world declared in ${witDir}/*.wit`);
  throw new BuildError('AMBIGUOUS_WORLD', `${basename(witDir)}/ declares several worlds (${worlds.join(', ')}): set "world" in golem-ts.json`);
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
}
