export { WitParseError, WitResolveError, TypedJsonError, type WitLocation } from './errors.ts';
export { parseWitPackages } from './parse.ts';
export { findWorld, resolveWorld, singleResultType } from './model.ts';
export type {
  EnumType,
  ExportedFunction,
  ExportedInstance,
  FlagsType,
  HandleType,
  IntegerKind,
  ListType,
  OptionType,
  PrimitiveKind,
  PrimitiveType,
  RecordType,
  ResolvedWorld,
  ResultType,
  TupleType,
  VariantType,
  WitCase,
  WitField,
  WitFunction,
  WitInterface,
  WitPackage,
  WitParam,
  WitResolve,
  WitResource,
  WitResults,
  WitType,
  WitWorld,
  WorldExport,
  WorldItem,
} from './model.ts';
export {
  decodeParams,
  encodeResult,
  encodeReturn,
  errorOutcome,
  fromJson,
  toJson,
  topLevelResult,
  type ReturnOutcome,
} from './typed-json.ts';
export { JsonBigInt, parseJson, stringifyJson } from './json.ts';
export { jsFieldName, witIdProblem, witPackageNameProblem } from './names.ts';
export {
  dropFunction,
  exportMetadata,
  formatSignature,
  formatWitType,
  functionMetadata,
  resourceNumbering,
  toGolemType,
  type GolemExport,
  type GolemFunction,
  type GolemType,
  type ResourceIdOf,
} from './golem-type.ts';
export { findFunction, parseFunctionName, type ParsedFunctionName } from './function-name.ts';
