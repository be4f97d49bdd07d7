import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { readEmbeddedWit } from '../../src/build/index.ts';
import { parseWitPackages, resolveWorld } from '../../src/wit/index.ts';

const manifest = JSON.parse(readFileSync(fileURLToPath(new URL('../../templates/manifest.json', import.meta.url)), 'utf8')) as {
  templates: { name: string; exports: string[] }[];
};

describe('templates', () => {
  it.each(manifest.templates)('$name builds and exports what its manifest says', ({ name, exports }) => {
    const wit = readEmbeddedWit(readFileSync(inject('templateWasm')[name]));
    expect(wit).toBeDefined();
    const world = resolveWorld(parseWitPackages(wit!.files), wit!.world);
    const names = world.exports.flatMap((e) => (e.type === 'Instance' ? e.functions.map((f) => `${e.name}/${f.name}`) : [e.name]));
    expect(names.sort()).toEqual([...exports].sort());
  });
});
