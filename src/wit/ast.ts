import type { PrimitiveKind } from './model.ts';
import type { SourceMap } from './lexer.ts';

/** A position in a source file; `source` turns it into file:line:col when reporting. */
export interface Pos {
  source: SourceMap;
  offset: number;
}

export type TypeNode =
  | { k: 'primitive'; kind: PrimitiveKind }
  | { k: 'list'; element: TypeNode }
  | { k: 'option'; inner: TypeNode }
  | { k: 'result'; ok?: TypeNode; err?: TypeNode }
  | { k: 'tuple'; items: TypeNode[] }
  | { k: 'handle'; mode: 'own' | 'borrow'; name: string; pos: Pos }
  | { k: 'ref'; name: string; pos: Pos };

export interface NamedTypeNode {
  name: string;
  type: TypeNode;
}

export interface FuncNode {
  params: NamedTypeNode[];
  results: { kind: 'anon'; type?: TypeNode } | { kind: 'named'; items: NamedTypeNode[] };
  pos: Pos;
}

export interface PackageNameNode {
  namespace: string;
  name: string;
  version?: string;
  pos: Pos;
}

/** `types` (same package or a top-level `use` alias) or `ns:pkg/types@1.0.0`. */
export type UsePath =
  | { k: 'local'; name: string; pos: Pos }
  | { k: 'package'; pkg: PackageNameNode; name: string; pos: Pos };

export interface UseNode {
  k: 'use';
  path: UsePath;
  names: { name: string; as?: string; pos: Pos }[];
  pos: Pos;
}

export interface ResourceFuncNode {
  name: string;
  kind: 'constructor' | 'method' | 'static';
  func: FuncNode;
}

export type TypeDefNode =
  | { k: 'alias'; name: string; type: TypeNode; pos: Pos }
  | { k: 'record'; name: string; fields: NamedTypeNode[]; pos: Pos }
  | { k: 'variant'; name: string; cases: { name: string; type?: TypeNode }[]; pos: Pos }
  | { k: 'enum'; name: string; cases: string[]; pos: Pos }
  | { k: 'flags'; name: string; flags: string[]; pos: Pos }
  | { k: 'resource'; name: string; funcs: ResourceFuncNode[]; pos: Pos };

export interface FuncItemNode {
  k: 'func';
  name: string;
  func: FuncNode;
  pos: Pos;
}

export type InterfaceItemNode = UseNode | TypeDefNode | FuncItemNode;

export interface InterfaceNode {
  name: string;
  items: InterfaceItemNode[];
  pos: Pos;
}

export type ExternNode =
  | { k: 'path'; path: UsePath }
  | { k: 'func'; name: string; func: FuncNode }
  | { k: 'interface'; iface: InterfaceNode };

export type WorldItemNode =
  | UseNode
  | TypeDefNode
  | { k: 'import' | 'export'; extern: ExternNode; pos: Pos }
  | { k: 'include'; path: UsePath; renames: { from: string; to: string }[]; pos: Pos };

export interface WorldNode {
  name: string;
  items: WorldItemNode[];
  pos: Pos;
}

/** A top-level `use a:b/c@1.0.0 as d;`: names an interface for the rest of the file. */
export interface TopUseNode {
  path: UsePath;
  alias: string;
  pos: Pos;
}

/**
 * One package's share of a file: the file body (named by its `package x;` header, if any) or
 * a nested `package x { ... }` block.
 */
export interface PackageChunk {
  name?: PackageNameNode;
  interfaces: InterfaceNode[];
  worlds: WorldNode[];
  uses: TopUseNode[];
  source: SourceMap;
}
