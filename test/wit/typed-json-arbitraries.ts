import fc from 'fast-check';
import type { IntegerKind, WitCase, WitField, WitType } from '../../src/wit/index.ts';

/**
 * fast-check arbitraries for the typed-JSON property tests: random WIT types of every kind the
 * model has (handles excepted: typed JSON cannot carry them), and for a type, random valid
 * values as a pair of the Golem typed JSON and the JS value jco uses. The JS side is written
 * here from the encoding rules, independently of src/wit, so it is an oracle, not a copy.
 */

/** A valid value of a type: its typed JSON (big integers as bigint, as parseJson gives them) and its jco JS value. */
export interface Sample {
  json: unknown;
  js: unknown;
}

export const INTEGER_KINDS: IntegerKind[] = ['s8', 'u8', 's16', 'u16', 's32', 'u32', 's64', 'u64'];
const LEAF_KINDS = ['bool', ...INTEGER_KINDS, 'f32', 'f64', 'char', 'string'] as const;

export const RANGES: Record<IntegerKind, [bigint, bigint]> = {
  s8: [-128n, 127n],
  u8: [0n, 255n],
  s16: [-32768n, 32767n],
  u16: [0n, 65535n],
  s32: [-2147483648n, 2147483647n],
  u32: [0n, 4294967295n],
  s64: [-(2n ** 63n), 2n ** 63n - 1n],
  u64: [0n, 2n ** 64n - 1n],
};

/** The largest finite f32, exactly. */
export const F32_MAX = 3.4028234663852886e38;

/** Names that are also properties of every JS object or of jco's `{tag, val}` shapes. */
const TRICKY_NAMES = ['constructor', 'to-string', 'value-of', 'has-own-property', 'is-prototype-of', 'tag', 'val', 'ok', 'err', 'length', 'proto'];

/** A WIT identifier: kebab-case words, each all lower case or all upper case (`TTL-ms`). */
export const witName: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(...TRICKY_NAMES) },
  {
    weight: 4,
    arbitrary: fc
      .array(fc.oneof({ weight: 5, arbitrary: fc.stringMatching(/^[a-z][a-z0-9]{0,4}$/) }, { weight: 1, arbitrary: fc.stringMatching(/^[A-Z][A-Z0-9]{0,3}$/) }), {
        minLength: 1,
        maxLength: 3,
      })
      .map((words) => words.join('-')),
  },
);

/** Names within one record, variant, enum or flags type must differ ignoring case (the component model's rule). */
const uniqueNames = <T>(item: fc.Arbitrary<T>, nameOf: (t: T) => string, maxLength: number): fc.Arbitrary<T[]> =>
  fc.uniqueArray(item, { minLength: 1, maxLength, selector: (t) => nameOf(t).toLowerCase() });

/** jco's JS key for a field or flag, written out from the rule (lower camel case of the kebab words). */
export function camel(name: string): string {
  return name.toLowerCase().replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Random WIT types nested up to `maxDepth` levels. */
export function witType(maxDepth = 4): fc.Arbitrary<WitType> {
  return fc.letrec<{ type: WitType; leaf: WitType }>((tie) => {
    const inner = tie('type');
    return {
      type: fc.oneof(
        { maxDepth, depthIdentifier: 'wit-type', withCrossShrink: true },
        { weight: 3, arbitrary: tie('leaf') },
        inner.map((element): WitType => ({ kind: 'list', element })),
        inner.map((t): WitType => ({ kind: 'option', inner: t })),
        fc.tuple(fc.option(inner, { nil: undefined }), fc.option(inner, { nil: undefined })).map(([ok, err]): WitType => ({
          kind: 'result',
          ...(ok ? { ok } : {}),
          ...(err ? { err } : {}),
        })),
        fc.array(inner, { minLength: 1, maxLength: 3 }).map((items): WitType => ({ kind: 'tuple', items })),
        fc
          .tuple(witName, uniqueNames(fc.record({ name: witName, type: inner }), (f) => f.name, 4))
          .map(([name, fields]): WitType => ({ kind: 'record', name, fields: fields as WitField[] })),
        fc
          .tuple(
            witName,
            uniqueNames(
              fc.tuple(witName, fc.option(inner, { nil: undefined })).map(([name, type]): WitCase => (type ? { name, type } : { name })),
              (c) => c.name,
              4,
            ),
          )
          .map(([name, cases]): WitType => ({ kind: 'variant', name, cases })),
        fc.tuple(witName, uniqueNames(witName, (n) => n, 4)).map(([name, cases]): WitType => ({ kind: 'enum', name, cases })),
        fc.tuple(witName, uniqueNames(witName, (n) => n, 5)).map(([name, flags]): WitType => ({ kind: 'flags', name, flags })),
      ),
      leaf: fc.constantFrom(...LEAF_KINDS).map((kind): WitType => ({ kind })),
    };
  }).type;
}

/** A random type together with a random valid value of it. */
export function typedSample(maxDepth = 4): fc.Arbitrary<{ type: WitType; sample: Sample }> {
  return witType(maxDepth).chain((type) => sampleOf(type).map((sample) => ({ type, sample })));
}

const same = (value: unknown): Sample => ({ json: value, js: value });

/** The shortest decimal that reads back as the f32 `f` and stays within ±f32::MAX (what Golem accepts). */
export function shortestF32(f: number): number {
  for (let digits = 1; digits <= 17; digits++) {
    const candidate = Number(f.toPrecision(digits));
    if (Math.fround(candidate) === f && Math.abs(candidate) <= F32_MAX) return candidate;
  }
  throw new Error(`no decimal form for f32 ${f}`);
}

/** JSON has no negative zero in the codec's output (stringifyJson writes -0 as 0, like JSON.stringify). */
const noNegativeZero = (n: number): number => (n === 0 ? 0 : n);

const TYPED_ARRAYS: Partial<Record<WitType['kind'], { from(items: unknown[]): unknown }>> = {
  s8: Int8Array,
  u8: Uint8Array,
  s16: Int16Array,
  u16: Uint16Array,
  s32: Int32Array,
  u32: Uint32Array,
  s64: BigInt64Array as unknown as { from(items: unknown[]): unknown },
  u64: BigUint64Array as unknown as { from(items: unknown[]): unknown },
  f32: Float32Array,
  f64: Float64Array,
};

/** Random valid values of `type`. */
export function sampleOf(type: WitType): fc.Arbitrary<Sample> {
  switch (type.kind) {
    case 'bool':
      return fc.boolean().map(same);
    case 's64':
    case 'u64': {
      const [min, max] = RANGES[type.kind];
      return fc.bigInt(min, max).map((n) => ({ json: n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n, js: n }));
    }
    case 's8':
    case 'u8':
    case 's16':
    case 'u16':
    case 's32':
    case 'u32': {
      const [min, max] = RANGES[type.kind];
      return fc.integer({ min: Number(min), max: Number(max) }).map(same);
    }
    case 'f64':
      return fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => same(noNegativeZero(d)));
    case 'f32':
      return fc.float({ noNaN: true, noDefaultInfinity: true }).map((f) => same(noNegativeZero(shortestF32(f))));
    case 'char':
      return fc
        .oneof(fc.integer({ min: 0, max: 0xd7ff }), fc.integer({ min: 0xe000, max: 0x10ffff }), fc.constantFrom(0, 0xd7ff, 0xe000, 0xfffd, 0x10000, 0x10ffff))
        .map((code) => ({ json: code, js: String.fromCodePoint(code) }));
    case 'string':
      return fc.oneof(fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 3 })).map(same);
    case 'list':
      return fc.array(sampleOf(type.element), { maxLength: 3 }).map((items) => {
        const js = items.map((s) => s.js);
        const typed = TYPED_ARRAYS[type.element.kind];
        return { json: items.map((s) => s.json), js: typed ? typed.from(js) : js };
      });
    case 'option': {
      const nested = type.inner.kind === 'option';
      const none: Sample = { json: null, js: nested ? { tag: 'none' } : undefined };
      // A some whose JSON is null would read back as none: option<option<T>> has no JSON for some(none).
      const some = sampleOf(type.inner)
        .filter((s) => s.json !== null)
        .map((s) => ({ json: s.json, js: nested ? { tag: 'some', val: s.js } : s.js }));
      return fc.oneof(fc.constant(none), some);
    }
    case 'result': {
      const side = (tag: 'ok' | 'err'): fc.Arbitrary<Sample> => {
        const payload = type[tag] ? sampleOf(type[tag]) : fc.constant<Sample>({ json: null, js: undefined });
        return payload.map((s) => ({ json: { [tag]: s.json }, js: { tag, val: s.js } }));
      };
      return fc.oneof(side('ok'), side('err'));
    }
    case 'tuple':
      return fc.tuple(...type.items.map(sampleOf)).map((items) => ({ json: items.map((s) => s.json), js: items.map((s) => s.js) }));
    case 'record':
      return fc.tuple(...type.fields.map((f) => sampleOf(f.type))).map((values) => ({
        json: Object.fromEntries(type.fields.map((f, i) => [f.name, values[i].json])),
        js: Object.fromEntries(type.fields.map((f, i) => [camel(f.name), values[i].js])),
      }));
    case 'variant':
      return fc.oneof(
        ...type.cases.map((c) =>
          c.type
            ? sampleOf(c.type).map((s) => ({ json: { [c.name]: s.json }, js: { tag: c.name, val: s.js } }))
            : fc.constant({ json: { [c.name]: null }, js: { tag: c.name } }),
        ),
      );
    case 'enum':
      return fc.constantFrom(...type.cases).map(same);
    case 'flags':
      return fc.subarray(type.flags).map((set) => ({ json: set, js: Object.fromEntries(type.flags.map((f) => [camel(f), set.includes(f)])) }));
    case 'handle':
      throw new Error('typed JSON has no values for resource handles');
  }
}
