import { describe, expect, it } from 'vitest';
import { findFunction, parseFunctionName, type WitFunction, type WorldExport, type WitType } from '../../src/wit/index.ts';

describe('parseFunctionName', () => {
  it('splits template-era names by their slashes', () => {
    expect(parseFunctionName('run')).toEqual({ instance: null, function: 'run' });
    expect(parseFunctionName('iface/fn1')).toEqual({ instance: 'iface', function: 'fn1' });
    expect(parseFunctionName('golem:underwriting/api/submit')).toEqual({ instance: 'golem:underwriting/api', function: 'submit' });
    expect(parseFunctionName('wasi:cli/run@0.2.0/run')).toEqual({ instance: 'wasi:cli/run@0.2.0', function: 'run' });
    expect(parseFunctionName('golem:it/api/counter/inc')).toEqual({ instance: 'golem:it/api', resource: 'counter', function: 'inc' });
    expect(parseFunctionName('golem:it/api/[method]counter.inc')).toEqual({ instance: 'golem:it/api', function: '[method]counter.inc' });
    expect(parseFunctionName('a/b/c/d/e')).toEqual({ instance: null, function: 'a/b/c/d/e' });
  });

  it('accepts the later `instance.{function}` form', () => {
    expect(parseFunctionName('golem:underwriting/api.{submit}')).toEqual({ instance: 'golem:underwriting/api', function: 'submit' });
    expect(parseFunctionName('golem:it/api.{counter.new}')).toEqual({ instance: 'golem:it/api', resource: 'counter', function: 'new' });
    expect(parseFunctionName('golem:it/api.{[static]counter.make}')).toEqual({ instance: 'golem:it/api', function: '[static]counter.make' });
  });
});

describe('findFunction', () => {
  const handle = (mode: 'own' | 'borrow'): WitType => ({ kind: 'handle', resource: 'counter', owner: 'golem:it/api', mode });
  const fn = (name: string, kind: WitFunction['kind'] = 'freestanding'): WitFunction => ({
    name,
    kind,
    resource: kind === 'freestanding' ? undefined : 'counter',
    params: kind === 'method' ? [{ name: 'self', type: handle('borrow') }] : [],
    results: kind === 'constructor' ? { kind: 'anon', type: handle('own') } : { kind: 'anon' },
  });
  const exports: WorldExport[] = [
    {
      type: 'Instance',
      name: 'golem:it/api',
      interface: undefined as never,
      functions: [fn('add-item'), fn('[constructor]counter', 'constructor'), fn('[method]counter.inc', 'method'), fn('[static]counter.make', 'static')],
    },
    { type: 'Function', name: 'run', function: fn('run') },
  ];

  it('finds instance and world-level functions', () => {
    expect(findFunction(exports, 'golem:it/api/add-item')?.name).toBe('add-item');
    expect(findFunction(exports, 'golem:it/api.{add-item}')?.name).toBe('add-item');
    expect(findFunction(exports, 'run')?.name).toBe('run');
  });

  it('returns null for unknown names, and for world-level functions addressed through an instance', () => {
    expect(findFunction(exports, 'golem:it/api/nope')).toBeNull();
    expect(findFunction(exports, 'golem:it/other/add-item')).toBeNull();
    expect(findFunction(exports, 'golem:it/run')).toBeNull();
    expect(findFunction(exports, 'add-item')).toBeNull();
  });

  it('resolves resource sugar like Golem', () => {
    expect(findFunction(exports, 'golem:it/api/counter/new')?.name).toBe('[constructor]counter');
    expect(findFunction(exports, 'golem:it/api/counter/inc')?.name).toBe('[method]counter.inc');
    expect(findFunction(exports, 'golem:it/api/counter/make')?.name).toBe('[static]counter.make');
    expect(findFunction(exports, 'golem:it/api.{counter.inc}')?.name).toBe('[method]counter.inc');
    const drop = findFunction(exports, 'golem:it/api/counter/drop');
    expect(drop).toEqual({ name: '[drop]counter', kind: 'method', resource: 'counter', params: [{ name: 'self', type: handle('own') }], results: { kind: 'anon' } });
    expect(findFunction(exports, 'golem:it/api/[drop]counter')).toEqual(drop);
  });
});
