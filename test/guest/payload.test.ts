import { describe, expect, test } from 'vitest';
import {
  GolemTsError,
  InvalidPromiseIdError,
  KeyValueError,
  PayloadEncodingError,
  PayloadValidationError,
  formatIssuePath,
} from '../../src/guest/index.ts';
import {
  decodePayload,
  encodeJson,
  invalidUtf8Offset,
  parseJsonPayload,
} from '../../src/guest/payload.ts';

describe('strict UTF-8 validation', () => {
  test.each([
    ['ascii', [0x41, 0x42], -1],
    ['2-byte é', [0xc3, 0xa9], -1],
    ['3-byte €', [0xe2, 0x82, 0xac], -1],
    ['4-byte 😀', [0xf0, 0x9f, 0x98, 0x80], -1],
    ['U+10FFFF', [0xf4, 0x8f, 0xbf, 0xbf], -1],
    ['stray continuation', [0x41, 0x80], 1],
    ['overlong C0', [0xc0, 0x80], 0],
    ['overlong E0', [0xe0, 0x80, 0x80], 0],
    ['overlong F0', [0xf0, 0x80, 0x80, 0x80], 0],
    ['surrogate ED A0', [0xed, 0xa0, 0x80], 0],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['F5', [0xf5, 0x80, 0x80, 0x80], 0],
    ['truncated 2-byte', [0x41, 0xc3], 1],
    ['truncated 4-byte', [0xf0, 0x9f, 0x98], 0],
    ['bad continuation', [0xe2, 0x28, 0xa1], 0],
    ['FF', [0xff], 0],
  ])('%s', (_name, bytes, offset) => {
    expect(invalidUtf8Offset(new Uint8Array(bytes))).toBe(offset);
  });

  test('agrees with a fatal TextDecoder on random input', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true });
    let seed = 12345;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const interesting = [0x00, 0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0x9f, 0xa0, 0x8f, 0x90];
    for (let i = 0; i < 5000; i++) {
      const n = rand() % 7;
      const bytes = new Uint8Array(n);
      for (let k = 0; k < n; k++) bytes[k] = rand() % 3 === 0 ? rand() % 256 : interesting[rand() % interesting.length];
      let valid = true;
      try {
        fatal.decode(bytes);
      } catch {
        valid = false;
      }
      expect(invalidUtf8Offset(bytes) === -1, `bytes ${[...bytes].map((b) => b.toString(16))}`).toBe(valid);
    }
  });
});

describe('encode / decode', () => {
  test('encodeJson produces UTF-8 JSON', () => {
    expect([...encodeJson({ a: 'é' })]).toEqual([...new TextEncoder().encode('{"a":"é"}')]);
    expect(() => encodeJson(undefined)).toThrow(PayloadEncodingError);
    expect(() => encodeJson(Symbol('x'))).toThrow(/a symbol has no JSON representation/);
  });

  test('parseJsonPayload and decodePayload', async () => {
    expect(parseJsonPayload(new TextEncoder().encode(' [1, 2] '))).toEqual([1, 2]);
    // a UTF-8 byte order mark is tolerated
    expect(parseJsonPayload(new Uint8Array([0xef, 0xbb, 0xbf, 0x31]))).toBe(1);
    expect(await decodePayload(new TextEncoder().encode('"x"'), undefined)).toBe('x');
    expect(() => parseJsonPayload(new TextEncoder().encode('{'), 'thing')).toThrow(/^invalid payload for thing: 1 issue/);
  });
});

describe('errors', () => {
  test('class hierarchy, names and codes', () => {
    const bytes = new Uint8Array([1]);
    const errors: Array<[GolemTsError, string, string]> = [
      [new PayloadValidationError([], bytes), 'PayloadValidationError', 'INVALID_PAYLOAD'],
      [new PayloadEncodingError('x'), 'PayloadEncodingError', 'UNENCODABLE_PAYLOAD'],
      [
        new KeyValueError({ operation: 'keys', bucket: 'b', trace: 't', cause: null }),
        'KeyValueError',
        'KEY_VALUE',
      ],
      [new InvalidPromiseIdError('x', 'y'), 'InvalidPromiseIdError', 'INVALID_PROMISE_ID'],
      [new GolemTsError('x'), 'GolemTsError', 'GOLEM_TS'],
    ];
    for (const [err, name, code] of errors) {
      expect(err).toBeInstanceOf(Error);
      expect(err).toBeInstanceOf(GolemTsError);
      expect(err.name).toBe(name);
      expect(err.code).toBe(code);
      expect(typeof err.stack).toBe('string');
    }
  });

  test('cause is kept (restate-style)', () => {
    const root = new Error('root');
    expect(new GolemTsError('wrapped', { code: 'X', cause: root }).cause).toBe(root);
    expect('cause' in new GolemTsError('no cause')).toBe(false);
    expect(new KeyValueError({ operation: 'get', bucket: 'b', key: 'k', trace: 't', cause: root }).cause).toBe(root);
    expect(new KeyValueError({ operation: 'keys', bucket: 'b', trace: 't', cause: root }).message).toBe(
      'key-value keys failed for bucket "b": t',
    );
    expect(
      new KeyValueError({ operation: 'delete-many', bucket: 'b', keys: ['a', 'b'], trace: 't', cause: root }).message,
    ).toBe('key-value delete-many failed for 2 key(s) in bucket "b": t');
  });

  test('formatIssuePath', () => {
    expect(formatIssuePath(undefined)).toBe('');
    expect(formatIssuePath([])).toBe('');
    expect(formatIssuePath(['a', 0, 'b'])).toBe('a[0].b');
    expect(formatIssuePath([{ key: 'items' }, { key: 2 }])).toBe('items[2]');
    expect(formatIssuePath(['with space', 'x-y', '$ok'])).toBe('["with space"]["x-y"].$ok');
    expect(formatIssuePath([Symbol('s')])).toBe('[Symbol(s)]');
  });

  test('a validation message without issues or source', () => {
    expect(new PayloadValidationError([], new Uint8Array()).message).toBe('invalid payload');
    expect(new PayloadValidationError([{ message: 'a' }, { message: 'b', path: ['x'] }], new Uint8Array()).message).toBe(
      'invalid payload: 2 issues\n  - a\n  - x: b',
    );
  });
});
