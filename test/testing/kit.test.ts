import { describe, expect, inject, it } from 'vitest';
import { createTestHost, TestKitError } from '../../src/testing/index.ts';

describe('golem-ts/testing', () => {
  it('serves the REST API on 127.0.0.1 with a client, token included, also after a restart', async () => {
    await using host = await createTestHost({ http: true, token: 'kit-secret' });
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const templateId = await host.template(inject('underwritingWasm'), 'underwriting');
    await host.worker(templateId, 'kit-2');
    expect((await host.client!.getWorker(templateId, 'kit-2')).status).toBe('Idle');
    const anonymous = await fetch(`${host.url}/v1/templates/${templateId}/workers/kit-2`);
    expect(anonymous.status).toBe(401);
    await host.restart();
    expect((await host.client!.getWorker(templateId, 'kit-2')).status).toBe('Idle');
  });

  it('takes a project directory, a .wasm path or bytes, and says what is wrong with anything else', async () => {
    await using host = await createTestHost({ alwaysReplay: false });
    await expect(host.template('/nonexistent/app.wasm')).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('/nonexistent/app.wasm') });
    const worker = await host.worker(await host.template(inject('hostApiWasm')), 'kv');
    worker.kv('seeded').set('a', { n: 1 });
    expect(await worker.invoke('test:host-api/api/kv-tour', ['tour'])).toEqual([expect.arrayContaining(['get a={"n":1}'])]);
    expect(worker.kv('seeded').get('a')).toEqual({ n: 1 });
    expect(worker.kv('tour').keys()).toEqual(['count', 'raw']);
    await expect(worker.complete({ nope: 1 } as never, 'x')).rejects.toBeInstanceOf(TestKitError);
  });

  it('invokeNoWait queues durably; the invocation runs after the one in progress', async () => {
    await using host = await createTestHost();
    const worker = await host.worker(await host.template(inject('hostApiWasm')), 'queue');
    await worker.invokeNoWait('test:host-api/api/increment', [5]);
    expect(await worker.invoke('test:host-api/api/increment', [1])).toEqual([6]);
  });
});
