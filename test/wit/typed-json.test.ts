import { describe, expect, it } from 'vitest';
import {
  decodeParams,
  encodeResult,
  encodeReturn,
  errorOutcome,
  fromJson,
  JsonBigInt,
  parseJson,
  stringifyJson,
  toJson,
  TypedJsonError,
  type WitFunction,
  type WitType,
} from '../../src/wit/index.ts';

const t = {
  bool: { kind: 'bool' },
  u8: { kind: 'u8' },
  s8: { kind: 's8' },
  u16: { kind: 'u16' },
  s16: { kind: 's16' },
  u32: { kind: 'u32' },
  s32: { kind: 's32' },
  u64: { kind: 'u64' },
  s64: { kind: 's64' },
  f32: { kind: 'f32' },
  f64: { kind: 'f64' },
  char: { kind: 'char' },
  string: { kind: 'string' },
} satisfies Record<string, WitType>;

const list = (element: WitType): WitType => ({ kind: 'list', element });
const option = (inner: WitType): WitType => ({ kind: 'option', inner });
const tuple = (...items: WitType[]): WitType => ({ kind: 'tuple', items });

const application: WitType = {
  kind: 'record',
  name: 'application',
  fields: [
    { name: 'applicant', type: t.string },
    { name: 'age', type: t.u32 },
    { name: 'coverage', type: t.u64 },
    { name: 'smoker', type: t.bool },
  ],
};
const decision: WitType = {
  kind: 'record',
  name: 'decision',
  fields: [
    { name: 'approved', type: t.bool },
    { name: 'annual-premium-cents', type: t.u64 },
    { name: 'reason', type: option(t.string) },
  ],
};
const shape: WitType = {
  kind: 'variant',
  name: 'shape',
  cases: [{ name: 'circle', type: t.f64 }, { name: 'point' }, { name: 'group', type: list({ kind: 'variant', name: 'leaf', cases: [{ name: 'empty' }, { name: 'tagged', type: t.string }] }) }],
};
const colour: WitType = { kind: 'enum', name: 'colour', cases: ['red', 'dark-green'] };
const perms: WitType = { kind: 'flags', name: 'perms', flags: ['read', 'write-all', 'exec'] };
const fallible: WitType = { kind: 'result', ok: t.u32, err: t.string };

function errorsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TypedJsonError);
    expect((error as TypedJsonError).code).toBe('TYPED_JSON');
    return (error as TypedJsonError).errors;
  }
  throw new Error('expected a TypedJsonError');
}

/** JSON text → JS value → JSON text must reproduce the input. */
function roundTrip(type: WitType, text: string): unknown {
  const js = fromJson(type, parseJson(text));
  expect(stringifyJson(toJson(type, js))).toBe(text);
  return js;
}

describe('primitives', () => {
  it('round-trips bool, string and every integer type at its limits', () => {
    expect(roundTrip(t.bool, 'true')).toBe(true);
    expect(roundTrip(t.string, '"héllo \\"x\\""')).toBe('héllo "x"');
    expect(roundTrip(t.u8, '255')).toBe(255);
    expect(roundTrip(t.s8, '-128')).toBe(-128);
    expect(roundTrip(t.u16, '65535')).toBe(65535);
    expect(roundTrip(t.s16, '-32768')).toBe(-32768);
    expect(roundTrip(t.u32, '4294967295')).toBe(4294967295);
    expect(roundTrip(t.s32, '-2147483648')).toBe(-2147483648);
  });

  it('keeps u64/s64 exact beyond 2^53 through parseJson and stringifyJson', () => {
    expect(roundTrip(t.u64, '18446744073709551615')).toBe(18446744073709551615n);
    expect(roundTrip(t.u64, '9007199254740993')).toBe(9007199254740993n);
    expect(roundTrip(t.s64, '-9223372036854775808')).toBe(-9223372036854775808n);
    expect(roundTrip(t.s64, '-42')).toBe(-42n);
    expect(roundTrip(t.u64, '0')).toBe(0n);
    expect(toJson(t.u64, 2n ** 64n - 1n)).toEqual(new JsonBigInt(2n ** 64n - 1n));
    expect(toJson(t.u64, 42n)).toBe(42);
  });

  it('accepts 64-bit integers as decimal strings and bigints, not as rounded numbers', () => {
    expect(fromJson(t.u64, '18446744073709551615')).toBe(18446744073709551615n);
    expect(fromJson(t.s64, '-5')).toBe(-5n);
    expect(fromJson(t.u64, new JsonBigInt(7n))).toBe(7n);
    expect(errorsOf(() => fromJson(t.u64, 18446744073709551615, 'p'))).toEqual([
      'p: expected u64, got number 18446744073709552000, beyond 2^53 and so already rounded by JSON.parse (parse the body with parseJson, or send a decimal string)',
    ]);
    expect(errorsOf(() => fromJson(t.u32, '5', 'p'))).toEqual(['p: expected u32, got string "5"']);
  });

  it('range-checks every integer type', () => {
    expect(errorsOf(() => fromJson(t.u8, 256, 'p'))).toEqual(['p: expected u8, got number 256 (out of range 0..255)']);
    expect(errorsOf(() => fromJson(t.u32, -1, 'p'))).toEqual(['p: expected u32, got number -1 (out of range 0..4294967295)']);
    expect(errorsOf(() => fromJson(t.s8, 128, 'p'))).toEqual(['p: expected s8, got number 128 (out of range -128..127)']);
    expect(errorsOf(() => fromJson(t.u64, -1, 'p'))).toEqual(['p: expected u64, got number -1 (out of range 0..18446744073709551615)']);
    expect(errorsOf(() => fromJson(t.u64, 2n ** 64n, 'p'))).toEqual([
      'p: expected u64, got number 18446744073709551616 (out of range 0..18446744073709551615)',
    ]);
    expect(errorsOf(() => fromJson(t.s64, '9223372036854775808', 'p'))).toEqual([
      'p: expected s64, got string "9223372036854775808" (out of range -9223372036854775808..9223372036854775807)',
    ]);
    expect(errorsOf(() => fromJson(t.u16, 1.5, 'p'))).toEqual(['p: expected u16, got number 1.5 (not an integer)']);
    expect(errorsOf(() => toJson(t.u8, 300, 'r'))).toEqual(['r: expected u8, got number 300 (out of range 0..255)']);
    expect(errorsOf(() => toJson(t.u64, 1.5, 'r'))).toEqual(['r: expected u64, got number 1.5']);
  });

  it('handles floats, writing f32 in its shortest form', () => {
    expect(roundTrip(t.f64, '1.5')).toBe(1.5);
    expect(roundTrip(t.f64, '-0.1')).toBe(-0.1);
    expect(fromJson(t.f64, 100000000000000000000n)).toBe(1e20);
    expect(toJson(t.f32, Math.fround(0.1))).toBe(0.1);
    expect(roundTrip(t.f32, '3.25')).toBe(3.25);
    expect(errorsOf(() => fromJson(t.f32, 1e39, 'p'))).toEqual(['p: expected f32, got number 1e+39 (out of range)']);
    // ryu's shortest form of f32::MAX, 3.4028235e38, is above the exact maximum the decoder allows.
    expect(roundTrip(t.f32, '3.402823466e+38')).toBe(3.402823466e38);
    expect(roundTrip(t.f32, '-3.402823466e+38')).toBe(-3.402823466e38);
    expect(toJson(t.f32, 3.4028234663852886e38)).toBe(3.402823466e38);
    expect(roundTrip(t.f32, '3.4028233e+38')).toBe(3.4028233e38);
    expect(toJson(t.f64, Number.NaN)).toBeNull();
  });

  it('carries char as a code point number', () => {
    expect(roundTrip(t.char, '65')).toBe('A');
    expect(roundTrip(t.char, '128512')).toBe('😀');
    expect(errorsOf(() => fromJson(t.char, 'A', 'p'))).toEqual(['p: expected char (a Unicode scalar value as a JSON number), got string "A"']);
    expect(errorsOf(() => fromJson(t.char, 0xd800, 'p'))).toHaveLength(1);
    expect(errorsOf(() => fromJson(t.char, 0x110000, 'p'))).toHaveLength(1);
    expect(errorsOf(() => toJson(t.char, 'AB', 'r'))).toEqual(['r: expected char (a string of one Unicode scalar value), got string "AB"']);
  });

  it('rejects wrong JSON types with the path and the expected WIT type', () => {
    expect(errorsOf(() => fromJson(t.bool, 'true', 'p'))).toEqual(['p: expected bool, got string "true"']);
    expect(errorsOf(() => fromJson(t.string, 5, 'p'))).toEqual(['p: expected string, got number 5']);
    expect(errorsOf(() => fromJson(t.u32, null, 'p'))).toEqual(['p: expected u32, got null']);
  });

  it('refuses strings with a lone surrogate both ways (jco would turn it into U+FFFD)', () => {
    const problem = 'expected string, got string "\\ud800x" with a lone surrogate (a WIT string holds only Unicode scalar values)';
    expect(errorsOf(() => fromJson(t.string, parseJson('"\\ud800x"'), 'p'))).toEqual([`p: ${problem}`]);
    expect(errorsOf(() => toJson(list(t.string), ['ok', '\ud800x'], 'r'))).toEqual([`r[1]: ${problem}`]);
    expect(fromJson(t.string, parseJson('"\\ud83d\\ude00"'))).toBe('😀');
  });
});

describe('lists and tuples', () => {
  it('gives list<u8> as a Uint8Array and other numeric lists as typed arrays, as jco does', () => {
    const bytes = roundTrip(list(t.u8), '[1,2,255]');
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect([...(bytes as Uint8Array)]).toEqual([1, 2, 255]);
    expect(roundTrip(list(t.u32), '[1,4294967295]')).toBeInstanceOf(Uint32Array);
    expect(roundTrip(list(t.s64), '[-1,9223372036854775807]')).toEqual(new BigInt64Array([-1n, 9223372036854775807n]));
    expect(roundTrip(list(t.f64), '[0.5]')).toBeInstanceOf(Float64Array);
  });

  it('gives other lists as arrays', () => {
    expect(roundTrip(list(t.string), '["a","b"]')).toEqual(['a', 'b']);
    expect(roundTrip(list(t.char), '[97]')).toEqual(['a']);
    expect(roundTrip(list(list(t.bool)), '[[true],[]]')).toEqual([[true], []]);
    expect(toJson(list(t.u8), [1, 2])).toEqual([1, 2]);
    // The holes of a sparse array are missing values, not skipped ones.
    expect(errorsOf(() => toJson(list(t.bool), [, true], 'r'))).toEqual(['r[0]: expected bool, got nothing']);
    expect(stringifyJson(toJson(list(option(t.u8)), [, 1]))).toBe('[null,1]');
    expect(errorsOf(() => fromJson(list(t.u8), [, 1], 'p'))).toEqual(['p[0]: expected u8, got nothing']);
  });

  it('reports every bad element with its index', () => {
    expect(errorsOf(() => fromJson(list(t.u8), [1, 'x', 300], 'p'))).toEqual([
      'p[1]: expected u8, got string "x"',
      'p[2]: expected u8, got number 300 (out of range 0..255)',
    ]);
    expect(errorsOf(() => fromJson(list(t.u8), 'abc', 'p'))).toEqual(['p: expected list<u8>, got string "abc"']);
  });

  it('round-trips tuples and checks their length', () => {
    expect(roundTrip(tuple(t.string, t.u64), '["k",18446744073709551615]')).toEqual(['k', 18446744073709551615n]);
    expect(errorsOf(() => fromJson(tuple(t.u8, t.char), [1], 'p'))).toEqual(['p: expected tuple<u8, char> (an array of 2), got array of 1']);
  });
});

describe('options', () => {
  it('maps null to undefined and a value to itself', () => {
    expect(roundTrip(option(t.u32), 'null')).toBeUndefined();
    expect(roundTrip(option(t.u32), '7')).toBe(7);
    expect(toJson(option(t.u32), null)).toBeNull();
  });

  it('wraps the outer option of option<option<T>> in {tag}', () => {
    const nested = option(option(t.u32));
    expect(roundTrip(nested, 'null')).toEqual({ tag: 'none' });
    expect(roundTrip(nested, '5')).toEqual({ tag: 'some', val: 5 });
    // some(none) has no JSON form of its own (Golem's encoding is ambiguous there).
    expect(toJson(nested, { tag: 'some', val: undefined })).toBeNull();
    expect(errorsOf(() => toJson(nested, 5, 'r'))).toEqual(["r: expected option<option<u32>> ({tag: 'some', val} or {tag: 'none'}), got number 5"]);
  });
});

describe('results as parameters and nested values', () => {
  it('round-trips {ok} and {err} as {tag, val}', () => {
    expect(roundTrip(fallible, '{"ok":3}')).toEqual({ tag: 'ok', val: 3 });
    expect(roundTrip(fallible, '{"err":"no"}')).toEqual({ tag: 'err', val: 'no' });
  });

  it('uses null for a unit side', () => {
    expect(roundTrip({ kind: 'result' }, '{"ok":null}')).toEqual({ tag: 'ok', val: undefined });
    expect(roundTrip({ kind: 'result', err: t.string }, '{"err":"x"}')).toEqual({ tag: 'err', val: 'x' });
    expect(errorsOf(() => fromJson({ kind: 'result', err: t.string }, { ok: 1 }, 'p'))).toEqual([
      'p.ok: expected null (result<_, string> has no ok value), got number 1',
    ]);
  });

  it('checks "ok" first, then "err", and rejects anything else', () => {
    expect(fromJson(fallible, { err: 'e', ok: 1 })).toEqual({ tag: 'ok', val: 1 });
    expect(errorsOf(() => fromJson(fallible, { value: 1 }, 'p'))).toEqual([
      'p: expected result<u32, string> (an object with "ok" or "err"), got object',
    ]);
    expect(errorsOf(() => fromJson(fallible, { ok: 'x' }, 'p'))).toEqual(['p.ok: expected u32, got string "x"']);
  });
});

describe('records', () => {
  it('maps kebab-case JSON keys to camelCase JS keys and back', () => {
    const js = roundTrip(decision, '{"approved":true,"annual-premium-cents":18446744073709551615,"reason":"ok"}');
    expect(js).toEqual({ approved: true, annualPremiumCents: 18446744073709551615n, reason: 'ok' });
  });

  it('treats a missing option field as none and ignores extra keys', () => {
    expect(fromJson(decision, { approved: false, 'annual-premium-cents': 0, extra: 1 })).toEqual({
      approved: false,
      annualPremiumCents: 0n,
      reason: undefined,
    });
    expect(toJson(decision, { approved: false, annualPremiumCents: 0n })).toEqual({ approved: false, 'annual-premium-cents': 0, reason: null });
    const named: WitType = { kind: 'record', name: 'named', fields: [{ name: 'to-string', type: option(t.u32) }, { name: 'constructor', type: option(t.string) }] };
    expect(toJson(named, {})).toEqual({ 'to-string': null, constructor: null });
  });

  it('reports every missing field and every bad one', () => {
    expect(errorsOf(() => fromJson(application, { age: 'x', coverage: 1, smoker: true }, 'params[0]'))).toEqual([
      'params[0]: missing field "applicant" (record application)',
      'params[0].age: expected u32, got string "x"',
    ]);
    expect(errorsOf(() => fromJson(application, [], 'params[0]'))).toEqual(['params[0]: expected record application (a JSON object), got array of 0']);
    expect(errorsOf(() => toJson(decision, { approved: true, reason: 'x' }, 'result[0]'))).toEqual([
      'result[0]: missing field "annualPremiumCents" (record decision)',
    ]);
  });
});

describe('variants, enums and flags', () => {
  it('round-trips variants with and without payload, nested', () => {
    expect(roundTrip(shape, '{"circle":1.5}')).toEqual({ tag: 'circle', val: 1.5 });
    expect(roundTrip(shape, '{"point":null}')).toEqual({ tag: 'point' });
    expect(roundTrip(shape, '{"group":[{"empty":null},{"tagged":"x"}]}')).toEqual({
      tag: 'group',
      val: [{ tag: 'empty' }, { tag: 'tagged', val: 'x' }],
    });
  });

  it('rejects unknown cases, empty objects and payloads on unit cases', () => {
    expect(errorsOf(() => fromJson(shape, { square: 1 }, 'p'))).toEqual(['p: unknown case "square" of variant shape (cases: "circle", "point", "group")']);
    expect(errorsOf(() => fromJson(shape, {}, 'p'))).toEqual(['p: expected variant shape (an object with one case name as key), got empty object']);
    expect(errorsOf(() => fromJson(shape, { point: 1 }, 'p'))).toEqual([
      'p.point: expected null (case "point" of variant shape has no payload), got number 1',
    ]);
    expect(errorsOf(() => fromJson(shape, { group: [{ tagged: 5 }] }, 'p'))).toEqual(['p.group[0].tagged: expected string, got number 5']);
    expect(errorsOf(() => toJson(shape, { tag: 'nope' }, 'r'))).toEqual(['r: unknown case "nope" of variant shape (cases: "circle", "point", "group")']);
  });

  it('round-trips enums as their kebab-case names', () => {
    expect(roundTrip(colour, '"dark-green"')).toBe('dark-green');
    expect(errorsOf(() => fromJson(colour, 'blue', 'p'))).toEqual(['p: unknown case "blue" of enum colour (cases: "red", "dark-green")']);
    expect(errorsOf(() => fromJson(colour, 1, 'p'))).toEqual(['p: expected enum colour, got number 1']);
  });

  it('maps flag name arrays to objects with every flag in camelCase', () => {
    expect(roundTrip(perms, '["read","write-all"]')).toEqual({ read: true, writeAll: true, exec: false });
    expect(roundTrip(perms, '[]')).toEqual({ read: false, writeAll: false, exec: false });
    expect(toJson(perms, { exec: true })).toEqual(['exec']);
    const builtins: WitType = { kind: 'flags', name: 'builtins', flags: ['constructor', 'to-string', 'value-of'] };
    expect(toJson(builtins, {})).toEqual([]);
    expect(toJson(builtins, { toString: true })).toEqual(['to-string']);
    expect(errorsOf(() => fromJson(perms, ['read', 'fly'], 'p'))).toEqual(['p[1]: unknown flag "fly" of flags perms (flags: "read", "write-all", "exec")']);
    expect(errorsOf(() => fromJson(perms, 'read', 'p'))).toEqual(['p: expected flags perms (an array of flag names), got string "read"']);
  });

  it('refuses resource handles with a clear message', () => {
    const handle: WitType = { kind: 'handle', resource: 'bucket', owner: 'wasi:keyvalue/types@0.1.0', mode: 'borrow' };
    expect(errorsOf(() => fromJson(handle, 'worker://x/1', 'p'))).toEqual(['p: borrow<bucket> is a resource handle, which typed JSON cannot carry']);
    expect(errorsOf(() => toJson(handle, {}, 'r'))).toEqual(['r: borrow<bucket> is a resource handle, which typed JSON cannot carry']);
  });
});

describe('function parameters and results', () => {
  const submit: WitFunction = {
    name: 'submit',
    kind: 'freestanding',
    params: [{ name: 'app', type: application }],
    results: { kind: 'anon', type: { kind: 'result', ok: decision, err: t.string } },
  };
  const add: WitFunction = {
    name: 'add',
    kind: 'freestanding',
    params: [
      { name: 'a', type: t.u64 },
      { name: 'b', type: fallible },
    ],
    results: { kind: 'anon', type: t.u64 },
  };
  const nothing: WitFunction = { name: 'nothing', kind: 'freestanding', params: [], results: { kind: 'anon' } };
  const named: WitFunction = {
    name: 'pair',
    kind: 'freestanding',
    params: [],
    results: {
      kind: 'named',
      items: [
        { name: 'the-count', type: t.u32 },
        { name: 'label', type: t.string },
      ],
    },
  };

  it('decodes params arrays', () => {
    expect(decodeParams(submit, parseJson('[{"applicant":"Ada","age":36,"coverage":250000,"smoker":false}]'))).toEqual([
      { applicant: 'Ada', age: 36, coverage: 250000n, smoker: false },
    ]);
    expect(decodeParams(add, parseJson('[18446744073709551615, {"err":"e"}]'))).toEqual([18446744073709551615n, { tag: 'err', val: 'e' }]);
    expect(decodeParams(nothing, [])).toEqual([]);
  });

  it('uses Golem’s messages for a non-array and a wrong count', () => {
    expect(errorsOf(() => decodeParams(submit, { app: {} }))).toEqual(['Expecting an array for fn_params']);
    expect(errorsOf(() => decodeParams(submit, []))).toEqual(['Unexpected number of parameters (got 0, expected: 1)']);
  });

  it('collects errors from every parameter', () => {
    const error = (() => {
      try {
        decodeParams(add, ['x', { ok: -1 }]);
      } catch (e) {
        return e as TypedJsonError;
      }
    })();
    expect(error?.errors).toEqual(['params[0]: expected u64, got string "x"', 'params[1].ok: expected u32, got number -1 (out of range 0..4294967295)']);
    expect(error?.message).toBe('params[0]: expected u64, got string "x", params[1].ok: expected u32, got number -1 (out of range 0..4294967295)');
  });

  it('encodes an anonymous result as a one-element array and no result as []', () => {
    expect(stringifyJson(encodeResult(add, 2n ** 64n - 1n))).toBe('[18446744073709551615]');
    expect(encodeResult(nothing, undefined)).toEqual([]);
  });

  it('encodes named results as an object keyed by WIT name', () => {
    expect(encodeResult(named, [3, 'x'])).toEqual({ 'the-count': 3, label: 'x' });
    expect(encodeResult(named, { theCount: 3, label: 'x' })).toEqual({ 'the-count': 3, label: 'x' });
  });

  it('encodes a top-level result from jco’s return-or-throw convention', () => {
    const value = { approved: true, annualPremiumCents: 62_500n, reason: 'fine' };
    expect(encodeReturn(submit, { ok: true, value })).toEqual([{ ok: { approved: true, 'annual-premium-cents': 62500, reason: 'fine' } }]);
    expect(encodeResult(submit, value)).toEqual(encodeReturn(submit, { ok: true, value }));
    expect(encodeReturn(submit, { ok: false, payload: 'too young' })).toEqual([{ err: 'too young' }]);
    const unit: WitFunction = { ...nothing, results: { kind: 'anon', type: { kind: 'result' } } };
    expect(encodeReturn(unit, { ok: true, value: undefined })).toEqual([{ ok: null }]);
    expect(encodeReturn(unit, { ok: false, payload: undefined })).toEqual([{ err: null }]);
    expect(errorsOf(() => encodeReturn(submit, { ok: false, payload: 5 }))).toEqual(['result[0].err: expected string, got number 5']);
    expect(errorsOf(() => encodeReturn(add, { ok: false, payload: 'x' }))).toEqual(['add does not return a result, so it cannot fail with a payload']);
  });

  it('recognises jco’s thrown result errors', () => {
    const thrown = Object.assign(new Error('err'), { payload: 'too young' });
    expect(errorOutcome(submit, thrown)).toEqual({ ok: false, payload: 'too young' });
    expect(errorOutcome(submit, new Error('trap'))).toBeUndefined();
    expect(errorOutcome(add, thrown)).toBeUndefined();
  });

  it('checks returned values and names the result path', () => {
    expect(errorsOf(() => encodeResult(add, 'x'))).toEqual(['result[0]: expected u64, got string "x"']);
  });
});
