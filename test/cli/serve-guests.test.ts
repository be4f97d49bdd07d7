/**
 * Hostile guests against `golem-ts serve` as a process: one that allocates without bound
 * (--max-guest-memory) and one that writes terminal escape sequences (escaped on the host's stderr).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { GolemClient } from '../../src/client/index.ts';
import { escapeControl } from '../../src/cli/guest-output.ts';
import { until } from '../host/helpers.ts';
import { compileLib, exitOf, runCli, startCli } from './run-cli.ts';

const LISTENING = /golem-ts host listening on (http:\/\/127\.0\.0\.1:\d+) /;
const MiB = 2 ** 20;

let dataDir: string;
beforeAll(async () => {
  await compileLib();
  dataDir = await mkdtemp(join(tmpdir(), 'golem-ts-serve-guests-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const running: Awaited<ReturnType<typeof startCli>>[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) {
    s.child.kill('SIGTERM');
    await exitOf(s.child);
  }
});

/** `serve` on a fresh data dir with the memory-bomb fixture uploaded. */
async function serve(...flags: string[]) {
  const started = await startCli(['serve', '--port', '0', '--data', await mkdtemp(join(dataDir, 'data-')), ...flags], LISTENING);
  running.push(started);
  const client = new GolemClient({ url: started.match[1] });
  const templateId = (await client.addTemplate('memory-bomb', readFileSync(inject('memoryBombWasm')))).versionedTemplateId.rawTemplateId;
  return { ...started, client, templateId };
}

/** Peak resident memory of a process (Linux). */
const peakRss = (pid: number) => Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) * 1024;

describe('serve with hostile guests', () => {
  it.skipIf(!existsSync('/proc/self/status'))('three guests that allocate without bound fail as out of memory while the host stays small and serves the others', async () => {
    const { child, client, templateId } = await serve('--max-guest-memory', '64');
    const bombs = ['bomb-1', 'bomb-2', 'bomb-3'];
    for (const name of [...bombs, 'bystander']) await client.createWorker(templateId, name);
    const answers = await Promise.all(bombs.map((name) => client.invokeAndAwait(templateId, name, 'test:memory-bomb/api.{bomb}', []).then(() => 'answered', (e: Error) => e.message)));
    for (const a of answers) expect(a).toMatch(/out of memory: .*limit of 64 MiB per guest \(--max-guest-memory\)/);
    for (const name of bombs) expect((await client.getWorker(templateId, name)).status).toBe('Failed');
    expect(await client.invokeAndAwait(templateId, 'bystander', 'test:memory-bomb/api.{hold}', [16])).toEqual([16]);
    // Generous: without the limit each of these guests grows to ≈ 4 GiB (3 at once ≈ 12 GiB).
    expect(peakRss(child.pid as number)).toBeLessThan(2048 * MiB);
  });

  it('writes guest output to its stderr with control characters escaped', async () => {
    const { client, templateId, output } = await serve();
    await client.createWorker(templateId, 'talker');
    const hostile = 'title\u001b]0;pwned\u0007 clear\u001b[2J\rover\ttab \u009b31m';
    expect(await client.invokeAndAwait(templateId, 'talker', 'test:memory-bomb/api.{say}', [hostile])).toEqual([hostile]);
    const shown = '[talker] title\\x1b]0;pwned\\x07 clear\\x1b[2J\\rover\ttab \\x9b31m\n';
    // Once from stdout, once from stderr.
    await until(() => output().stderr.split(shown).length === 3, 'both lines on the host stderr');
    expect(output().stderr).not.toMatch(/[\u001b\u0007\r\u009b]/);
  });

  it("refuses a limit over wasm32's ceiling in one line", async () => {
    const res = await runCli(['serve', '--port', '0', '--data', dataDir, '--max-guest-memory', '5000']);
    expect(res).toEqual({ code: 1, stdout: '', stderr: 'golem-ts: --max-guest-memory must be at most 4096 (MiB), got 5000\n' });
  });
});

describe('escapeControl', () => {
  it('keeps text, tabs and newlines, and shows every other control character as an escape', () => {
    expect(escapeControl('plain ünïcode ✓\tand\nlines')).toBe('plain ünïcode ✓\tand\nlines');
    expect(escapeControl('\u0000\u0008\u000b\u000c\r\u001b\u007f\u0080\u009f')).toBe('\\x00\\x08\\x0b\\x0c\\r\\x1b\\x7f\\x80\\x9f');
  });
});
