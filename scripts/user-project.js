// The steps of the user's path a script or the bench repeats: pack a checkout as `npm publish`
// would ship it, scaffold a project from it with that checkout's CLI, install it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
export const quietNpm = { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false' };

/**
 * `npm pack` of `repo` into `dest`: {tarball, filename, entryCount, size}. `ignoreScripts` skips
 * `prepare` (tsc) for a checkout whose lib/ is already built.
 */
export function pack(repo, dest, { ignoreScripts = false } = {}) {
  const out = execFileSync(npm, ['pack', '--json', '--pack-destination', dest, ...(ignoreScripts ? ['--ignore-scripts'] : [])], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const packed = JSON.parse(out.slice(out.indexOf('[')))[0];
  return { ...packed, tarball: join(dest, packed.filename) };
}

/** `golem-ts new NAME --template T --sdk file:TARBALL` in `cwd`, by `repo`'s CLI. */
export function scaffold(repo, { name, template, tarball, cwd, stdio = 'inherit' }) {
  execFileSync(process.execPath, [join(repo, 'bin/golem-ts.js'), 'new', name, '--template', template, '--sdk', `file:${tarball}`], { cwd, stdio });
}

/** The templates `repo` ships, by name, with their kind (component or agent). */
export function templateKinds(repo) {
  const manifest = JSON.parse(readFileSync(join(repo, 'templates/manifest.json'), 'utf8'));
  return Object.fromEntries(manifest.templates.map((t) => [t.name, t.kind ?? 'component']));
}
