/**
 * The remote CLI commands (template, worker, invoke, complete, oplog) as a user runs them:
 * `node bin/golem-ts.js …` against a real server, asserting output and exit codes.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GolemClient, type WorkerStatus } from '../../src/client/index.ts';
import { parseJson } from '../../src/wit/json.ts';
import { startTestHost, underwritingWasmPath, waitForStatus as waitFor, type TestHost } from '../server/host.ts';
import { compileLib, runCli } from './run-cli.ts';

const TOKEN = 'cli-test-token';
const API = 'golem:underwriting/api';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const VERDICT = '{"verdict":"approve","loading-percent":25,"note":"Healthy non-smoker"}';

let host: TestHost;
let client: GolemClient;
let wasm: string;
let templateId: string;
let oplogIdx: string;

/** Runs the CLI against the test host (URL and token from the environment, as a user would). */
const cli = (...args: string[]) => runCli(args, { GOLEM_TS_URL: host.url, GOLEM_TS_TOKEN: TOKEN });

const waitForStatus = (worker: string, status: WorkerStatus) => waitFor(host.url, templateId, worker, status, TOKEN);

beforeAll(async () => {
  wasm = underwritingWasmPath();
  await compileLib();
  host = await startTestHost({ token: TOKEN });
  client = new GolemClient({ url: host.url, token: TOKEN });
});
afterAll(() => host?.close());

describe('template commands', () => {
  it('lists nothing on a fresh host', async () => {
    expect(await cli('template', 'list')).toEqual({ code: 0, stdout: 'no templates\n', stderr: '' });
  });

  it('adds a template and shows its functions', async () => {
    const res = await cli('template', 'add', 'underwriting', wasm);
    expect(res.code).toBe(0);
    const match = new RegExp(`^added (${UUID})  v0  underwriting  \\d+\\.\\d MiB\\n`).exec(res.stdout);
    expect(match, res.stdout).not.toBeNull();
    templateId = match![1];
    expect(res.stdout).toContain(`  ${API}/submit  func(app: application) -> result<submission, string>`);
    expect(res.stdout).toContain(`  ${API}/await-decision  func()`);
  });

  it('updates a template and lists every version', async () => {
    const res = await cli('template', 'update', templateId, wasm);
    expect(res.stdout).toMatch(new RegExp(`^updated ${templateId}  v1  underwriting`));
    const list = await cli('template', 'list');
    expect(list.stdout.trim().split('\n')).toEqual([expect.stringContaining(`${templateId}  v0`), expect.stringContaining(`${templateId}  v1`)]);
    const json = parseJson((await cli('template', 'list', '--json', '--name', 'underwriting')).stdout) as unknown[];
    expect(json).toHaveLength(2);
  });

  it('fails in one line for a missing file', async () => {
    const res = await cli('template', 'add', 'x', '/nonexistent/file.wasm');
    expect(res).toEqual({ code: 1, stdout: '', stderr: 'golem-ts: cannot read /nonexistent/file.wasm: no such file\n' });
  });
});

describe('worker commands', () => {
  it('creates a worker with args and env', async () => {
    const res = await cli('worker', 'add', templateId, 'w1', '--arg', '-v', '--arg', '4', '--env', 'MODE=prod', '--env', 'EXPR=a=b');
    expect(res).toEqual({ code: 0, stdout: `created worker w1 (template ${templateId} v1)\n`, stderr: '' });
  });

  it('prints worker metadata as JSON and lists workers', async () => {
    const meta = parseJson((await cli('worker', 'get', templateId, 'w1')).stdout);
    expect(meta).toMatchObject({ args: ['-v', '4'], env: { MODE: 'prod', EXPR: 'a=b' }, status: 'Idle', templateVersion: 1 });
    expect((await cli('worker', 'list', templateId)).stdout).toBe('w1  Idle  v1\n');
  });

  it('rejects a malformed --env', async () => {
    const res = await cli('worker', 'add', templateId, 'w2', '--env', 'NOEQUALS');
    expect(res).toEqual({ code: 1, stdout: '', stderr: 'golem-ts: --env expects KEY=VALUE, got NOEQUALS\n' });
  });
});

describe('invoke, complete and oplog', () => {
  it('invokes and awaits submit, printing the typed-JSON result', async () => {
    const res = await cli('invoke', templateId, 'w1', `${API}/submit`, '{"applicant": "Ada Lovelace", "age": 36, "coverage": 250000, "smoker": false}', '--await');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^\[\n {2}\{\n {4}"ok": \{/); // indented
    const [{ ok }] = parseJson(res.stdout) as [{ ok: { 'risk-score': number; promise: { 'oplog-idx': number } } }];
    expect(ok['risk-score']).toBe(20);
    oplogIdx = String(ok.promise['oplog-idx']);
  });

  it('enqueues await-decision without --await', async () => {
    const res = await cli('invoke', templateId, 'w1', `${API}/await-decision`);
    expect(res).toEqual({ code: 0, stdout: `invoked ${API}/await-decision on worker w1\n`, stderr: '' });
    expect(await cli('worker', 'wait', templateId, 'w1', 'suspended', 'Failed')).toEqual({ code: 0, stdout: 'worker w1 is Suspended\n', stderr: '' });
  });

  it('worker wait gives up after --timeout naming the status, and refuses an unknown status', async () => {
    expect(await cli('worker', 'wait', templateId, 'w1', 'Exited', '--timeout', '1')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'golem-ts: worker w1 did not become Exited within 1000 ms (it is Suspended)\n',
    });
    const unknown = await cli('worker', 'wait', templateId, 'w1', 'Sleeping');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('golem-ts: unknown worker status Sleeping: one of Idle, Running, Suspended, Interrupted, Retrying, Failed, Exited\n');
  });

  it('checks complete arguments before sending anything', async () => {
    expect((await cli('complete', templateId, 'w1', 'abc', '{}')).stderr).toBe('golem-ts: oplog index must be a non-negative integer, got abc\n');
    expect((await cli('complete', templateId, 'w1', oplogIdx, '{broken')).stderr).toMatch(/^golem-ts: the payload is not valid JSON .*\n$/);
    expect((await cli('complete', templateId, 'w1', oplogIdx, '{}', '--text', 'x')).stderr).toBe('golem-ts: give one payload, not a JSON argument and --text\n');
    expect((await cli('complete', templateId, 'w1', oplogIdx)).stderr).toBe('golem-ts: give the payload: a JSON argument, --bytes, --file or --text\n');
    expect((await cli('complete', templateId, 'w1', oplogIdx, '--bytes', '1,300')).stderr).toMatch(/--bytes expects integers 0-255/);
    await waitForStatus('w1', 'Suspended');
  });

  it('reports an unknown promise as a 404 in one line', async () => {
    const res = await cli('complete', templateId, 'w1', '99999', '--bytes', '1,2,3');
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^golem-ts: 404 Not Found: promise .* not found\n$/);
  });

  it('lists the pending promise with a complete command; worker get names it; a schema-invalid payload is refused', async () => {
    const listed = await cli('promises', templateId, 'w1');
    expect(listed.code).toBe(0);
    const [head, command] = listed.stdout.split('\n');
    expect(head).toMatch(new RegExp(`^promise ${oplogIdx}  pending  created \\S+ by ${API}/submit, awaited by ${API}/await-decision \\(invocation \\d+\\)$`));
    expect(command).toBe(`  golem-ts complete --url ${host.url} ${templateId} w1 ${oplogIdx} '{"verdict":"approve","loading-percent":0,"note":""}'`);
    const get = await cli('worker', 'get', templateId, 'w1');
    expect(get.stdout).toContain(`awaiting promise ${oplogIdx} (${API}/await-decision); complete it with:\n${command}\n`);

    const refused = await cli('complete', templateId, 'w1', oplogIdx, '{"approved":"yes"}');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^golem-ts: 400 Bad Request: payload\.verdict: required; .*promise \d+ is still pending/);
    expect((await cli('promises', templateId, 'w1')).stdout).toContain(`promise ${oplogIdx}  pending`);
  });

  it('runs the printed complete command as is', async () => {
    await cli('worker', 'add', templateId, 'w-printed');
    await cli('invoke', templateId, 'w-printed', `${API}/submit`, '{"applicant":"Bo","age":30,"coverage":1000,"smoker":false}', '--await');
    await cli('invoke', templateId, 'w-printed', `${API}/await-decision`);
    await waitForStatus('w-printed', 'Suspended');
    const command = (await cli('promises', templateId, 'w-printed')).stdout.split('\n')[1].trim();
    const args = command.match(/'[^']*'|\S+/g)!.slice(1).map((a) => a.replace(/^'(.*)'$/, '$1'));
    const ran = await runCli(args, { GOLEM_TS_TOKEN: TOKEN });
    expect(ran.stdout).toMatch(/^completed promise \d+ of worker w-printed/);
    await waitForStatus('w-printed', 'Idle');
    expect((await cli('promises', templateId, 'w-printed')).stdout).toBe('worker w-printed has no pending promises\n');
  });

  it('completes the promise with the JSON argument, then reports it already completed', async () => {
    const res = await cli('complete', templateId, 'w1', oplogIdx, VERDICT);
    expect(res).toEqual({ code: 0, stdout: `completed promise ${oplogIdx} of worker w1 (${VERDICT.length} bytes)\n`, stderr: '' });
    const again = await cli('complete', templateId, 'w1', oplogIdx, '--text', VERDICT);
    expect(again.stdout).toBe(`promise ${oplogIdx} of worker w1 was already completed; nothing changed\n`);
    await waitForStatus('w1', 'Idle');
  });

  it('reads the decision with --params', async () => {
    const res = await cli('invoke', templateId, 'w1', `${API}/decision`, '--params', '[]', '--await');
    expect(parseJson(res.stdout)).toEqual([{ approved: true, 'annual-premium-cents': 62500, reason: 'Healthy non-smoker' }]);
  });

  it('prints the oplog readably, grouped by default', async () => {
    const entries = await client.getOplog(templateId, 'w1');
    const res = await cli('oplog', templateId, 'w1');
    expect(res.code).toBe(0);
    const lines = res.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ +1 {2}\d\d:\d\d:\d\d\.\d{3} {2}create {2}template v1 args \["-v","4"\] env \{"MODE":"prod","EXPR":"a=b"\}$/);
    expect(res.stdout).toMatch(/exported-function-invoked {2}golem:underwriting\/api\/submit \[\{"applicant":"Ada Lovelace"/);
    expect(res.stdout).toMatch(/ suspend  awaiting promise \d+\n/);
    expect(res.stdout).toMatch(/golem:api\/host\/await-promise → \{"ok":"<\d+ bytes: \{\\"verdict\\":\\"approve\\"/);
    expect(res.stdout).toMatch(/exported-function-completed {2}→ \[\{"ok":\{"approved":true/);
    expect(lines.length).toBeLessThanOrEqual(entries.length);

    const all = await cli('oplog', templateId, 'w1', '--all');
    expect(all.stdout.trim().split('\n')).toHaveLength(entries.length);
    const from = await cli('oplog', templateId, 'w1', '--from', '2', '--all');
    expect(from.stdout.trim().split('\n')).toHaveLength(entries.length - 1);
    expect(parseJson((await cli('oplog', templateId, 'w1', '--json')).stdout)).toHaveLength(entries.length);
  });

  it('rejects bad invoke arguments', async () => {
    expect((await cli('invoke', templateId, 'w1', `${API}/decision`, '{nope')).stderr).toMatch(/^golem-ts: parameter 1 is not valid JSON/);
    expect((await cli('invoke', templateId, 'w1', `${API}/decision`, '--key', 'k')).stderr).toMatch(/--key needs --await/);
    expect((await cli('invoke', templateId, 'w1', `${API}/decision`, '1', '--params', '[]')).stderr).toMatch(/either positionally or with --params/);
    const typeError = await cli('invoke', templateId, 'w1', `${API}/submit`, '{"applicant": 1}', '--await');
    expect(typeError.code).toBe(1);
    expect(typeError.stderr).toMatch(/^golem-ts: 400 Bad Request: /);
    expect(typeError.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('interrupts and deletes the worker', async () => {
    expect((await cli('worker', 'interrupt', templateId, 'w1', '--recover-immediately')).stdout).toBe('interrupted worker w1 (recovering immediately)\n');
    expect((await cli('worker', 'delete', templateId, 'w1')).stdout).toBe('deleted worker w1\n');
    const gone = await cli('worker', 'get', templateId, 'w1');
    expect(gone).toEqual({ code: 1, stdout: '', stderr: `golem-ts: 404 Not Found: worker w1 not found in template ${templateId}\n` });
  });
});

describe('connection and auth', () => {
  it('fails with 401 without the right token', async () => {
    const res = await runCli(['template', 'list', '--url', host.url, '--token', 'wrong']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^golem-ts: 401 Unauthorized: /);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('names the URL it could not reach', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    await new Promise((r) => server.close(r));
    const res = await runCli(['worker', 'get', templateId, 'w1'], { GOLEM_TS_URL: `http://127.0.0.1:${port}` });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(new RegExp(`^golem-ts: cannot reach the Golem API at http://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED.*\\n$`));
  });
});
