import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  decodeParams,
  encodeReturn,
  errorOutcome,
  findFunction,
  jsFieldName,
  parseFunctionName,
  parseJson,
  parseWitPackages,
  resolveWorld,
  stringifyJson,
  type ReturnOutcome,
} from '../../src/wit/index.ts';
// The component suite's minimal jco host; reused so the codec is checked against real jco bindings.
import { loadComponent, MinimalHost } from '../component/minimal-host.ts';
import { underwritingFiles } from './wit-files.ts';

/**
 * What the host does for `POST .../invoke-and-await?function=…` with body `{"params": …}`:
 * look the function up, decode the params, call the jco export, encode the outcome.
 */
function invoke(instance: Record<string, any>, functionName: string, body: string): string {
  const { exports } = resolveWorld(parseWitPackages(underwritingFiles()), 'underwriting');
  const fn = findFunction(exports, functionName);
  if (!fn) throw new Error(`unknown function ${functionName}`);
  const args = decodeParams(fn, (parseJson(body) as { params: unknown }).params);
  const exported = instance[parseFunctionName(functionName).instance!][jsFieldName(fn.name)] as (...a: unknown[]) => unknown;
  let outcome: ReturnOutcome;
  try {
    outcome = { ok: true, value: exported(...args) };
  } catch (error) {
    const failure = errorOutcome(fn, error);
    if (!failure) throw error;
    outcome = failure;
  }
  return stringifyJson({ result: encodeReturn(fn, outcome) })!;
}

describe('typed JSON against the jco-transpiled underwriting component', () => {
  let instantiate: Awaited<ReturnType<typeof loadComponent>>;
  beforeAll(async () => {
    instantiate = await loadComponent(inject('underwritingWasm'));
  });

  it('submits with REST params and returns the promise id with exact u64s', async () => {
    const host = new MinimalHost();
    host.nextOplogIdx = 18446744073709551615n;
    const instance = await instantiate(host.imports());
    const response = invoke(
      instance,
      'golem:underwriting/api/submit',
      '{"params":[{"applicant":"Ada Lovelace","age":36,"coverage":250000,"smoker":false}]}',
    );
    expect(response).toBe(
      '{"result":[{"ok":{"promise":{"worker-id":{"template-id":{"uuid":{"high-bits":81985529216486895,"low-bits":18364758544493064720}},' +
        '"worker-name":"test-worker"},"oplog-idx":18446744073709551615},"risk-score":20,"required":["identity-verification"]}}]}',
    );
  });

  it('turns a thrown result error into {"err": …}', async () => {
    const instance = await instantiate(new MinimalHost().imports());
    const response = JSON.parse(
      invoke(instance, 'golem:underwriting/api.{submit}', '{"params":[{"applicant":"Ada","age":17,"coverage":1,"smoker":true}]}'),
    );
    expect(response.result).toEqual([{ err: expect.stringMatching(/age must be between 18 and 100/) }]);
    expect(JSON.parse(invoke(instance, 'golem:underwriting/api/await-decision', '{"params":[]}'))).toEqual({
      result: [{ err: 'no application submitted' }],
    });
    expect(JSON.parse(invoke(instance, 'golem:underwriting/api/decision', '{"params":[]}'))).toEqual({ result: [null] });
  });
});
