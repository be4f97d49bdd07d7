/**
 * `golem-ts serve` as a process (URL, token, durable data across restarts, clean shutdown on
 * SIGINT/SIGTERM) and `golem-ts demo` end to end.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { underwritingWasmPath } from '../server/host.ts';
import { compileLib, exitOf, runCli, startCli } from './run-cli.ts';

const LISTENING = /golem-ts host listening on (http:\/\/127\.0\.0\.1:\d+) \(data: (.+?)(, bearer token required)?\)\n/;

let dataDir: string;
beforeAll(async () => {
  await compileLib();
  dataDir = await mkdtemp(join(tmpdir(), 'golem-ts-serve-test-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('serve', () => {
  it('serves with a token, keeps templates across restarts and stops on SIGTERM/SIGINT', async () => {
    const first = await startCli(['serve', '--port', '0', '--data', dataDir], LISTENING, { GOLEM_TS_TOKEN: 'T0ken' });
    const url = first.match[1];
    expect(first.match[2]).toBe(dataDir);
    expect(first.match[3]).toBe(', bearer token required');
    try {
      expect((await runCli(['template', 'list', '--url', url])).stderr).toMatch(/^golem-ts: 401 Unauthorized/);
      const added = await runCli(['template', 'add', 'underwriting', underwritingWasmPath(), '--url', url, '--token', 'T0ken']);
      expect(added.code, added.stderr).toBe(0);
    } finally {
      first.child.kill('SIGTERM');
    }
    expect(await exitOf(first.child)).toBe(0);
    expect(first.output().stderr).toContain('SIGTERM: shutting down');

    const second = await startCli(['serve', '--port', '0', '--data', dataDir], LISTENING);
    try {
      const list = await runCli(['template', 'list', '--url', second.match[1]]);
      expect(list.stdout).toMatch(/ {2}v0 {2}underwriting {2}/);
    } finally {
      second.child.kill('SIGINT');
    }
    expect(await exitOf(second.child)).toBe(0);
  });

  it('rejects a bad port in one line', async () => {
    const res = await runCli(['serve', '--port', 'eighty', '--data', dataDir]);
    expect(res).toEqual({ code: 1, stdout: '', stderr: 'golem-ts: --port must be an integer 0-65535, got eighty\n' });
  });
});

describe('demo', () => {
  it('runs the underwriting workflow over HTTP and exits 0', async () => {
    const res = await runCli(['demo']);
    expect(res.code, res.stderr).toBe(0);
    const out = res.stdout;
    expect(out).toMatch(/▸ local host listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toMatch(/▸ uploaded template underwriting: [0-9a-f-]{36} v0/);
    expect(out).toMatch(/▸ credit bureau \(stand-in\) listening on http:\/\/127\.0\.0\.1:\d+\/score/);
    // Our own score is 20; the bureau's 30 wins.
    expect(out).toContain("▸ submitted Ada Lovelace's application: risk score 30 (bureau requests: 1)");
    expect(out).toMatch(/ HTTP request POST http:\/\/127\.0\.0\.1:\d+\/score \(\d+-byte body\) \(WriteRemote\)\n/);
    expect(out).toMatch(/ HTTP response to entry \d+: 200, 12 bytes: \{"score":30\} \(ReadRemote\)\n/);
    expect(out).toContain('▸ worker application-1 is Suspended');
    expect(out).toMatch(/▸ underwriter completed promise \d+ with \{"verdict":"approve","loading-percent":25,"note":"Healthy non-smoker"\}/);
    expect(out).toContain('▸ decision: approved, annual premium 781.25, reason "Healthy non-smoker"; bureau requests: 1');
    expect(out).toMatch(/ suspend  awaiting promise \d+\n/);
    // kill -9 right after the bureau's response was recorded: the restarted host does not call it again.
    expect(out).toContain('▸ application-3: submit called the bureau (requests: 1) and the host was killed (SIGKILL) before the invocation finished');
    expect(out).toContain('▸ the retried submit (same invocation key) answers risk score 70; bureau requests: still 1 (replay used the recorded response)');
    expect(out).toContain('▸ done: the host is shut down');
  });
});
