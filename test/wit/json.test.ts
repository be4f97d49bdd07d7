import { describe, expect, it } from 'vitest';
import { JsonBigInt, parseJson, stringifyJson } from '../../src/wit/index.ts';

describe('parseJson', () => {
  it('parses integers beyond 2^53 as bigint and everything else as JSON.parse does', () => {
    expect(parseJson('18446744073709551615')).toBe(18446744073709551615n);
    expect(parseJson('-9223372036854775808')).toBe(-9223372036854775808n);
    expect(parseJson('9007199254740991')).toBe(9007199254740991);
    expect(parseJson('9007199254740992')).toBe(9007199254740992n);
    expect(parseJson('1e300')).toBe(1e300);
    expect(parseJson('123456789012345678901234.5')).toBe(123456789012345678901234.5);
    const samples = [
      '{"a":[1,-2.5e-3,true,false,null,"x\\u00e9\\ud83d\\ude00\\n\\t\\"\\\\\\/"],"b":{},"c":[]}',
      ' \n\t[ 0 , -0 , 1E2 ,{ "k" : "v" } ] ',
      '"plain"',
      '{"dup":1,"dup":2}',
    ];
    for (const text of samples) expect(parseJson(text)).toEqual(JSON.parse(text));
  });

  it('keeps a "__proto__" key as data', () => {
    const parsed = parseJson('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__']);
  });

  it('rejects what JSON.parse rejects', () => {
    for (const text of ['', '01', '1.', '.5', '+1', '[1,]', '{"a":1,}', "{'a':1}", '"\\x"', '"a', 'tru', '[1] 2', 'NaN', '"\u0001"']) {
      expect(() => JSON.parse(text), text).toThrow(SyntaxError);
      expect(() => parseJson(text), text).toThrow(SyntaxError);
    }
  });
});

describe('stringifyJson', () => {
  it('writes JsonBigInt and bigint as bare digits', () => {
    expect(stringifyJson({ result: [new JsonBigInt(18446744073709551615n), -5n] })).toBe('{"result":[18446744073709551615,-5]}');
  });

  it('matches JSON.stringify otherwise', () => {
    const value = { a: 'é"\n', b: [1, undefined, () => 1, null, Number.NaN], c: undefined, d: { e: true }, f: new Date(0), g: -0 };
    expect(stringifyJson(value)).toBe(JSON.stringify(value));
    expect(stringifyJson(undefined)).toBeUndefined();
    const sparse = [, 1, , undefined];
    expect(stringifyJson(sparse)).toBe(JSON.stringify(sparse));
  });

  it('falls back to a decimal string under plain JSON.stringify', () => {
    expect(JSON.stringify([new JsonBigInt(2n ** 64n)])).toBe('["18446744073709551616"]');
  });

  it('round-trips with parseJson', () => {
    const text = '{"big":18446744073709551615,"small":42,"list":[-9223372036854775808,1.5]}';
    expect(stringifyJson(parseJson(text))).toBe(text);
  });
});
