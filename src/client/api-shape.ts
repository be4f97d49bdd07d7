import { parseFunctionName } from '../wit/function-name.ts';
import { GolemClientError } from './errors.ts';

/**
 * The two REST shapes the client speaks:
 * - `seed`: the seed's `/v1/templates/…` Worker API (this host, Golem Cloud of the template era);
 * - `golem-1.0`: open-source Golem 1.0's `/v1/components/…` (golemcloud/golem v1.0.0,
 *   openapi/golem-service.yaml): multipart field `component`, `env` as a map, invoke params as
 *   `TypeAnnotatedValue` (`{typ, value}`), `Idempotency-Key` header, `recovery-immediately`;
 * - `golem-1.5`: Golem 1.5's worker service (golemcloud/golem v1.5.9,
 *   openapi/golem-worker-service.yaml, facts in src/server/agent-api.ts): a worker is an agent
 *   named by its id (`CounterAgent("c1")`), invoked through `POST /v1/agents/invoke-agent`;
 *   metadata, list, delete, interrupt and complete under `/v1/components/{id}/workers/{agent}`.
 *   Components are uploaded through Golem's registry service, not this API.
 */
export type ApiShape = 'seed' | 'golem-1.0' | 'golem-1.5';

export const API_SHAPES: readonly ApiShape[] = ['seed', 'golem-1.0', 'golem-1.5'];

export interface ShapeRoutes {
  collection: string;
  uploadField: string;
  nameQuery: string;
  recoverQuery: string;
}

export const ROUTES: Record<ApiShape, ShapeRoutes> = {
  seed: { collection: '/v1/templates', uploadField: 'template', nameQuery: 'template-name', recoverQuery: 'recover-immediately' },
  'golem-1.0': { collection: '/v1/components', uploadField: 'component', nameQuery: 'component-name', recoverQuery: 'recovery-immediately' },
  'golem-1.5': { collection: '/v1/components', uploadField: 'component', nameQuery: 'component-name', recoverQuery: 'recovery-immediately' },
};

interface MetadataFunction {
  name: string;
  parameters: { name: string; typ: unknown }[];
}
type MetadataExport = { type: 'Instance'; name: string; functions: MetadataFunction[] } | ({ type: 'Function' } & MetadataFunction);

/**
 * Golem 1.0 wants each invoke param with its type: looks the function up in the component's
 * metadata (`ns:pkg/iface/fn` or `ns:pkg/iface.{fn}`) and pairs params with parameter types.
 */
export function annotateParams(exports: MetadataExport[], fn: string, params: unknown[]): { typ: unknown; value: unknown }[] {
  const parsed = parseFunctionName(fn);
  const name = parsed.resource ? `[method]${parsed.resource}.${parsed.function}` : parsed.function;
  const found =
    parsed.instance === null
      ? exports.find((e): e is Extract<MetadataExport, { type: 'Function' }> => e.type === 'Function' && e.name === name)
      : exports.find((e): e is Extract<MetadataExport, { type: 'Instance' }> => e.type === 'Instance' && e.name === parsed.instance)?.functions.find((f) => f.name === name);
  if (!found) throw new GolemClientError(`function ${fn} is not exported by the component`);
  if (found.parameters.length !== params.length) {
    throw new GolemClientError(`${fn} takes ${found.parameters.length} parameter(s), got ${params.length}`);
  }
  return found.parameters.map((p, i) => ({ typ: p.typ, value: params[i] }));
}
