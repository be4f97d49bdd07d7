import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ts as T } from '@ts-morph/common';
import { BuildError } from '../errors.ts';

/**
 * The type metadata Golem's TypeScript SDK looks agent classes up in (what `golem-typegen`
 * writes to `.metadata/generated-types.ts`): `export const Metadata = { [className]: {
 * constructorArgs: [{ name, type }], methods: { [name]: { methodParams: { [param]: type },
 * returnType: type } } } }`, a type being `{ kind, name?, owner?, optional?, … }` as the SDK's
 * `TypescriptTypeRegistry.register` reads it (kinds: string, number, boolean, bigint, null,
 * undefined, void, literal, array, tuple, map, promise, union, object, interface, others).
 * Written here from that format with the TypeScript compiler API bundled in `@ts-morph/common`
 * (TypeScript 6; only its `ts` export is used): the 7.x compiler in this repository's toolchain
 * has no JavaScript API, and a `typescript@5` alias would take over the `tsc` bin.
 */
export type TypeJson = { kind: string; name?: string; owner?: string; optional?: boolean; [k: string]: unknown };

export interface ClassMetadata {
  constructorArgs: { name: string; type: TypeJson }[];
  methods: Record<string, { methodParams: Record<string, TypeJson>; returnType: TypeJson }>;
}

type TS = typeof T;

/** Reads every `@agent()` class of the project's sources (per its tsconfig.json). */
export async function agentTypeMetadata(componentDir: string): Promise<Record<string, ClassMetadata>> {
  const { ts, getLibFiles, libFolderInMemoryPath } = await import('@ts-morph/common');
  const configPath = ts.findConfigFile(componentDir, ts.sys.fileExists, 'tsconfig.json');
  if (!configPath) throw new BuildError('NO_TSCONFIG', `no tsconfig.json in ${componentDir}`);
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  if (config.error) throw new BuildError('BAD_CONFIG', ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(configPath));
  const options = { ...parsed.options, noEmit: true };
  // The bundled compiler keeps its lib .d.ts files in memory: serve them from there.
  const libs = new Map(getLibFiles().map((f) => [`${libFolderInMemoryPath}/${f.fileName}`, f.text]));
  const host = ts.createCompilerHost(options);
  const disk = { fileExists: host.fileExists, readFile: host.readFile, getSourceFile: host.getSourceFile };
  host.getDefaultLibLocation = () => libFolderInMemoryPath;
  host.getDefaultLibFileName = (o) => `${libFolderInMemoryPath}/${ts.getDefaultLibFileName(o)}`;
  host.fileExists = (f) => libs.has(f) || disk.fileExists(f);
  host.readFile = (f) => libs.get(f) ?? disk.readFile(f);
  host.getSourceFile = (f, lang, ...rest) => (libs.has(f) ? ts.createSourceFile(f, libs.get(f)!, lang) : disk.getSourceFile(f, lang, ...rest));
  const program = ts.createProgram(parsed.fileNames, options, host);
  const checker = program.getTypeChecker();
  const out: Record<string, ClassMetadata> = {};
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || !parsed.fileNames.includes(file.fileName)) continue;
    ts.forEachChild(file, function visit(node) {
      if (ts.isClassDeclaration(node) && node.name && isAgentClass(ts, node)) out[node.name.text] = classMetadata(ts, checker, node);
      ts.forEachChild(node, visit);
    });
  }
  return out;
}

export function writeMetadataModule(file: string, metadata: Record<string, ClassMetadata>): void {
  mkdirSync(dirname(file), { recursive: true });
  writeAtomically(file, `export const Metadata = ${JSON.stringify(metadata, null, 2)};\n`);
  writeAtomically(join(dirname(file), 'generated-types.json'), JSON.stringify(metadata, null, 2));
}

/** Write then rename: a build running beside this one (tests, an editor) never reads half a file. */
export function writeAtomically(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

function isAgentClass(ts: TS, node: T.ClassDeclaration): boolean {
  return (ts.getDecorators(node) ?? []).some((d) => {
    const e = ts.isCallExpression(d.expression) ? d.expression.expression : d.expression;
    return ts.isIdentifier(e) && e.text === 'agent';
  });
}

function classMetadata(ts: TS, checker: T.TypeChecker, cls: T.ClassDeclaration): ClassMetadata {
  const convert = typeConverter(ts, checker);
  const ctor = cls.members.find(ts.isConstructorDeclaration);
  const param = (p: T.ParameterDeclaration) => {
    const type = convert(checker.getTypeAtLocation(p));
    return p.questionToken || p.initializer ? { ...type, optional: true } : type;
  };
  const constructorArgs = (ctor?.parameters ?? []).map((p) => ({ name: p.name.getText(), type: param(p) }));
  const methods: ClassMetadata['methods'] = {};
  for (const m of cls.members) {
    if (!ts.isMethodDeclaration(m) || !m.name || !ts.isIdentifier(m.name)) continue;
    const mods = ts.getCombinedModifierFlags(m);
    if (mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected | ts.ModifierFlags.Static)) continue;
    const sig = checker.getSignatureFromDeclaration(m);
    if (!sig) continue;
    methods[m.name.text] = {
      methodParams: Object.fromEntries(m.parameters.map((p) => [p.name.getText(), param(p)])),
      returnType: convert(checker.getReturnTypeOfSignature(sig)),
    };
  }
  return { constructorArgs, methods };
}

function typeConverter(ts: TS, checker: T.TypeChecker) {
  const F = ts.TypeFlags;
  const seen = new Set<T.Type>();
  const nameOf = (t: T.Type) => t.aliasSymbol?.getName() ?? (t.getSymbol() && !(t.getSymbol()!.flags & ts.SymbolFlags.TypeLiteral) ? t.getSymbol()!.getName() : undefined);
  const convert = (t: T.Type): TypeJson => {
    if (t.flags & F.String) return { kind: 'string' };
    if (t.flags & F.Number) return { kind: 'number' };
    if (t.flags & F.Boolean) return { kind: 'boolean' };
    if (t.flags & F.BigInt) return { kind: 'bigint' };
    if (t.flags & F.Null) return { kind: 'null' };
    if (t.flags & F.Undefined) return { kind: 'undefined' };
    if (t.flags & F.Void) return { kind: 'void' };
    if (t.isStringLiteral()) return { kind: 'literal', literalValue: JSON.stringify(t.value) };
    if (t.isNumberLiteral()) return { kind: 'literal', literalValue: String(t.value) };
    if (t.flags & F.BooleanLiteral) return { kind: 'literal', literalValue: checker.typeToString(t) };
    if (t.isUnion()) {
      const types = t.types;
      // `boolean` inside a union is `true | false`: keep it one boolean.
      const trues = types.filter((u) => u.flags & F.BooleanLiteral);
      const rest = trues.length === 2 ? [...types.filter((u) => !(u.flags & F.BooleanLiteral)), checker.getBooleanType()] : types;
      return { kind: 'union', name: t.aliasSymbol?.getName(), types: rest.map(convert), typeParams: [] };
    }
    if (seen.has(t)) return { kind: 'others', name: nameOf(t), recursive: true };
    const sym = t.getSymbol();
    const symName = sym?.getName();
    if (symName === 'Promise' && checker.getTypeArguments(t as T.TypeReference)) {
      return { kind: 'promise', name: 'Promise', element: convert(checker.getTypeArguments(t as T.TypeReference)[0]) };
    }
    if (checker.isTupleType(t)) return { kind: 'tuple', elements: checker.getTypeArguments(t as T.TypeReference).map(convert) };
    if (checker.isArrayType(t)) return { kind: 'array', element: convert(checker.getTypeArguments(t as T.TypeReference)[0]) };
    if (symName === 'Map') return { kind: 'map', name: 'Map', typeArgs: checker.getTypeArguments(t as T.TypeReference).map(convert) };
    if (t.flags & F.Object) {
      seen.add(t);
      try {
        const properties = checker.getPropertiesOfType(t).map((p) => {
          const decl = p.valueDeclaration ?? p.declarations?.[0];
          const optional = !!(p.flags & ts.SymbolFlags.Optional);
          return { name: p.getName(), type: convert(decl ? checker.getTypeOfSymbolAtLocation(p, decl) : checker.getTypeOfSymbol(p)), ...(optional ? { optional } : {}) };
        });
        const isInterface = !!(sym && sym.flags & ts.SymbolFlags.Interface);
        return { kind: isInterface ? 'interface' : 'object', name: nameOf(t), properties, typeParams: [] };
      } finally {
        seen.delete(t);
      }
    }
    return { kind: 'unresolved-type', name: nameOf(t), text: checker.typeToString(t), error: `golem-ts cannot describe ${checker.typeToString(t)}` };
  };
  return convert;
}
