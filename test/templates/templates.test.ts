import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { readEmbeddedWit } from '../../src/build/index.ts';
import { parseWitPackages, resolveWorld } from '../../src/wit/index.ts';

const manifest = JSON.parse(readFileSync(fileURLToPath(new URL('../../templates/manifest.json', import.meta.url)), 'utf8')) as {
  templates: { name: string; path: string; exports: string[]; kind?: string }[];
};
const components = manifest.templates.filter((t) => t.kind !== 'agent');
const agents = manifest.templates.filter((t) => t.kind === 'agent');

describe('templates', () => {
  it.each(agents)('$name (Golem 1.5 agents) builds, its type metadata listing the agent methods its manifest says', ({ name, path, exports }) => {
    expect(inject('agentTemplateWasm')[name]).toMatch(/golem-temp\/agents\/[a-z_]+_ts_main\.wasm$/);
    const dir = fileURLToPath(new URL(`../../templates/${path}/golem-temp/ts-metadata/`, import.meta.url));
    const metadata = JSON.parse(readFileSync(`${dir}${name}-ts-main/.metadata/generated-types.json`, 'utf8')) as Record<string, { methods: Record<string, unknown> }>;
    const names = Object.entries(metadata).flatMap(([cls, m]) => Object.keys(m.methods).map((method) => `${cls}.${method}`));
    expect(names.sort()).toEqual([...exports].sort());
  });

  it.each(components)('$name builds and exports what its manifest says', ({ name, exports }) => {
    const wit = readEmbeddedWit(readFileSync(inject('templateWasm')[name]));
    expect(wit).toBeDefined();
    const world = resolveWorld(parseWitPackages(wit!.files), wit!.world);
    const names = world.exports.flatMap((e) => (e.type === 'Instance' ? e.functions.map((f) => `${e.name}/${f.name}`) : [e.name]));
    expect(names.sort()).toEqual([...exports].sort());
  });
});
