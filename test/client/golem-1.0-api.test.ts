import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GolemClient, GolemClientError } from '../../src/client/index.ts';
import { OpenApiMock } from './openapi-mock.ts';

/** golemcloud/golem v1.0.0 `openapi/golem-service.yaml` (blob 245d618), converted to JSON unchanged. */
const spec = fileURLToPath(new URL('../fixtures/openapi/golem-1.0.json', import.meta.url));
const COMPONENT_ID = '0f5a3c9e-1b2d-4e6f-8a7b-9c0d1e2f3a4b';

const component = {
  versionedComponentId: { componentId: COMPONENT_ID, version: 0 },
  componentName: 'calc',
  componentSize: 195,
  metadata: {
    exports: [
      {
        type: 'Instance',
        name: 'test:wat/calc',
        functions: [
          {
            name: 'add',
            parameters: [
              { name: 'a', typ: { type: 'U32' } },
              { name: 'b', typ: { type: 'U32' } },
            ],
            results: [{ typ: { type: 'U32' } }],
          },
        ],
      },
    ],
    producers: [],
    memories: [],
  },
};

const mock = new OpenApiMock(spec, {
  create_component: component,
  get_latest_component_metadata: component,
  launch_new_worker: { workerId: { componentId: COMPONENT_ID, workerName: 'w' }, componentVersion: 0 },
  invoke_and_await_function: { result: { typ: { type: 'Tuple', items: [{ type: 'U32' }] }, value: [42] } },
  invoke_function: {},
  complete_promise: true,
  interrupt_worker: {},
  delete_worker: {},
});
let client: GolemClient;

beforeAll(async () => {
  client = new GolemClient({ url: await mock.start(), api: 'golem-1.0' });
});
afterAll(async () => {
  await mock.close();
});

describe('the client against Golem 1.0 (/v1/components, checked against its OpenAPI)', () => {
  it('uploads a component, starts a worker, invokes with type-annotated params, completes and interrupts', async () => {
    const uploaded = (await client.addTemplate('calc', new Uint8Array([0, 0x61, 0x73, 0x6d]))) as unknown as typeof component;
    expect(uploaded.versionedComponentId.componentId).toBe(COMPONENT_ID);
    await client.createWorker(COMPONENT_ID, 'w', { args: ['x'], env: [['A', '1']] });
    expect(await client.invokeAndAwait(COMPONENT_ID, 'w', 'test:wat/calc.{add}', [40, 2], { invocationKey: 'key-1' })).toEqual([42]);
    await client.invoke(COMPONENT_ID, 'w', 'test:wat/calc/add', [1, 2]);
    expect(await client.completePromise(COMPONENT_ID, 'w', 7, [1, 2])).toBe(true);
    await client.interrupt(COMPONENT_ID, 'w', { recoverImmediately: true });
    await client.deleteWorker(COMPONENT_ID, 'w');

    expect(mock.violations).toEqual([]);
    const byOp = (id: string) => mock.calls.filter((c) => c.operationId === id);
    expect(byOp('create_component')[0].fields).toEqual(['name', 'component']);
    expect(byOp('launch_new_worker')[0].body).toEqual({ name: 'w', args: ['x'], env: { A: '1' } });
    const invoke = byOp('invoke_and_await_function')[0];
    expect(invoke.path).toBe(`/v1/components/${COMPONENT_ID}/workers/w/invoke-and-await`);
    expect(invoke.headers['idempotency-key']).toBe('key-1');
    expect(invoke.body).toEqual({
      params: [
        { typ: { type: 'U32' }, value: 40 },
        { typ: { type: 'U32' }, value: 2 },
      ],
    });
    expect(byOp('invoke_function')[0].body).toEqual({ params: [{ typ: { type: 'U32' }, value: 1 }, { typ: { type: 'U32' }, value: 2 }] });
    expect(byOp('interrupt_worker')[0].query).toEqual({ 'recovery-immediately': 'true' });
  });

  it('refuses what Golem 1.0 lacks, and functions the component does not export, before any request', async () => {
    const before = mock.calls.length;
    await expect(client.getOplog(COMPONENT_ID, 'w')).rejects.toBeInstanceOf(GolemClientError);
    await expect(client.createInvocationKey(COMPONENT_ID, 'w')).rejects.toMatchObject({ code: 'GOLEM_CLIENT' });
    expect(mock.calls.length).toBe(before);
    await expect(client.invokeAndAwait(COMPONENT_ID, 'w', 'test:wat/calc.{sub}', [1, 2])).rejects.toThrow(/test:wat\/calc\.\{sub\} is not exported/);
    await expect(client.invokeAndAwait(COMPONENT_ID, 'w', 'test:wat/calc.{add}', [1])).rejects.toThrow(/takes 2 parameter\(s\), got 1/);
  });
});
