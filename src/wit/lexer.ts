import { WitParseError, type WitLocation } from './errors.ts';

export type TokenKind = 'id' | 'version' | 'number' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  /** `%name`: an identifier that is never a keyword. */
  escaped: boolean;
  offset: number;
}

const PUNCT = new Set(['{', '}', '(', ')', '<', '>', ',', ';', ':', '=', '.', '/', '*', '_']);
// Semver, stopping before a `.` that is not followed by another pre-release/build part (`@0.2.0.{a}`).
const VERSION = /\d+\.\d+\.\d+(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?/y;
// A dash directly followed by `>` starts an arrow, not another word.
const IDENT = /[A-Za-z0-9]+(?:-(?!>)[A-Za-z0-9]*)*/y;

/** Maps offsets to 1-based line/column for error messages. */
export class SourceMap {
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  locate(offset: number): WitLocation {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, col: offset - this.lineStarts[lo] + 1 };
  }

  error(message: string, offset: number): WitParseError {
    return new WitParseError(message, this.locate(offset));
  }
}

/**
 * Splits WIT source into tokens. Comments (including `///` docs) and feature gates
 * (`@since(...)`, `@unstable(...)`, `@deprecated(...)`) are dropped here: they never change the
 * shape of types, and gates may only precede items, so nothing downstream needs them.
 */
export function tokenize(source: SourceMap): Token[] {
  const text = source.text;
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      i = skipBlockComment(source, i);
    } else if (c === '-' && text[i + 1] === '>') {
      tokens.push({ kind: 'punct', text: '->', escaped: false, offset: i });
      i += 2;
    } else if (c === '@') {
      i = lexAt(source, i, tokens);
    } else if (c === '%' || isLetter(c)) {
      const start = i;
      const escaped = c === '%';
      if (escaped) i++;
      IDENT.lastIndex = i;
      const match = IDENT.exec(text);
      if (!match || !isLetter(text[i])) throw source.error('expected an identifier after `%`', start);
      validateIdentifier(source, match[0], i);
      tokens.push({ kind: 'id', text: match[0], escaped, offset: start });
      i += match[0].length;
    } else if (c >= '0' && c <= '9') {
      // Only fixed-size lists (`list<u8, 4>`) have numbers; lexing them lets the parser say so.
      const start = i;
      while (text[i] >= '0' && text[i] <= '9') i++;
      tokens.push({ kind: 'number', text: text.slice(start, i), escaped: false, offset: start });
    } else if (PUNCT.has(c)) {
      // `_` is only a token on its own (`result<_, e>`); identifiers cannot start with it.
      if (c === '_' && /[A-Za-z0-9_-]/.test(text[i + 1] ?? '')) throw source.error('identifiers must start with a letter', i);
      tokens.push({ kind: 'punct', text: c, escaped: false, offset: i });
      i++;
    } else {
      throw source.error(`unexpected character ${JSON.stringify(c)}`, i);
    }
  }
  tokens.push({ kind: 'eof', text: '', escaped: false, offset: text.length });
  return tokens;
}

function lexAt(source: SourceMap, start: number, tokens: Token[]): number {
  const text = source.text;
  const next = text[start + 1] ?? '';
  if (/[0-9]/.test(next)) {
    VERSION.lastIndex = start + 1;
    const match = VERSION.exec(text);
    if (!match) throw source.error('invalid version (expected semver such as 0.2.0)', start + 1);
    tokens.push({ kind: 'version', text: match[0], escaped: false, offset: start });
    return start + 1 + match[0].length;
  }
  if (!isLetter(next)) throw source.error('expected a version or a feature gate after `@`', start);
  IDENT.lastIndex = start + 1;
  const gate = IDENT.exec(text)![0];
  if (gate !== 'since' && gate !== 'unstable' && gate !== 'deprecated') {
    throw source.error(`unknown feature gate @${gate}`, start);
  }
  let i = start + 1 + gate.length;
  while (/\s/.test(text[i] ?? '')) i++;
  if (text[i] !== '(') throw source.error(`expected \`(\` after @${gate}`, i);
  const close = text.indexOf(')', i);
  if (close < 0) throw source.error(`unterminated @${gate}(...)`, i);
  return close + 1;
}

function skipBlockComment(source: SourceMap, start: number): number {
  const text = source.text;
  // WIT block comments nest.
  let depth = 0;
  let i = start;
  while (i < text.length) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  throw source.error('unterminated block comment', start);
}

function isLetter(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

/**
 * Kebab-case: words separated by single dashes, each all-lower or all-upper case. The first word
 * must start with a letter; later ones may start with a digit (lenient: componentize-js runs the
 * real wit-parser on the same sources, so accepting a little more here rejects nothing valid).
 */
function validateIdentifier(source: SourceMap, id: string, offset: number): void {
  for (const word of id.split('-')) {
    if (word === '') throw source.error(`invalid identifier \`${id}\`: empty word`, offset);
    const letters = word.replace(/[0-9]/g, '');
    if (letters !== letters.toLowerCase() && letters !== letters.toUpperCase()) {
      throw source.error(`invalid identifier \`${id}\`: word \`${word}\` mixes upper and lower case`, offset);
    }
  }
}
