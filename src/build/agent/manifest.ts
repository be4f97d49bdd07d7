import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BuildError } from '../errors.ts';

/**
 * A Golem 1.5 application manifest (`golem.yaml`, `manifestVersion: 1.5.x`) as `golem new`
 * writes it for TypeScript: `app: <name>` and components `<app>:<name>` with `templates: ts`
 * (and an optional `dir`). Only these keys are read; the rest is Golem's business.
 */
export interface AgentApp {
  root: string;
  app: string;
  manifestVersion: string;
  components: AgentComponent[];
}

export interface AgentComponent {
  /** `<app>:<component>`, as Golem names it. */
  name: string;
  dir: string;
  template: string;
}

/** The manifest of an agent project at `dir`, or undefined when it is not one. */
export function readAgentApp(dir: string): AgentApp | undefined {
  const root = resolve(dir);
  const file = join(root, 'golem.yaml');
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).map((l) => l.replace(/\s+#.*$/, '').replace(/^#.*$/, ''));
  const top = (key: string) => unquote(lines.find((l) => l.startsWith(`${key}:`))?.slice(key.length + 1).trim());
  const manifestVersion = top('manifestVersion');
  if (!manifestVersion || !/^1\.5(\.|$)/.test(manifestVersion)) return undefined;
  const app = top('app');
  if (!app) throw new BuildError('BAD_MANIFEST', `${file}: no \`app:\` name`);
  const components: AgentComponent[] = [];
  const start = lines.findIndex((l) => /^components:\s*$/.test(l));
  if (start >= 0) {
    let current: AgentComponent | undefined;
    for (const line of lines.slice(start + 1)) {
      if (!line.trim()) continue;
      if (!/^\s/.test(line)) break;
      const name = /^ {2}([^\s:][^:]*(?::[^\s:][^:]*)?):\s*$/.exec(line.replace(/^ {2}"(.*)":\s*$/, '  $1:'));
      if (name) {
        current = { name: unquote(name[1])!, dir: root, template: '' };
        components.push(current);
        continue;
      }
      const kv = /^ {4}(dir|templates):\s*(.+)$/.exec(line);
      if (kv && current) {
        if (kv[1] === 'dir') current.dir = resolve(root, unquote(kv[2])!);
        else current.template = unquote(kv[2])!.replace(/^\[\s*|\s*\]$/g, '');
      }
    }
  }
  if (!components.length) throw new BuildError('BAD_MANIFEST', `${file}: no components`);
  for (const c of components) {
    if (c.template !== 'ts') throw new BuildError('BAD_MANIFEST', `${file}: component ${c.name} uses template "${c.template}"; golem-ts builds TypeScript components (templates: ts)`);
  }
  return { root, app, manifestVersion, components };
}

function unquote(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const t = s.trim();
  return /^(["']).*\1$/.test(t) ? t.slice(1, -1) : t;
}

/** Golem's names for a component's build outputs: `app:ts-main` → `app-ts-main` / `app_ts_main`. */
export const kebab = (name: string) => name.replace(/[^A-Za-z0-9]+/g, '-').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
export const snake = (name: string) => kebab(name).replace(/-/g, '_');

/** Where `golem build` puts a component: `golem-temp/agents/<snake>.wasm` under the app root. */
export function agentOutput(app: AgentApp, component: AgentComponent): string {
  return join(app.root, 'golem-temp', 'agents', `${snake(component.name)}.wasm`);
}
