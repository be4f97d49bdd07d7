/**
 * `golem-ts new`: a standalone project copied from one of the templates in templates/manifest.json,
 * with its WIT package, npm name and golem-ts dependency replaced.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { sdkRoot, sdkVersion } from '../build/sdk-paths.ts';
import { witPackageNameProblem } from '../wit/names.ts';

export interface TemplateInfo {
  name: string;
  description: string;
  path: string;
  exports: string[];
  /** The WIT package the template's files name (component templates). */
  witPackage: string;
  /** `agent`: a Golem 1.5 agent project (golem.yaml); its `app` name is what `--name` replaces. */
  kind?: 'agent';
  app?: string;
}

export class NewProjectError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NewProjectError';
    this.code = code;
  }
}

export const templatesDir = join(sdkRoot, 'templates');

export function listTemplates(): TemplateInfo[] {
  return (JSON.parse(readFileSync(join(templatesDir, 'manifest.json'), 'utf8')) as { templates: TemplateInfo[] }).templates;
}

export function findTemplate(name: string): TemplateInfo {
  const templates = listTemplates();
  const found = templates.find((t) => t.name === name);
  if (!found) throw new NewProjectError('UNKNOWN_TEMPLATE', `unknown template "${name}"; choose one of: ${templates.map((t) => t.name).join(', ')}`);
  return found;
}

/** Build output, caches and installs are never copied from a template. */
const SKIPPED = new Set(['node_modules', 'dist', '.golem-ts', '.golem', 'golem-temp', 'package-lock.json']);

/** Why `dir` cannot receive a new project (undefined when it can: missing or empty). */
export function targetDirProblem(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  if (!statSync(dir).isDirectory()) return `${dir} exists and is not a directory`;
  if (readdirSync(dir).length > 0) return `${dir} is not empty; choose a new or empty directory`;
  return undefined;
}

/** An npm package name from a directory name: lower case, URL-safe characters. */
export function npmName(dir: string): string {
  const name = basename(resolve(dir)).toLowerCase().replace(/[^a-z0-9._~-]+/g, '-').replace(/^[._-]+/, '');
  return name || 'golem-app';
}

/**
 * The golem-ts dependency spec. `file:` paths are made absolute, so the project installs from
 * the same tarball or checkout wherever it is later moved to.
 */
export function sdkSpec(spec: string | undefined, cwd: string): string {
  if (!spec) return sdkVersion;
  if (spec.startsWith('file:')) {
    const path = spec.slice('file:'.length);
    const abs = isAbsolute(path) ? path : resolve(cwd, path);
    if (!existsSync(abs)) throw new NewProjectError('SDK_NOT_FOUND', `--sdk ${spec}: ${abs} does not exist`);
    return `file:${abs}`;
  }
  return spec;
}

export interface NewProjectOptions {
  dir: string;
  template: string;
  /** WIT package `namespace:package`; default: the template's own. */
  name?: string;
  /** npm spec of golem-ts; default: this package's version. */
  sdk?: string;
  cwd?: string;
}

export interface NewProjectResult {
  dir: string;
  template: TemplateInfo;
  witPackage: string;
  files: string[];
}

export function newProject(opts: NewProjectOptions): NewProjectResult {
  const cwd = opts.cwd ?? process.cwd();
  const template = findTemplate(opts.template);
  // An agent project is named by its Golem app name; a component project by its WIT package.
  const templateName = template.kind === 'agent' ? (template.app as string) : template.witPackage;
  const witPackage = opts.name ?? templateName;
  const nameProblem = template.kind === 'agent' ? appNameProblem(witPackage) : witPackageNameProblem(witPackage);
  if (nameProblem) throw new NewProjectError('BAD_NAME', nameProblem);
  const dir = resolve(cwd, opts.dir);
  const dirProblem = targetDirProblem(dir);
  if (dirProblem) throw new NewProjectError('DIR_NOT_EMPTY', dirProblem);
  const sdk = sdkSpec(opts.sdk, cwd);

  const source = join(templatesDir, template.path);
  const files: string[] = [];
  const copy = (from: string, to: string) => {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from)) {
      if (SKIPPED.has(entry)) continue;
      const src = join(from, entry);
      const dest = join(to, entry);
      if (statSync(src).isDirectory()) {
        copy(src, dest);
        continue;
      }
      let text = readFileSync(src, 'utf8').replaceAll(templateName, witPackage);
      if (relative(source, src) === 'package.json') text = projectManifest(text, npmName(dir), sdk);
      writeFileSync(dest, text);
      files.push(relative(dir, dest).split('\\').join('/'));
    }
  };
  copy(source, dir);
  return { dir, template, witPackage, files: files.sort() };
}

/** Golem application names, as `golem new` takes them: lower-case words joined by dashes. */
function appNameProblem(name: string): string | undefined {
  return /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name) ? undefined : `invalid app name "${name}": lower-case letters, digits and single dashes, starting with a letter`;
}

function projectManifest(text: string, name: string, sdk: string): string {
  const pkg = JSON.parse(text) as { name?: string; dependencies?: Record<string, string> };
  pkg.name = name;
  pkg.dependencies = { ...pkg.dependencies, 'golem-ts': sdk };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}
