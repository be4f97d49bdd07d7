import { describe, expect, it } from 'vitest';
import { parseWitPackages, WitParseError, type RecordType, type WitInterface, type WitResolve, type WitType } from '../../src/wit/index.ts';
import { underwritingFiles } from './wit-files.ts';

function iface(resolve: WitResolve, qualifiedName: string): WitInterface {
  const found = resolve.interfaces.get(qualifiedName);
  if (!found) throw new Error(`no interface ${qualifiedName}`);
  return found;
}

function record(type: WitType | undefined): RecordType {
  if (type?.kind !== 'record') throw new Error(`expected a record, got ${type?.kind}`);
  return type;
}

function parseError(files: Record<string, string>): WitParseError {
  try {
    parseWitPackages(files);
  } catch (error) {
    expect(error).toBeInstanceOf(WitParseError);
    return error as WitParseError;
  }
  throw new Error('expected a WitParseError');
}

describe('parseWitPackages on the real WIT', () => {
  const resolve = parseWitPackages(underwritingFiles());

  it('finds every package, the root being the component’s own', () => {
    expect([...resolve.packages.keys()].sort()).toEqual([
      'golem:api@0.2.0',
      'golem:rpc@0.1.0',
      'golem:ts@0.1.0',
      'golem:underwriting',
      'wasi:clocks@0.2.0',
      'wasi:io@0.2.0',
      'wasi:keyvalue@0.1.0',
    ]);
    expect(resolve.root).toBe('golem:underwriting');
  });

  it('merges a package spread over files, only one of which has the package line', () => {
    const keyvalue = resolve.packages.get('wasi:keyvalue@0.1.0')!;
    expect([...keyvalue.interfaces.keys()].sort()).toEqual([
      'atomic',
      'cache',
      'eventual',
      'eventual-batch',
      'handle-watch',
      'types',
      'wasi-keyvalue-error',
    ]);
    expect([...keyvalue.worlds.keys()]).toEqual(['imports', 'keyvalue-handle-watch']);
  });

  it('resolves submit’s parameter to the application record', () => {
    const submit = iface(resolve, 'golem:underwriting/api').functions.find((f) => f.name === 'submit')!;
    expect(submit.params).toEqual([
      {
        name: 'app',
        type: {
          kind: 'record',
          name: 'application',
          fields: [
            { name: 'applicant', type: { kind: 'string' } },
            { name: 'age', type: { kind: 'u32' } },
            { name: 'coverage', type: { kind: 'u64' } },
            { name: 'smoker', type: { kind: 'bool' } },
          ],
        },
      },
    ]);
    expect(submit.results.kind).toBe('anon');
  });

  it('follows use across packages: submission.promise is golem:api’s promise-id', () => {
    const submission = record(iface(resolve, 'golem:underwriting/types').types.get('submission'));
    const promise = record(submission.fields.find((f) => f.name === 'promise')!.type);
    expect(promise.name).toBe('promise-id');
    const workerId = record(promise.fields.find((f) => f.name === 'worker-id')!.type);
    expect(workerId.fields.map((f) => f.name)).toEqual(['template-id', 'worker-name']);
    // `type oplog-index = u64` is resolved away.
    expect(promise.fields.find((f) => f.name === 'oplog-idx')!.type).toEqual({ kind: 'u64' });
    // The same definition is the same object wherever it is used.
    expect(promise).toBe(iface(resolve, 'golem:api/host@0.2.0').types.get('promise-id'));
  });

  it('keeps the defining name behind `use ... as`', () => {
    const api = iface(resolve, 'golem:underwriting/api');
    const decision = api.types.get('underwriting-decision');
    expect(record(decision).name).toBe('decision');
    const awaitDecision = api.functions.find((f) => f.name === 'await-decision')!;
    expect(awaitDecision.results).toEqual({ kind: 'anon', type: { kind: 'result', ok: decision, err: { kind: 'string' } } });
    const decisionFn = api.functions.find((f) => f.name === 'decision')!;
    expect(decisionFn.results).toEqual({ kind: 'anon', type: { kind: 'option', inner: decision } });
  });

  it('records resources with constructor, methods and statics', () => {
    const types = iface(resolve, 'wasi:keyvalue/types@0.1.0');
    const bucket = types.resources.get('bucket')!;
    expect(bucket.statics.map((f) => f.name)).toEqual(['[static]bucket.open-bucket']);
    expect(bucket.statics[0].results).toEqual({
      kind: 'anon',
      type: {
        kind: 'result',
        ok: { kind: 'handle', resource: 'bucket', owner: 'wasi:keyvalue/types@0.1.0', mode: 'own' },
        err: { kind: 'handle', resource: 'error', owner: 'wasi:keyvalue/wasi-keyvalue-error@0.1.0', mode: 'own' },
      },
    });
    const incoming = types.resources.get('incoming-value')!;
    expect(incoming.methods.map((f) => f.name)).toEqual([
      '[method]incoming-value.incoming-value-consume-sync',
      '[method]incoming-value.incoming-value-consume-async',
      '[method]incoming-value.incoming-value-size',
    ]);
    expect(incoming.methods[0].params[0]).toEqual({
      name: 'self',
      type: { kind: 'handle', resource: 'incoming-value', owner: 'wasi:keyvalue/types@0.1.0', mode: 'borrow' },
    });
    // Aliases of resources (`type outgoing-value-body-async = output-stream`) are resources too.
    expect(types.resources.get('outgoing-value-body-async')?.name).toBe('output-stream');
    const getWorkers = iface(resolve, 'golem:api/host@0.2.0').resources.get('get-workers')!;
    expect(getWorkers.constructorFunction?.name).toBe('[constructor]get-workers');
    expect(getWorkers.constructorFunction?.results).toEqual({
      kind: 'anon',
      type: { kind: 'handle', resource: 'get-workers', owner: 'golem:api/host@0.2.0', mode: 'own' },
    });
  });

  it('records interface dependencies by qualified name', () => {
    expect(iface(resolve, 'golem:api/host@0.2.0').dependencies).toEqual(['golem:rpc/types@0.1.0', 'wasi:clocks/monotonic-clock@0.2.0']);
    expect(iface(resolve, 'golem:underwriting/api').dependencies).toEqual(['golem:underwriting/types']);
  });
});

describe('WIT syntax', () => {
  const pkg = (body: string): WitResolve => parseWitPackages({ 'x.wit': `package t:x@1.0.0;\n${body}` });
  const fns = (body: string) => iface(pkg(body), 't:x/i@1.0.0').functions;

  it('parses every primitive, float32/float64 included', () => {
    const resolve = pkg(`
      interface i {
        type alias = list<u8>;
        record r { a: bool, b: s8, c: u8, d: s16, e: u16, f: s32, g: u32, h: s64, i: u64, j: f32, k: f64, l: float32, m: float64, n: char, o: string, }
      }`);
    const r = record(iface(resolve, 't:x/i@1.0.0').types.get('r'));
    expect(r.fields.map((f) => f.type.kind)).toEqual(['bool', 's8', 'u8', 's16', 'u16', 's32', 'u32', 's64', 'u64', 'f32', 'f64', 'f32', 'f64', 'char', 'string']);
  });

  it('resolves params of every kind', () => {
    const [all] = fns(`
      interface i {
        type alias = list<u8>;
        variant v { none-case, with-payload(option<u32>), }
        enum e { one, two-three }
        flags f { read, write, }
        resource res;
        all: func(a: alias, b: option<option<u32>>, c: result, d: result<u8>, e: result<_, string>, f: result<u8, string>,
                  g: tuple<u8, string>, h: borrow<res>, i: own<res>, j: res, k: v, l: e, m: f);
      }`);
    const types = Object.fromEntries(all.params.map((p) => [p.name, p.type]));
    expect(types.a).toEqual({ kind: 'list', element: { kind: 'u8' } });
    expect(types.b).toEqual({ kind: 'option', inner: { kind: 'option', inner: { kind: 'u32' } } });
    expect(types.c).toEqual({ kind: 'result' });
    expect(types.d).toEqual({ kind: 'result', ok: { kind: 'u8' } });
    expect(types.e).toEqual({ kind: 'result', err: { kind: 'string' } });
    expect(types.f).toEqual({ kind: 'result', ok: { kind: 'u8' }, err: { kind: 'string' } });
    expect(types.g).toEqual({ kind: 'tuple', items: [{ kind: 'u8' }, { kind: 'string' }] });
    expect(types.h).toEqual({ kind: 'handle', resource: 'res', owner: 't:x/i@1.0.0', mode: 'borrow' });
    expect(types.i).toEqual({ kind: 'handle', resource: 'res', owner: 't:x/i@1.0.0', mode: 'own' });
    expect(types.j).toEqual(types.i);
    expect(types.k).toEqual({
      kind: 'variant',
      name: 'v',
      cases: [{ name: 'none-case' }, { name: 'with-payload', type: { kind: 'option', inner: { kind: 'u32' } } }],
    });
    expect(types.l).toEqual({ kind: 'enum', name: 'e', cases: ['one', 'two-three'] });
    expect(types.m).toEqual({ kind: 'flags', name: 'f', flags: ['read', 'write'] });
    expect(all.results).toEqual({ kind: 'anon' });
  });

  it('parses named results, %-escaped names, comments and feature gates', () => {
    const resolve = pkg(`
      /* block /* nested */ comment */
      @since(version = 1.0.0)
      interface i {
        /// doc comment
        @unstable(feature = fancy)
        record %record { %type: u32, %list: string } // trailing comment
        @deprecated(version = 1.0.0)
        pair: func() -> (a: u32, b: %record);
        %use: func(%func: u8);
        type: func();
      }`);
    const [pair, useFn, typeFn] = iface(resolve, 't:x/i@1.0.0').functions;
    expect(pair.results).toEqual({
      kind: 'named',
      items: [
        { name: 'a', type: { kind: 'u32' } },
        {
          name: 'b',
          type: {
            kind: 'record',
            name: 'record',
            fields: [
              { name: 'type', type: { kind: 'u32' } },
              { name: 'list', type: { kind: 'string' } },
            ],
          },
        },
      ],
    });
    expect(useFn.name).toBe('use');
    expect(useFn.params[0].name).toBe('func');
    expect(typeFn.name).toBe('type');
  });

  it('resolves names used before their definition and top-level use aliases', () => {
    const resolve = parseWitPackages({
      'a.wit': `package t:a;
        use t:b/shared@2.0.0 as other;
        interface i {
          use other.{thing as renamed};
          get: func() -> later;
          record later { x: renamed }
        }`,
      'deps/b/b.wit': 'package t:b@2.0.0; interface shared { type thing = s64; }',
    });
    const get = iface(resolve, 't:a/i').functions[0];
    expect(get.results).toEqual({ kind: 'anon', type: { kind: 'record', name: 'later', fields: [{ name: 'x', type: { kind: 's64' } }] } });
    expect(iface(resolve, 't:a/i').dependencies).toEqual(['t:b/shared@2.0.0']);
  });

  it('accepts nested package blocks and deps given as single files', () => {
    const resolve = parseWitPackages({
      'main.wit': 'package t:main; interface i { use t:nested/n.{x}; f: func(a: x); } package t:nested { interface n { type x = u16; } }',
      'deps/single.wit': 'package t:single@0.1.0; interface s { }',
    });
    expect(iface(resolve, 't:main/i').functions[0].params[0].type).toEqual({ kind: 'u16' });
    expect(resolve.packages.has('t:single@0.1.0')).toBe(true);
  });
});

describe('WIT errors carry file:line:col', () => {
  it('reports a syntax error with its position', () => {
    const error = parseError({ 'bad.wit': 'package t:x;\ninterface i {\n  f: func(a: u32 -> u8;\n}\n' });
    expect(error.code).toBe('WIT_PARSE');
    expect(error.location).toEqual({ file: 'bad.wit', line: 3, col: 18 });
    expect(error.message).toBe('bad.wit:3:18: expected `)`, found `->`');
  });

  it('reports an unknown type where it is used', () => {
    const error = parseError({ 'x.wit': 'package t:x;\n\ninterface i {\n    f: func() -> nope;\n}' });
    expect(error.message).toBe('x.wit:4:18: unknown type `nope` in t:x/i');
  });

  it('reports a use of a missing name, a missing package and a missing interface', () => {
    expect(parseError({ 'x.wit': 'package t:x;\ninterface a {}\ninterface b { use a.{gone}; }' }).message).toBe(
      'x.wit:3:22: interface t:x/a has no type `gone`',
    );
    expect(parseError({ 'x.wit': 'package t:x;\ninterface b { use t:y/c@1.0.0.{z}; }' }).message).toBe(
      'x.wit:2:19: package t:y@1.0.0 not found (known packages: t:x)',
    );
    expect(parseError({ 'x.wit': 'package t:x;\nworld w {\n  import missing;\n}' }).message).toBe(
      'x.wit:3:10: unknown interface `missing` in package t:x',
    );
  });

  it('reports unterminated comments, bad identifiers and cycles', () => {
    expect(parseError({ 'x.wit': 'package t:x;\n/* never closed' }).message).toBe('x.wit:2:1: unterminated block comment');
    expect(parseError({ 'x.wit': 'package t:x;\ninterface i { f: func(Bad: u8); }' }).message).toBe(
      'x.wit:2:23: invalid identifier `Bad`: word `Bad` mixes upper and lower case',
    );
    expect(parseError({ 'x.wit': 'package t:x;\ninterface i {\n type a = b;\n type b = a;\n}' }).message).toMatch(
      /^x\.wit:\d+:\d+: type `[ab]` refers to itself$/,
    );
    expect(parseError({ 'x.wit': 'package t:x;\nworld a { include b; }\nworld b { include a; }' }).message).toMatch(/includes itself/);
  });

  it('reports a dependency without a package line', () => {
    const error = parseError({ 'x.wit': 'package t:x;', 'deps/d/d.wit': 'interface i {}' });
    expect(error.message).toBe('no `package` declaration in any file of deps/d (deps/d/d.wit)');
  });

  it('reports duplicate definitions and borrow of a non-resource', () => {
    expect(parseError({ 'x.wit': 'package t:x;\ninterface i { type a = u8; type a = u16; }' }).message).toBe(
      'x.wit:2:28: `a` is defined twice in t:x/i',
    );
    expect(parseError({ 'x.wit': 'package t:x;\ninterface i { record r { a: u8 } f: func(a: borrow<r>); }' }).message).toBe(
      'x.wit:2:52: `r` is not a resource, so it cannot be used in borrow<...>',
    );
  });
});

describe('unsupported WIT', () => {
  it('names what is not supported', () => {
    const wit = (body: string) => parseError({ 'x.wit': `package t:x;\ninterface i {\n${body}\n}` }).message;
    expect(wit('f: func(a: list<u8, 4>);')).toBe('x.wit:3:21: fixed-size lists are not supported');
    expect(wit('f: func(a: stream<u8>);')).toBe('x.wit:3:12: stream types are not supported');
    expect(wit('f: async func();')).toBe('x.wit:3:4: async functions are not supported');
  });
});
