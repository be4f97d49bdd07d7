import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { readEmbeddedWit } from '../../src/build/index.ts';
import { createTestHost } from '../../src/testing/index.ts';
import { parseWitPackages, resolveWorld } from '../../src/wit/index.ts';

const manifest = JSON.parse(readFileSync(fileURLToPath(new URL('../../templates/manifest.json', import.meta.url)), 'utf8')) as {
  templates: { name: string; exports: string[] }[];
};

describe('templates', () => {
  it.each(manifest.templates)('$name builds and exports what its manifest says', ({ name, exports }) => {
    const wit = readEmbeddedWit(readFileSync(inject('templateWasm')[name]));
    expect(wit).toBeDefined();
    const world = resolveWorld(parseWitPackages(wit!.files), wit!.world);
    const names = world.exports.flatMap((e) => (e.type === 'Instance' ? e.functions.map((f) => `${e.name}/${f.name}`) : [e.name]));
    expect(names.sort()).toEqual([...exports].sort());
  });

  it('approval: waits for the approver durably and reports the answer', async () => {
    const host = await createTestHost();
    try {
      const templateId = await host.template(inject('templateWasm').approval);
      const run = async (worker: string, subject: string, answer: unknown) => {
        const w = await host.worker(templateId, worker);
        const [promise] = (await w.invoke('golem:approval/api/request', [subject])) as [{ 'oplog-idx': number }];
        const outcome = w.invoke('golem:approval/api/outcome');
        await w.waitFor('Suspended');
        expect(await w.complete(promise['oplog-idx'], answer)).toBe(true);
        return outcome;
      };
      expect(await run('expense-42', 'expense #42', { approved: true, by: 'Ada' })).toEqual([{ ok: 'expense #42: approved by Ada' }]);
      expect(await run('expense-43', 'expense #43', { approved: 'yes' })).toEqual([{ err: expect.stringMatching(/expected \{"approved": boolean, "by": string\}/) }]);
    } finally {
      await host.close();
    }
  });
});
