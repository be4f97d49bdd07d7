import { describe, expect, it } from 'vitest';
import { parseWitPackages, resolveWorld, WitResolveError, type ExportedInstance } from '../../src/wit/index.ts';
import { underwritingFiles } from './wit-files.ts';

describe('resolveWorld on the underwriting component', () => {
  const resolve = parseWitPackages(underwritingFiles());
  const world = resolveWorld(resolve, 'underwriting');

  it('accepts the bare and the qualified world name', () => {
    expect(world.world).toBe('golem:underwriting/underwriting');
    expect(resolveWorld(resolve, 'golem:underwriting/underwriting')).toEqual(world);
  });

  it('lists the exports under the instance names jco and Golem use', () => {
    expect(world.exports.map((e) => [e.type, e.name])).toEqual([
      ['Instance', 'golem:underwriting/types'],
      ['Instance', 'golem:underwriting/api'],
    ]);
    const api = world.exports[1] as ExportedInstance;
    expect(api.functions.map((f) => f.name)).toEqual(['use-credit-bureau', 'submit', 'await-decision', 'decision']);
    expect((world.exports[0] as ExportedInstance).functions).toEqual([]);
  });

  it('flattens includes and elaborates the imports exports depend on', () => {
    expect(world.imports).toEqual([
      'wasi:io/poll@0.2.0',
      'golem:rpc/types@0.1.0',
      'wasi:clocks/monotonic-clock@0.2.0',
      'golem:api/host@0.2.0',
      'wasi:io/error@0.2.0',
      'wasi:io/streams@0.2.0',
      'wasi:keyvalue/wasi-keyvalue-error@0.1.0',
      'wasi:keyvalue/types@0.1.0',
      'wasi:keyvalue/eventual@0.1.0',
      'wasi:keyvalue/atomic@0.1.0',
      'wasi:keyvalue/eventual-batch@0.1.0',
    ]);
  });

  it('resolves worlds of dependency packages by qualified name, with version', () => {
    const guest = resolveWorld(resolve, 'golem:ts/guest@0.1.0');
    expect(guest.exports).toEqual([]);
    expect(guest.imports).toContain('golem:api/host@0.2.0');
    expect(resolveWorld(resolve, 'golem:ts/guest').world).toBe('golem:ts/guest@0.1.0');
    expect(resolveWorld(resolve, 'keyvalue-handle-watch').exports.map((e) => e.name)).toEqual(['wasi:keyvalue/handle-watch@0.1.0']);
  });

  it('throws WitResolveError for unknown worlds', () => {
    expect(() => resolveWorld(resolve, 'nope')).toThrow(WitResolveError);
    expect(() => resolveWorld(resolve, 'golem:underwriting/nope')).toThrow(/Unknown world golem:underwriting\/nope \(known worlds: .*golem:underwriting\/underwriting/);
  });
});

describe('world items', () => {
  const resolve = parseWitPackages({
    'main.wit': `package t:main;
      interface shapes { record point { x: s32, y: s32 } }
      interface api { ping: func() -> string; }
      world base {
        export api;
        export run: func(times: u32);
        import log: func(msg: string);
      }
      world app {
        use shapes.{point};
        include base with { run as start }
        export tools: interface {
          use shapes.{point};
          measure: func(p: point) -> u64;
        }
        export origin: func() -> point;
      }`,
  });

  it('exports world-level functions as Function, inline interfaces by plain name, and applies include renames', () => {
    const app = resolveWorld(resolve, 'app');
    expect(app.exports.map((e) => [e.type, e.name])).toEqual([
      ['Instance', 't:main/api'],
      ['Function', 'start'],
      ['Instance', 'tools'],
      ['Function', 'origin'],
    ]);
    const origin = app.exports[3];
    expect(origin.type === 'Function' && origin.function.results).toEqual({
      kind: 'anon',
      type: {
        kind: 'record',
        name: 'point',
        fields: [
          { name: 'x', type: { kind: 's32' } },
          { name: 'y', type: { kind: 's32' } },
        ],
      },
    });
    expect(app.imports).toEqual(['t:main/shapes', 'log']);
  });

  it('reports ambiguous bare world names', () => {
    const twice = parseWitPackages({ 'a.wit': 'package t:a; world w {}', 'deps/b/b.wit': 'package t:b; world w {}', 'deps/c/c.wit': 'package t:c; world v {}' });
    expect(resolveWorld(twice, 'w').world).toBe('t:a/w');
    const noRoot = parseWitPackages({ 'deps/b/b.wit': 'package t:b; world w {}', 'deps/c/c.wit': 'package t:c; world w {}' });
    expect(() => resolveWorld(noRoot, 'w')).toThrow('World w is ambiguous: t:b/w, t:c/w');
  });
});
