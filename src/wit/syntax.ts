import type {
  ExternNode,
  FuncNode,
  InterfaceItemNode,
  InterfaceNode,
  NamedTypeNode,
  PackageChunk,
  PackageNameNode,
  Pos,
  ResourceFuncNode,
  TypeDefNode,
  TypeNode,
  UseNode,
  UsePath,
  WorldItemNode,
  WorldNode,
} from './ast.ts';
import { SourceMap, tokenize, type Token } from './lexer.ts';
import type { PrimitiveKind } from './model.ts';

const PRIMITIVES: Record<string, PrimitiveKind> = {
  bool: 'bool',
  s8: 's8',
  u8: 'u8',
  s16: 's16',
  u16: 'u16',
  s32: 's32',
  u32: 'u32',
  s64: 's64',
  u64: 'u64',
  f32: 'f32',
  f64: 'f64',
  float32: 'f32',
  float64: 'f64',
  char: 'char',
  string: 'string',
};

/**
 * Parses one WIT file into its package chunks: the file body first, then any nested
 * `package x { ... }` blocks. Names are not resolved here.
 */
export function parseWitFile(file: string, text: string): PackageChunk[] {
  return new FileParser(new SourceMap(file, text)).parseFile();
}

class FileParser {
  private readonly tokens: Token[];
  private index = 0;

  constructor(private readonly source: SourceMap) {
    this.tokens = tokenize(source);
  }

  parseFile(): PackageChunk[] {
    const body: PackageChunk = this.emptyChunk();
    const chunks = [body];
    if (this.isKeyword('package') && !this.isPackageBlockAhead()) {
      this.next();
      body.name = this.packageName();
      this.expect(';');
    }
    while (!this.at('eof')) {
      if (this.isKeyword('package')) {
        this.next();
        const nested = this.emptyChunk();
        nested.name = this.packageName();
        this.expect('{');
        while (!this.eat('}')) this.topLevelItem(nested);
        chunks.push(nested);
      } else {
        this.topLevelItem(body);
      }
    }
    return chunks;
  }

  private emptyChunk(): PackageChunk {
    return { interfaces: [], worlds: [], uses: [], source: this.source };
  }

  /** `package a:b { ... }` (a nested package) as opposed to the header `package a:b;`. */
  private isPackageBlockAhead(): boolean {
    let i = this.index + 1;
    while (this.tokens[i].kind !== 'eof' && this.tokens[i].text !== ';' && this.tokens[i].text !== '{') i++;
    return this.tokens[i].text === '{';
  }

  private topLevelItem(chunk: PackageChunk): void {
    const token = this.peek();
    if (this.isKeyword('interface')) {
      this.next();
      chunk.interfaces.push(this.interfaceBody(this.identifier(), this.pos(token)));
    } else if (this.isKeyword('world')) {
      this.next();
      chunk.worlds.push(this.world(this.pos(token)));
    } else if (this.isKeyword('use')) {
      this.next();
      const path = this.usePath();
      const alias = this.eatKeyword('as') ? this.identifier() : path.name;
      this.expect(';');
      chunk.uses.push({ path, alias, pos: this.pos(token) });
    } else {
      throw this.unexpected('`interface`, `world`, `use` or `package`');
    }
  }

  private packageName(): PackageNameNode {
    const pos = this.pos(this.peek());
    const namespace = this.identifier();
    this.expect(':');
    const name = this.identifier();
    const version = this.at('version') ? this.next().text : undefined;
    return { namespace, name, version, pos };
  }

  private usePath(): UsePath {
    const pos = this.pos(this.peek());
    const first = this.identifier();
    if (!this.eat(':')) return { k: 'local', name: first, pos };
    const packageName = this.identifier();
    this.expect('/');
    const name = this.identifier();
    const version = this.at('version') ? this.next().text : undefined;
    return { k: 'package', pkg: { namespace: first, name: packageName, version, pos }, name, pos };
  }

  private interfaceBody(name: string, pos: Pos): InterfaceNode {
    this.expect('{');
    const items: InterfaceItemNode[] = [];
    while (!this.eat('}')) {
      const typeDef = this.typeDef();
      if (typeDef) {
        items.push(typeDef);
      } else if (this.isKeyword('use') && !this.isNamedItemAhead()) {
        items.push(this.useItem());
      } else {
        const itemPos = this.pos(this.peek());
        const fnName = this.identifier();
        this.expect(':');
        const func = this.funcType();
        this.expect(';');
        items.push({ k: 'func', name: fnName, func, pos: itemPos });
      }
    }
    return { name, items, pos };
  }

  /** `use iface.{a, b as c};` inside an interface or world. */
  private useItem(): UseNode {
    const pos = this.pos(this.next());
    const path = this.usePath();
    this.expect('.');
    this.expect('{');
    const names: UseNode['names'] = [];
    while (!this.eat('}')) {
      const namePos = this.pos(this.peek());
      const name = this.identifier();
      const as = this.eatKeyword('as') ? this.identifier() : undefined;
      names.push({ name, as, pos: namePos });
      if (!this.eat(',')) {
        this.expect('}');
        break;
      }
    }
    this.expect(';');
    return { k: 'use', path, names, pos };
  }

  /** A type definition if one starts here (keywords used as item names, `type: func()`, excluded). */
  private typeDef(): TypeDefNode | undefined {
    if (this.isNamedItemAhead()) return undefined;
    const token = this.peek();
    const pos = this.pos(token);
    if (this.isKeyword('type')) {
      this.next();
      const name = this.identifier();
      this.expect('=');
      const type = this.type();
      this.expect(';');
      return { k: 'alias', name, type, pos };
    }
    if (this.isKeyword('record')) {
      this.next();
      const name = this.identifier();
      const fields = this.braced(() => this.namedType());
      return { k: 'record', name, fields, pos };
    }
    if (this.isKeyword('variant')) {
      this.next();
      const name = this.identifier();
      const cases = this.braced(() => {
        const caseName = this.identifier();
        if (!this.eat('(')) return { name: caseName };
        const type = this.type();
        this.expect(')');
        return { name: caseName, type };
      });
      return { k: 'variant', name, cases, pos };
    }
    if (this.isKeyword('enum')) {
      this.next();
      const name = this.identifier();
      return { k: 'enum', name, cases: this.braced(() => this.identifier()), pos };
    }
    if (this.isKeyword('flags')) {
      this.next();
      const name = this.identifier();
      return { k: 'flags', name, flags: this.braced(() => this.identifier()), pos };
    }
    if (this.isKeyword('resource')) {
      this.next();
      const name = this.identifier();
      const funcs: ResourceFuncNode[] = [];
      if (!this.eat(';')) {
        this.expect('{');
        while (!this.eat('}')) funcs.push(this.resourceFunc());
      }
      return { k: 'resource', name, funcs, pos };
    }
    return undefined;
  }

  private resourceFunc(): ResourceFuncNode {
    if (this.isKeyword('constructor') && !this.isNamedItemAhead()) {
      const pos = this.pos(this.next());
      const params = this.paramList();
      // Newer WIT lets a constructor return `result<r, e>`; the plain form returns `own<r>`.
      const results: FuncNode['results'] = this.eat('->') ? { kind: 'anon', type: this.type() } : { kind: 'anon' };
      this.expect(';');
      return { name: 'constructor', kind: 'constructor', func: { params, results, pos } };
    }
    const name = this.identifier();
    this.expect(':');
    const kind = this.eatKeyword('static') ? 'static' : 'method';
    const func = this.funcType();
    this.expect(';');
    return { name, kind, func };
  }

  private world(pos: Pos): WorldNode {
    const name = this.identifier();
    this.expect('{');
    const items: WorldItemNode[] = [];
    while (!this.eat('}')) {
      const token = this.peek();
      const itemPos = this.pos(token);
      const typeDef = this.typeDef();
      if (typeDef) {
        items.push(typeDef);
      } else if (this.isKeyword('use')) {
        items.push(this.useItem());
      } else if (this.isKeyword('import') || this.isKeyword('export')) {
        const k = this.next().text as 'import' | 'export';
        items.push({ k, extern: this.extern(), pos: itemPos });
      } else if (this.isKeyword('include')) {
        this.next();
        const path = this.usePath();
        const renames: { from: string; to: string }[] = [];
        // `include w with { a as b }` takes no `;` after the braces (tolerated anyway).
        if (this.eatKeyword('with')) {
          renames.push(
            ...this.braced(() => {
              const from = this.identifier();
              this.expectKeyword('as');
              return { from, to: this.identifier() };
            }),
          );
          this.eat(';');
        } else {
          this.expect(';');
        }
        items.push({ k: 'include', path, renames, pos: itemPos });
      } else {
        throw this.unexpected('`import`, `export`, `include`, `use` or a type definition');
      }
    }
    return { name, items, pos };
  }

  private extern(): ExternNode {
    const token = this.peek();
    // `name: func(...)` / `name: interface {...}` versus the package path `ns:pkg/iface`.
    if (token.kind === 'id' && this.peek(1).text === ':' && (this.isKeyword('func', 2) || this.isKeyword('async', 2) || this.isKeyword('interface', 2))) {
      const name = this.identifier();
      this.expect(':');
      if (this.eatKeyword('interface')) return { k: 'interface', iface: this.interfaceBody(name, this.pos(token)) };
      const func = this.funcType();
      this.expect(';');
      return { k: 'func', name, func };
    }
    const path = this.usePath();
    this.expect(';');
    return { k: 'path', path };
  }

  private funcType(): FuncNode {
    const pos = this.pos(this.peek());
    if (this.isKeyword('async')) throw this.error('async functions are not supported', this.peek());
    this.expectKeyword('func');
    const params = this.paramList();
    let results: FuncNode['results'] = { kind: 'anon' };
    if (this.eat('->')) {
      if (this.at('punct', '(')) {
        const items = this.paramList();
        results = items.length ? { kind: 'named', items } : { kind: 'anon' };
      } else {
        results = { kind: 'anon', type: this.type() };
      }
    }
    return { params, results, pos };
  }

  private paramList(): NamedTypeNode[] {
    this.expect('(');
    const params: NamedTypeNode[] = [];
    while (!this.eat(')')) {
      params.push(this.namedType());
      if (!this.eat(',')) {
        this.expect(')');
        break;
      }
    }
    return params;
  }

  private namedType(): NamedTypeNode {
    const name = this.identifier();
    this.expect(':');
    return { name, type: this.type() };
  }

  private type(): TypeNode {
    const token = this.peek();
    if (token.kind !== 'id') throw this.unexpected('a type');
    this.next();
    if (token.escaped) return { k: 'ref', name: token.text, pos: this.pos(token) };
    const primitive = PRIMITIVES[token.text];
    if (primitive) return { k: 'primitive', kind: primitive };
    switch (token.text) {
      case 'list': {
        this.expect('<');
        const element = this.type();
        if (this.eat(',')) throw this.error('fixed-size lists are not supported', this.peek());
        this.expect('>');
        return { k: 'list', element };
      }
      case 'option': {
        this.expect('<');
        const inner = this.type();
        this.expect('>');
        return { k: 'option', inner };
      }
      case 'result':
        return this.resultType();
      case 'tuple': {
        this.expect('<');
        const items: TypeNode[] = [];
        while (!this.eat('>')) {
          items.push(this.type());
          if (!this.eat(',')) {
            this.expect('>');
            break;
          }
        }
        return { k: 'tuple', items };
      }
      case 'own':
      case 'borrow': {
        this.expect('<');
        const nameToken = this.peek();
        const name = this.identifier();
        this.expect('>');
        return { k: 'handle', mode: token.text, name, pos: this.pos(nameToken) };
      }
      case 'future':
      case 'stream':
      case 'error-context':
        throw this.error(`${token.text} types are not supported`, token);
      default:
        return { k: 'ref', name: token.text, pos: this.pos(token) };
    }
  }

  private resultType(): TypeNode {
    if (!this.eat('<')) return { k: 'result' };
    const ok = this.eat('_') ? undefined : this.type();
    const err = this.eat(',') ? this.type() : undefined;
    this.expect('>');
    if (!ok && !err) throw this.error('`result<_>` is written `result`', this.peek());
    return { k: 'result', ok, err };
  }

  /** `{ a, b, }` with optional trailing comma. */
  private braced<T>(item: () => T): T[] {
    this.expect('{');
    const items: T[] = [];
    while (!this.eat('}')) {
      items.push(item());
      if (!this.eat(',')) {
        this.expect('}');
        break;
      }
    }
    return items;
  }

  // Keywords are only reserved where they start an item; `type: func()` is a function named `type`.
  private isNamedItemAhead(): boolean {
    return this.peek().kind === 'id' && this.peek(1).text === ':';
  }

  private identifier(): string {
    const token = this.peek();
    if (token.kind !== 'id') throw this.unexpected('an identifier');
    this.index++;
    return token.text;
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  private at(kind: Token['kind'], text?: string): boolean {
    const token = this.peek();
    return token.kind === kind && (text === undefined || token.text === text);
  }

  private eat(punct: string): boolean {
    if (!this.at('punct', punct)) return false;
    this.index++;
    return true;
  }

  private expect(punct: string): void {
    if (!this.eat(punct)) throw this.unexpected(`\`${punct}\``);
  }

  private isKeyword(keyword: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'id' && !token.escaped && token.text === keyword;
  }

  private eatKeyword(keyword: string): boolean {
    if (!this.isKeyword(keyword)) return false;
    this.index++;
    return true;
  }

  private expectKeyword(keyword: string): void {
    if (!this.eatKeyword(keyword)) throw this.unexpected(`\`${keyword}\``);
  }

  private pos(token: Token): Pos {
    return { source: this.source, offset: token.offset };
  }

  private unexpected(expected: string): Error {
    const token = this.peek();
    return this.error(`expected ${expected}, found ${describe(token)}`, token);
  }

  private error(message: string, token: Token): Error {
    return this.source.error(message, token.offset);
  }
}

function describe(token: Token): string {
  if (token.kind === 'eof') return 'end of file';
  if (token.kind === 'version') return `version \`@${token.text}\``;
  return `\`${token.escaped ? '%' : ''}${token.text}\``;
}
