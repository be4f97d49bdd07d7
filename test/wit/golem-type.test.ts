import { describe, expect, it } from 'vitest';
import {
  exportMetadata,
  formatSignature,
  formatWitType,
  parseWitPackages,
  resolveWorld,
  toGolemType,
  type ExportedInstance,
  type WitType,
} from '../../src/wit/index.ts';
import { underwritingFiles } from './wit-files.ts';

const u32: WitType = { kind: 'u32' };

describe('toGolemType', () => {
  it('maps every leaf type', () => {
    const leaves = ['bool', 's8', 'u8', 's16', 'u16', 's32', 'u32', 's64', 'u64', 'f32', 'f64', 'char', 'string'] as const;
    expect(leaves.map((kind) => toGolemType({ kind }))).toEqual(
      ['Bool', 'S8', 'U8', 'S16', 'U16', 'S32', 'U32', 'S64', 'U64', 'F32', 'F64', 'Chr', 'Str'].map((type) => ({ type })),
    );
  });

  it('maps composite types with Golem’s field names', () => {
    expect(toGolemType({ kind: 'list', element: u32 })).toEqual({ type: 'List', inner: { type: 'U32' } });
    expect(toGolemType({ kind: 'option', inner: u32 })).toEqual({ type: 'Option', inner: { type: 'U32' } });
    expect(toGolemType({ kind: 'tuple', items: [u32, { kind: 'string' }] })).toEqual({ type: 'Tuple', items: [{ type: 'U32' }, { type: 'Str' }] });
    expect(toGolemType({ kind: 'record', name: 'r', fields: [{ name: 'a-b', type: u32 }] })).toEqual({
      type: 'Record',
      cases: [{ name: 'a-b', typ: { type: 'U32' } }],
    });
    expect(toGolemType({ kind: 'variant', name: 'v', cases: [{ name: 'x', type: u32 }, { name: 'y' }] })).toEqual({
      type: 'Variant',
      cases: [{ name: 'x', typ: { type: 'U32' } }, { name: 'y' }],
    });
    expect(toGolemType({ kind: 'enum', name: 'e', cases: ['a', 'b'] })).toEqual({ type: 'Enum', cases: ['a', 'b'] });
    expect(toGolemType({ kind: 'flags', name: 'f', flags: ['r', 'w'] })).toEqual({ type: 'Flags', cases: ['r', 'w'] });
    expect(toGolemType({ kind: 'result' })).toEqual({ type: 'Result' });
    expect(toGolemType({ kind: 'result', err: u32 })).toEqual({ type: 'Result', err: { type: 'U32' } });
    expect(toGolemType({ kind: 'result', ok: u32, err: u32 })).toEqual({ type: 'Result', ok: { type: 'U32' }, err: { type: 'U32' } });
  });

  it('numbers resource handles in order of appearance', () => {
    const a = { kind: 'handle', resource: 'a', owner: 'x:y/z', mode: 'own' } as const;
    const b = { kind: 'handle', resource: 'b', owner: 'x:y/z', mode: 'borrow' } as const;
    expect(toGolemType({ kind: 'tuple', items: [a, b, { ...a, mode: 'borrow' }] })).toEqual({
      type: 'Tuple',
      items: [
        { type: 'Handle', resource_id: 0, mode: 'Owned' },
        { type: 'Handle', resource_id: 1, mode: 'Borrowed' },
        { type: 'Handle', resource_id: 0, mode: 'Borrowed' },
      ],
    });
  });
});

describe('exportMetadata', () => {
  it('describes the underwriting exports as Golem’s template metadata does', () => {
    const world = resolveWorld(parseWitPackages(underwritingFiles()), 'underwriting');
    const metadata = exportMetadata(world.exports);
    expect(metadata.map((e) => e.name)).toEqual(['golem:underwriting/types', 'golem:underwriting/api']);
    const [types, api] = metadata;
    expect(types).toEqual({ type: 'Instance', name: 'golem:underwriting/types', functions: [] });
    const uuid = { type: 'Record', cases: [{ name: 'high-bits', typ: { type: 'U64' } }, { name: 'low-bits', typ: { type: 'U64' } }] };
    const promiseId = {
      type: 'Record',
      cases: [
        {
          name: 'worker-id',
          typ: {
            type: 'Record',
            cases: [
              { name: 'template-id', typ: { type: 'Record', cases: [{ name: 'uuid', typ: uuid }] } },
              { name: 'worker-name', typ: { type: 'Str' } },
            ],
          },
        },
        { name: 'oplog-idx', typ: { type: 'U64' } },
      ],
    };
    const decision = {
      type: 'Record',
      cases: [
        { name: 'approved', typ: { type: 'Bool' } },
        { name: 'annual-premium-cents', typ: { type: 'U64' } },
        { name: 'reason', typ: { type: 'Str' } },
      ],
    };
    expect(api).toEqual({
      type: 'Instance',
      name: 'golem:underwriting/api',
      functions: [
        { name: 'use-credit-bureau', parameters: [{ name: 'url', typ: { type: 'Str' } }], results: [{ typ: { type: 'Result', err: { type: 'Str' } } }] },
        {
          name: 'submit',
          parameters: [
            {
              name: 'app',
              typ: {
                type: 'Record',
                cases: [
                  { name: 'applicant', typ: { type: 'Str' } },
                  { name: 'age', typ: { type: 'U32' } },
                  { name: 'coverage', typ: { type: 'U64' } },
                  { name: 'smoker', typ: { type: 'Bool' } },
                ],
              },
            },
          ],
          results: [
            {
              typ: {
                type: 'Result',
                ok: {
                  type: 'Record',
                  cases: [
                    { name: 'promise', typ: promiseId },
                    { name: 'risk-score', typ: { type: 'U32' } },
                    { name: 'required', typ: { type: 'List', inner: { type: 'Str' } } },
                  ],
                },
                err: { type: 'Str' },
              },
            },
          ],
        },
        { name: 'await-decision', parameters: [], results: [{ typ: { type: 'Result', ok: decision, err: { type: 'Str' } } }] },
        { name: 'decision', parameters: [], results: [{ typ: { type: 'Option', inner: decision } }] },
      ],
    });
  });

  it('lists world-level functions, named results, and a [drop] after each constructor', () => {
    const resolve = parseWitPackages({
      'x.wit': `package t:x@1.0.0;
        interface api {
          resource counter { constructor(start: u64); inc: func(by: u32) -> u64; make: static func() -> counter; }
          pair: func() -> (a: u32, b: string);
        }
        world w { export api; export run: func(); }`,
    });
    const metadata = exportMetadata(resolveWorld(resolve, 'w').exports);
    const owned = { type: 'Handle', resource_id: 0, mode: 'Owned' };
    const borrowed = { type: 'Handle', resource_id: 0, mode: 'Borrowed' };
    expect(metadata).toEqual([
      {
        type: 'Instance',
        name: 't:x/api@1.0.0',
        functions: [
          { name: '[constructor]counter', parameters: [{ name: 'start', typ: { type: 'U64' } }], results: [{ typ: owned }] },
          { name: '[drop]counter', parameters: [{ name: 'self', typ: owned }], results: [] },
          {
            name: '[method]counter.inc',
            parameters: [
              { name: 'self', typ: borrowed },
              { name: 'by', typ: { type: 'U32' } },
            ],
            results: [{ typ: { type: 'U64' } }],
          },
          { name: '[static]counter.make', parameters: [], results: [{ typ: owned }] },
          {
            name: 'pair',
            parameters: [],
            results: [
              { name: 'a', typ: { type: 'U32' } },
              { name: 'b', typ: { type: 'Str' } },
            ],
          },
        ],
      },
      { type: 'Function', name: 'run', parameters: [], results: [] },
    ]);
  });
});

describe('formatWitType and formatSignature', () => {
  const world = resolveWorld(parseWitPackages(underwritingFiles()), 'underwriting');
  const api = world.exports[1] as ExportedInstance;

  it('prints the underwriting signatures', () => {
    expect(api.functions.map((f) => `${f.name}: ${formatSignature(f)}`)).toEqual([
      'use-credit-bureau: func(url: string) -> result<_, string>',
      'submit: func(app: application) -> result<submission, string>',
      'await-decision: func() -> result<decision, string>',
      'decision: func() -> option<decision>',
    ]);
  });

  it('prints every type form', () => {
    const handle = (mode: 'own' | 'borrow'): WitType => ({ kind: 'handle', resource: 'bucket', owner: 'w:k/t', mode });
    expect(formatWitType({ kind: 'list', element: { kind: 'string' } })).toBe('list<string>');
    expect(formatWitType({ kind: 'result' })).toBe('result');
    expect(formatWitType({ kind: 'result', ok: u32 })).toBe('result<u32>');
    expect(formatWitType({ kind: 'result', err: u32 })).toBe('result<_, u32>');
    expect(formatWitType({ kind: 'tuple', items: [u32, { kind: 'char' }] })).toBe('tuple<u32, char>');
    expect(formatWitType({ kind: 'option', inner: handle('own') })).toBe('option<bucket>');
    expect(formatWitType(handle('borrow'))).toBe('borrow<bucket>');
    expect(formatWitType({ kind: 'enum', name: 'colour', cases: [] })).toBe('colour');
    expect(
      formatSignature({
        name: 'f',
        kind: 'freestanding',
        params: [{ name: 'b', type: handle('borrow') }],
        results: { kind: 'named', items: [{ name: 'n', type: u32 }] },
      }),
    ).toBe('func(b: borrow<bucket>) -> (n: u32)');
  });
});
