import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeParams, fromJson, parseJson, stringifyJson, toJson, TypedJsonError, type WitFunction, type WitType } from '../../src/wit/index.ts';
import { camel, F32_MAX, typedSample, witType } from './typed-json-arbitraries.ts';
import { mutationsOf, sitesOf, UNKNOWN_NAME } from './typed-json-mutations.ts';

/**
 * Property-based tests of the typed-JSON codec (src/wit/from-json.ts, to-json.ts, json.ts):
 * random WIT types and values round-trip exactly, and broken JSON is rejected with an error
 * naming where. Seeded, so a failure reproduces; fast-check prints the seed and the shrunk
 * counterexample. To hunt further locally, set TYPED_JSON_SEED (another seed) and
 * TYPED_JSON_RUNS (a multiplier of the run counts).
 */
const SEED = Number(process.env.TYPED_JSON_SEED ?? 20_261_129);
const SCALE = Number(process.env.TYPED_JSON_RUNS ?? 1);
const runs = (numRuns: number, offset: number): fc.Parameters<unknown> => ({ seed: SEED + offset, numRuns: Math.ceil(numRuns * SCALE) });

/** The problems a TypedJsonError lists; any other outcome (no error, another exception) fails. */
function typedJsonErrors(run: () => unknown): string[] {
  let result: unknown;
  try {
    result = run();
  } catch (error) {
    if (error instanceof TypedJsonError) return error.errors;
    throw new Error(`expected a TypedJsonError, got ${String(error)}`, { cause: error });
  }
  throw new Error(`expected a TypedJsonError, but it decoded to ${String(stringifyJson(result) ?? result)}`);
}

/**
 * A JS value written out exactly: typed array classes, bigint vs number, -0, undefined members
 * and holes all show. (toStrictEqual compares `.constructor`, which misleads for a record field
 * named `constructor`.)
 */
function shape(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (ArrayBuffer.isView(value)) return `${Object.prototype.toString.call(value)}[${Array.from(value as unknown as ArrayLike<unknown>, shape).join(',')}]`;
  if (Array.isArray(value)) return `[${Array.from({ length: value.length }, (_, i) => (i in value ? shape(value[i]) : 'hole')).join(',')}]`;
  if (Object.getPrototypeOf(value) !== Object.prototype) return `unexpected ${Object.prototype.toString.call(value)}`;
  const entries = Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${shape((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

/** The text the server would receive for a JSON value (big integers as bare digits). */
const text = (json: unknown): string => stringifyJson(json)!;

describe('valid values round-trip', () => {
  it('JSON text → decode gives jco’s value → encode gives the same text', () => {
    fc.assert(
      fc.property(typedSample(), ({ type, sample }) => {
        const body = text(sample.json);
        const js = fromJson(type, parseJson(body));
        expect(shape(js)).toBe(shape(sample.js));
        expect(text(toJson(type, js))).toBe(body);
        expect(text(toJson(type, sample.js))).toBe(body);
      }),
      runs(300, 1),
    );
  });

  it('plain JSON.stringify of the encoding (64-bit integers beyond 2^53 as decimal strings) decodes to the same value', () => {
    fc.assert(
      fc.property(typedSample(), ({ type, sample }) => {
        const viaPlainJson = JSON.parse(JSON.stringify(toJson(type, sample.js)));
        expect(shape(fromJson(type, viaPlainJson))).toBe(shape(sample.js));
      }),
      runs(200, 2),
    );
  });

  it('keeps every u64 and s64 exact through stringifyJson and parseJson', () => {
    const u64: WitType = { kind: 'u64' };
    const s64: WitType = { kind: 's64' };
    fc.assert(
      fc.property(fc.bigInt(0n, 2n ** 64n - 1n), fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n), (u, s) => {
        const body = `[${u},${s}]`;
        const pair: WitType = { kind: 'tuple', items: [u64, s64] };
        expect(fromJson(pair, parseJson(body))).toStrictEqual([u, s]);
        expect(text(toJson(pair, [u, s]))).toBe(body);
      }),
      runs(300, 3),
    );
  });

  it('ignores extra record keys and keys after a variant’s case, and reads a missing option field as none', () => {
    fc.assert(
      fc.property(typedSample(), ({ type, sample }) => {
        expect(shape(fromJson(type, parseJson(text(loosen(type, sample.json)))))).toBe(shape(sample.js));
      }),
      runs(200, 4),
    );
  });

  it('encodes JS values that leave out none fields and unset flags as jco’s lowering reads them', () => {
    fc.assert(
      fc.property(typedSample(), ({ type, sample }) => {
        expect(text(toJson(type, sparse(type, sample.js)))).toBe(text(sample.json));
      }),
      runs(200, 5),
    );
  });
});

describe('floats', () => {
  const f32: WitType = { kind: 'f32' };
  const f64: WitType = { kind: 'f64' };

  it('f32: any number in range decodes as sent and encodes as the shortest decimal of its f32, which decodes again', () => {
    fc.assert(
      fc.property(fc.double({ min: -F32_MAX, max: F32_MAX, noNaN: true }), (d) => {
        expect(fromJson(f32, d)).toBe(d);
        const written = toJson(f32, d) as number;
        // === rather than Object.is: the codec writes a zero without its sign (see stringifyJson).
        expect(Math.fround(written) === Math.fround(d)).toBe(true);
        expect(Math.abs(written)).toBeLessThanOrEqual(F32_MAX);
        expect(String(written).length).toBeLessThanOrEqual(String(Math.fround(d)).length);
        expect(toJson(f32, fromJson(f32, parseJson(text(written))))).toBe(written);
      }),
      runs(500, 6),
    );
  });

  it('f32: the extremes are written in a form the decoder accepts', () => {
    for (const extreme of [F32_MAX, -F32_MAX, 2 ** -149, -(2 ** -149), 2 ** -126]) {
      const written = toJson(f32, extreme) as number;
      expect(Math.fround(fromJson(f32, parseJson(text(written))) as number)).toBe(extreme);
    }
  });

  it('f32: numbers beyond ±f32::MAX are rejected, as Golem rejects them', () => {
    fc.assert(
      fc.property(fc.double({ min: 3.4028235e38, noDefaultInfinity: true, noNaN: true }), fc.boolean(), (d, negative) => {
        const errors = typedJsonErrors(() => fromJson(f32, negative ? -d : d, 'p'));
        expect(errors).toHaveLength(1);
        expect(errors[0]).toMatch(/^p: expected f32, got number .* \(out of range\)$/);
      }),
      runs(100, 7),
    );
  });

  it('NaN and ±Infinity are written as null (as serde_json does) and are never accepted', () => {
    const nonFinite = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);
    fc.assert(
      fc.property(nonFinite, fc.constantFrom(f32, f64), (x, type) => {
        expect(toJson(type, x)).toBeNull();
        expect(text(toJson({ kind: 'list', element: type }, [1, x]))).toBe('[1,null]');
        expect(typedJsonErrors(() => fromJson(type, x, 'p'))).toHaveLength(1);
        expect(typedJsonErrors(() => fromJson(type, null, 'p'))).toEqual([`p: expected ${type.kind}, got null`]);
      }),
      runs(20, 8),
    );
    expect(typedJsonErrors(() => fromJson(f64, parseJson('1e400'), 'p'))).toEqual(['p: expected f64, got number Infinity (out of range)']);
  });
});

describe('invalid JSON is rejected with the path', () => {
  const mutated = typedSample().chain(({ type, sample }) => {
    const sites = sitesOf(type, sample.json, 'value');
    return fc.constantFrom(...sites).chain((site) => fc.constantFrom(...mutationsOf(site.type, site.json)).map((mutation) => ({ type, site, mutation })));
  });

  it('one broken node gives exactly one error, at its path, both from parseJson text and from a JS value', () => {
    fc.assert(
      fc.property(mutated, ({ type, site, mutation }) => {
        const json = site.replace(mutation.node);
        const path = site.path + mutation.at;
        for (const input of [json, parseJson(text(json))]) {
          const errors = typedJsonErrors(() => fromJson(type, input));
          expect(errors, mutation.label).toHaveLength(1);
          expect(errors[0].startsWith(`${path}: `), `${mutation.label}: ${errors[0]} should start with ${path}`).toBe(true);
        }
      }),
      runs(800, 9),
    );
  });

  it('a broken parameter is reported under params[i]', () => {
    fc.assert(
      fc.property(mutated, typedSample(2), ({ type, site, mutation }, other) => {
        const fn: WitFunction = {
          name: 'f',
          kind: 'freestanding',
          params: [
            { name: 'a', type: other.type },
            { name: 'b', type },
          ],
          results: { kind: 'anon' },
        };
        const params = parseJson(text([other.sample.json, site.replace(mutation.node)]));
        const errors = typedJsonErrors(() => decodeParams(fn, params));
        expect(errors).toHaveLength(1);
        expect(errors[0].startsWith(`params[1]${(site.path + mutation.at).slice('value'.length)}: `), errors[0]).toBe(true);
      }),
      runs(300, 10),
    );
  });
});

describe('arbitrary input never crashes the codec', () => {
  /** JSON atoms that sit on an edge of some type. */
  const edgeJson = fc.constantFrom<unknown>(0, -0, -1, 0.5, 2 ** 53, -(2 ** 53), 2n ** 63n, 2n ** 64n, -(2n ** 63n) - 1n, 1e308, 5e-324, 0xd800, 0x10ffff, 0x110000, '', 'ok', 'err', '\ud800', '18446744073709551615', true, null, [], {});
  const junkJson = fc.oneof(edgeJson, fc.jsonValue({ maxDepth: 2 }));

  it('decoding any JSON either fails with a TypedJsonError or gives a value whose encoding decodes to itself', () => {
    fc.assert(
      fc.property(typedSample(), fc.nat(), junkJson, ({ type, sample }, index, junk) => {
        const json = parseJson(text(replaceNode(sample.json, index, junk)));
        let js: unknown;
        try {
          js = fromJson(type, json);
        } catch (error) {
          if (error instanceof TypedJsonError) return;
          throw error;
        }
        const canonical = text(toJson(type, js));
        expect(text(toJson(type, fromJson(type, parseJson(canonical))))).toBe(canonical);
      }),
      runs(600, 11),
    );
  });

  // A number that is not finite, or is not as an f32 (beyond ±3.4028235677973366e38), is written
  // as null, which the decoder refuses (see the NaN test above); the decode check skips those.
  it('encoding any JS value either fails with a TypedJsonError or gives valid JSON that decodes again', () => {
    // JS values on an edge of some type, as guest code run without the wasm boundary could return them.
    const edgeJs = fc.constantFrom<unknown>(
      '\ud800',
      '\udc00',
      'ab',
      '',
      -0,
      0.5,
      -1,
      2 ** 53,
      2n ** 64n,
      -(2n ** 63n) - 1n,
      3.5e38,
      { tag: 'none' },
      { tag: 'some' },
      { tag: 'ok' },
      { tag: 'err', val: null },
      { tag: UNKNOWN_NAME },
      [, 1],
      new Uint8Array([1, 255]),
      new Float32Array([0.1]),
      new BigUint64Array([2n ** 64n - 1n]),
      Object.create(null),
    );
    const anyJs = fc.anything({
      maxDepth: 2,
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withSparseArray: true,
      withTypedArray: true,
    });
    const junkJs = fc.oneof(edgeJs, anyJs);
    fc.assert(
      fc.property(typedSample(), fc.nat(), junkJs, ({ type, sample }, index, junk) => {
        const js = replaceNode(sample.js, index, junk);
        let json: unknown;
        try {
          json = toJson(type, js);
        } catch (error) {
          if (error instanceof TypedJsonError) return;
          throw error;
        }
        const body = stringifyJson(json);
        expect(typeof body).toBe('string');
        const parsed = parseJson(body!);
        if (!hasNonFiniteF32(js)) fromJson(type, parsed);
      }),
      runs(600, 12),
    );
  });

  it('any JSON against any type: a TypedJsonError or a value, nothing else', () => {
    fc.assert(
      fc.property(witType(3), junkJson, (type, json) => {
        try {
          toJson(type, fromJson(type, json));
        } catch (error) {
          if (!(error instanceof TypedJsonError)) throw error;
        }
      }),
      runs(300, 13),
    );
  });
});

/** Valid JSON made looser in the ways Golem accepts: extra keys, missing option fields. */
function loosen(type: WitType, json: unknown): unknown {
  switch (type.kind) {
    case 'list':
      return (json as unknown[]).map((item) => loosen(type.element, item));
    case 'tuple':
      return type.items.map((item, i) => loosen(item, (json as unknown[])[i]));
    case 'option':
      return json === null ? null : loosen(type.inner, json);
    case 'result': {
      const [[tag, payload]] = Object.entries(json as object);
      const side = type[tag as 'ok' | 'err'];
      return { [tag]: side ? loosen(side, payload) : payload };
    }
    case 'record': {
      const object = json as Record<string, unknown>;
      const loose: Record<string, unknown> = { [UNKNOWN_NAME]: 1 };
      for (const field of type.fields) {
        if (field.type.kind === 'option' && object[field.name] === null) continue;
        loose[field.name] = loosen(field.type, object[field.name]);
      }
      return loose;
    }
    case 'variant': {
      const [[name, payload]] = Object.entries(json as object);
      const found = type.cases.find((c) => c.name === name)!;
      return { [name]: found.type ? loosen(found.type, payload) : payload, [UNKNOWN_NAME]: 1 };
    }
    default:
      return json;
  }
}

/** A jco JS value with none fields and unset flags left out, and no `val` for a unit result side. */
function sparse(type: WitType, js: unknown): unknown {
  switch (type.kind) {
    case 'list':
      return Array.isArray(js) ? js.map((item) => sparse(type.element, item)) : js;
    case 'tuple':
      return type.items.map((item, i) => sparse(item, (js as unknown[])[i]));
    case 'option': {
      if (type.inner.kind !== 'option') return js === undefined ? undefined : sparse(type.inner, js);
      const wrapped = js as { tag: string; val?: unknown };
      return wrapped.tag === 'none' ? wrapped : { tag: 'some', val: sparse(type.inner, wrapped.val) };
    }
    case 'result': {
      const { tag, val } = js as { tag: 'ok' | 'err'; val: unknown };
      const side = type[tag];
      return side ? { tag, val: sparse(side, val) } : { tag };
    }
    case 'record': {
      const object = js as Record<string, unknown>;
      const result: Record<string, unknown> = {};
      for (const field of type.fields) {
        const key = camel(field.name);
        const value = object[key];
        if (field.type.kind === 'option' && (value === undefined || (value as { tag?: string }).tag === 'none')) continue;
        result[key] = sparse(field.type, value);
      }
      return result;
    }
    case 'variant': {
      const { tag, val } = js as { tag: string; val?: unknown };
      const found = type.cases.find((c) => c.name === tag)!;
      return found.type ? { tag, val: sparse(found.type, val) } : { tag };
    }
    case 'flags':
      return Object.fromEntries(Object.entries(js as Record<string, boolean>).filter(([, set]) => set));
    default:
      return js;
  }
}

/** `value` with its `index`-th node (in a depth-first walk over arrays and plain objects, modulo the count) replaced by `junk`. */
function replaceNode(value: unknown, index: number, junk: unknown): unknown {
  const count = countNodes(value);
  let remaining = index % count;
  const walk = (node: unknown): unknown => {
    if (remaining-- === 0) return junk;
    if (Array.isArray(node)) return node.map(walk);
    if (isPlain(node)) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    return node;
  };
  return walk(value);
}

function countNodes(value: unknown): number {
  if (Array.isArray(value)) return 1 + value.reduce((n: number, item) => n + countNodes(item), 0);
  if (isPlain(value)) return 1 + Object.values(value).reduce((n: number, item) => n + countNodes(item), 0);
  return 1;
}

function isPlain(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function hasNonFiniteF32(value: unknown, seen = new Set<unknown>()): boolean {
  if (typeof value === 'number') return !Number.isFinite(Math.fround(value));
  if (typeof value !== 'object' || value === null || seen.has(value)) return false;
  seen.add(value);
  if (value instanceof Number) return hasNonFiniteF32(value.valueOf(), seen);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<unknown>).some((v) => hasNonFiniteF32(v, seen));
  return Reflect.ownKeys(value).some((key) => hasNonFiniteF32((value as Record<PropertyKey, unknown>)[key], seen));
}
