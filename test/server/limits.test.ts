import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { Executor } from '../../src/host/executor.ts';
import { startServer } from '../../src/server/index.ts';
import { http, underwritingWasmPath } from './host.ts';

it('answers 403 {"error"} once the configured maximum number of workers exists', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'golem-ts-limits-'));
  const executor = await Executor.open({ dataDir, maxWorkers: 1 });
  const server = await startServer({ executor, port: 0 });
  try {
    const template = await executor.addTemplate('underwriting', new Uint8Array(await readFile(underwritingWasmPath())));
    const path = `/v1/templates/${template.versionedTemplateId.rawTemplateId}/workers`;
    expect((await http(server.url, 'POST', path, { json: { name: 'one', args: [], env: [] } })).status).toBe(200);
    const second = await http(server.url, 'POST', path, { json: { name: 'two', args: [], env: [] } });
    expect(second.status).toBe(403);
    expect(second.json).toEqual({ error: 'Maximum number of workers exceeded (1)' });
  } finally {
    await server.close();
    await executor.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
