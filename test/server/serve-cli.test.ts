/**
 * `golem-ts serve` as a process, on what it accepts at start: an empty token is refused in one
 * line, listening beyond loopback without a token warns loudly, `--allowed-host` adds a name and
 * `--host 0.0.0.0` answers under the machine's own addresses (the one the client connected to).
 */
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileLib, runCli, startCli } from '../cli/run-cli.ts';

const LISTENING = /golem-ts host listening on http:\/\/(\S+):(\d+) \(data: /;

/** A GET to `address:port` naming `host` in the Host header; resolves with the status (and the body, for a 421). */
function statusFor(address: string, port: number, host: string, path = '/v1/key-value', body?: { text: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: address, port, path, headers: { host } }, (res) => {
      res.setEncoding('utf8').on('data', (d: string) => body && (body.text += d));
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/** This machine's first non-loopback IPv4 address, if it has one. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

let dataDir: string;
beforeAll(async () => {
  await compileLib();
  dataDir = await mkdtemp(join(tmpdir(), 'golem-ts-serve-origin-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

async function serve(args: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; port: number; stderr: () => string }> {
  const started = await startCli(['serve', '--port', '0', '--data', dataDir, ...args], LISTENING, env);
  return { child: started.child, port: Number(started.match[2]), stderr: () => started.output().stderr };
}

/** Stops the host and waits until its output is read to the end. */
async function stop(child: ChildProcess): Promise<void> {
  const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
  child.kill('SIGTERM');
  expect(await closed).toBe(0);
}

describe('serve refuses what cannot work, in one line', () => {
  it.each([
    [['--token', ''], {}],
    [[], { GOLEM_TS_TOKEN: '' }],
  ])('an empty token (%j, env %j)', async (args, env) => {
    const res = await runCli(['serve', '--port', '0', '--data', dataDir, ...args], env);
    expect(res).toEqual({ code: 1, stdout: '', stderr: expect.stringMatching(/^golem-ts: the bearer token is empty: give a non-empty --token \(or GOLEM_TS_TOKEN\), or none at all to run without auth\n$/) });
  });

  it('an --allowed-host that is not a host name', async () => {
    const res = await runCli(['serve', '--port', '0', '--data', dataDir, '--allowed-host', 'http://rebind.test/']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^golem-ts: --allowed-host expects a host name.*"http:\/\/rebind\.test\/"\n$/);
  });
});

describe('serve beyond loopback', () => {
  it('warns loudly without a token, and answers under the address the client reached, loopback names and --allowed-host only', async () => {
    const { child, port, stderr } = await serve(['--host', '0.0.0.0', '--allowed-host', 'rebind.test']);
    try {
      expect(await statusFor('127.0.0.1', port, `127.0.0.1:${port}`)).toBe(200);
      expect(await statusFor('127.0.0.1', port, `0.0.0.0:${port}`)).toBe(200); // the address it was told to listen on
      expect(await statusFor('127.0.0.1', port, `rebind.test:${port}`)).toBe(200);
      expect(await statusFor('127.0.0.1', port, `evil.test:${port}`)).toBe(421);
      if (lanAddress) {
        expect(await statusFor(lanAddress, port, `${lanAddress}:${port}`)).toBe(200);
        const refusal = { text: '' };
        expect(await statusFor(lanAddress, port, `evil.test:${port}`, '/v1/key-value', refusal)).toBe(421);
        expect(JSON.parse(refusal.text).error).toContain(`the address it listens on (0.0.0.0:${port}) or the one reached (${lanAddress}:${port})`);
        // Another address of nobody's: not the one the connection reached.
        expect(await statusFor(lanAddress, port, `198.51.100.254:${port}`)).toBe(421);
      }
    } finally {
      await stop(child);
    }
    expect(stderr()).toContain('!! WARNING: listening on 0.0.0.0, beyond loopback, WITHOUT A TOKEN.\n!! Anyone who can reach this address can upload and run components');
  });

  it('does not warn with a token, nor on loopback', async () => {
    const withToken = await serve(['--host', '0.0.0.0'], { GOLEM_TS_TOKEN: 's3cret' });
    await stop(withToken.child);
    expect(withToken.stderr()).not.toContain('WARNING');
    const loopback = await serve(['--host', 'localhost']);
    await stop(loopback.child);
    expect(loopback.stderr()).not.toContain('WARNING');
  });
});
