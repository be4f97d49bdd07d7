/**
 * An integer to be written as a bare JSON number although a JS number cannot hold it exactly
 * (beyond 2^53). `stringifyJson` writes the digits; plain `JSON.stringify` falls back to a decimal
 * string through `toJSON`, which the typed-JSON decoder also accepts, so nothing is ever rounded.
 */
export class JsonBigInt {
  constructor(readonly value: bigint) {}

  toJSON(): string {
    return this.value.toString();
  }

  toString(): string {
    return this.value.toString();
  }
}

/**
 * `JSON.stringify` that also writes `JsonBigInt` (and bigint) as bare JSON numbers, so a u64
 * such as 18446744073709551615 reaches the client digit for digit. Otherwise it behaves like
 * `JSON.stringify(value)` (toJSON, undefined/functions skipped or null in arrays, non-finite
 * numbers as null). Returns undefined where JSON.stringify would.
 */
export function stringifyJson(value: unknown): string | undefined {
  // V8's own serializer, with bigints (and JsonBigInt, which toJSON turns into a string first)
  // given back as raw JSON digits: 2–3× faster than `write` below on oplog entries, which every
  // host call writes. `write` stays for a runtime without JSON.rawJSON.
  return rawJson ? JSON.stringify(value, bigIntsRaw) : write(value, '');
}

const rawJson = (JSON as { rawJSON?: (text: string) => unknown }).rawJSON;

function bigIntsRaw(this: Record<string, unknown>, key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return rawJson!(value.toString());
  if (value instanceof JsonBigInt) return rawJson!(value.value.toString());
  if (typeof value === 'string') {
    const original = this[key];
    if (original instanceof JsonBigInt) return rawJson!(original.value.toString());
  }
  return value;
}

function write(value: unknown, key: string): string | undefined {
  if (value instanceof JsonBigInt) return value.value.toString();
  if (typeof value === 'bigint') return value.toString();
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(key: string): unknown }).toJSON(key);
    if (value instanceof JsonBigInt || typeof value === 'bigint') return write(value, key);
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'object': {
      if (value === null) return 'null';
      if (value instanceof Number || value instanceof String || value instanceof Boolean) return JSON.stringify(value);
      // Array.from visits the holes of a sparse array (as undefined, so null), which map would skip.
      if (Array.isArray(value)) return `[${Array.from(value, (item, i) => write(item, String(i)) ?? 'null').join(',')}]`;
      const members: string[] = [];
      for (const [k, v] of Object.entries(value)) {
        const encoded = write(v, k);
        if (encoded !== undefined) members.push(`${JSON.stringify(k)}:${encoded}`);
      }
      return `{${members.join(',')}}`;
    }
    default:
      return undefined;
  }
}

/**
 * `JSON.parse` that keeps big integers exact: an integer literal (no fraction, no exponent)
 * outside ±Number.MAX_SAFE_INTEGER becomes a bigint. JS's own `JSON.parse` would round
 * 18446744073709551615 to 18446744073709552000. Throws SyntaxError on invalid JSON.
 */
export function parseJson(text: string): unknown {
  // V8's own parser first (4–5× faster); an integer needs the source's digits only when it has
  // 16 or more. Invalid JSON goes to the parser below, for its error message.
  const big = /\d{16}/.test(text);
  if (big && !sourceText) return parseSlowly(text);
  try {
    return big ? JSON.parse(text, exactIntegers) : JSON.parse(text);
  } catch {
    return parseSlowly(text);
  }
}

/** Whether JSON.parse gives a reviver each value's source text (V8 11.4+, so Node 22+). */
const sourceText = (() => {
  let seen: string | undefined;
  JSON.parse('1', (_key, value, context?: { source?: string }) => ((seen = context?.source), value));
  return seen === '1';
})();

/** A JSON.parse reviver: an integer literal beyond ±2^53 becomes a bigint from its source digits. */
function exactIntegers(_key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value !== 'number' || Number.isSafeInteger(value)) return value;
  const source = context?.source;
  return source !== undefined && /^-?\d+$/.test(source) ? BigInt(source) : value;
}

function parseSlowly(text: string): unknown {
  const parser = new JsonParser(text);
  parser.skipWhitespace();
  const value = parser.value();
  parser.skipWhitespace();
  if (parser.pos < text.length) parser.fail('unexpected data after the JSON value');
  return value;
}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class JsonParser {
  pos = 0;

  constructor(private readonly text: string) {}

  value(): unknown {
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    return this.fail(c === undefined ? 'unexpected end of JSON input' : `unexpected character ${JSON.stringify(c)}`);
  }

  private object(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail('expected a string key');
      const key = this.string();
      this.skipWhitespace();
      this.expect(':');
      this.skipWhitespace();
      // defineProperty so a "__proto__" key is data, as with JSON.parse, not a prototype change.
      Object.defineProperty(result, key, { value: this.value(), writable: true, enumerable: true, configurable: true });
      this.skipWhitespace();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return result;
      }
      this.expect(',');
    }
  }

  private array(): unknown[] {
    const result: unknown[] = [];
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      result.push(this.value());
      this.skipWhitespace();
      if (this.text[this.pos] === ']') {
        this.pos++;
        return result;
      }
      this.expect(',');
    }
  }

  private string(): string {
    this.pos++;
    let result = '';
    let chunkStart = this.pos;
    for (;;) {
      const code = this.text.charCodeAt(this.pos);
      if (Number.isNaN(code)) this.fail('unterminated string');
      if (code < 0x20) this.fail('control character in string');
      if (code === 0x22) {
        result += this.text.slice(chunkStart, this.pos);
        this.pos++;
        return result;
      }
      if (code !== 0x5c) {
        this.pos++;
        continue;
      }
      result += this.text.slice(chunkStart, this.pos);
      const escape = this.text[this.pos + 1];
      if (escape === 'u') {
        const hex = this.text.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid \\u escape');
        result += String.fromCharCode(parseInt(hex, 16));
        this.pos += 6;
      } else if (escape !== undefined && ESCAPES[escape] !== undefined) {
        result += ESCAPES[escape];
        this.pos += 2;
      } else {
        this.fail('invalid escape');
      }
      chunkStart = this.pos;
    }
  }

  private number(): number | bigint {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) return this.fail('invalid number');
    this.pos += match[0].length;
    const value = Number(match[0]);
    const isInteger = match[1] === undefined && match[2] === undefined;
    return isInteger && !Number.isSafeInteger(value) ? BigInt(match[0]) : value;
  }

  skipWhitespace(): void {
    for (;;) {
      const c = this.text[this.pos];
      if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return;
      this.pos++;
    }
  }

  private expect(c: string): void {
    if (this.text[this.pos] !== c) this.fail(`expected ${JSON.stringify(c)}`);
    this.pos++;
  }

  fail(message: string): never {
    throw new SyntaxError(`${message} in JSON at position ${this.pos}`);
  }
}
