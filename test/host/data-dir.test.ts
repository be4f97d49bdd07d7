/** A data dir whose database was lost while its uploaded templates remain is refused at start, not served empty. */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { Executor } from '../../src/host/executor.ts';
import { executorWith, tempDir } from './helpers.ts';

describe('data dir', () => {
  for (const [what, lose] of [
    ['empty (0 bytes)', (db: string) => writeFileSync(db, '')],
    ['missing', (db: string) => rmSync(db)],
  ] as const) {
    it(`a database that is ${what} while templates/ holds uploads is an error at start`, async () => {
      const { executor, dataDir } = await executorWith(inject('templateWasm').minimal);
      await executor.close();
      const db = join(dataDir, 'golem-ts.sqlite');
      for (const suffix of ['-wal', '-shm']) rmSync(db + suffix, { force: true });
      lose(db);
      await expect(Executor.open({ dataDir })).rejects.toThrow(/holds 1 uploaded template\(s\) under templates\/ but its database golem-ts\.sqlite is empty or missing/);
    });
  }

  it('a new data dir, and one with templates and their database, start', async () => {
    const fresh = await Executor.open({ dataDir: tempDir() });
    await fresh.close();
    const { executor, dataDir } = await executorWith(inject('templateWasm').minimal);
    await executor.close();
    const again = await Executor.open({ dataDir });
    expect(again.listTemplates()).toHaveLength(1);
    await again.close();
  });
});
