/**
 * `golem-ts demo`: the underwriting workflow end to end, over HTTP against a fresh local host.
 * An application is submitted (scored with a stand-in credit bureau on 127.0.0.1, a durable
 * HTTP request), the worker suspends on the underwriter's promise, the promise is completed
 * through the REST API, and the worker resumes by replay to price the policy. Then a host is
 * killed with SIGKILL right after the bureau answered, and restarted: the bureau is not called again.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { sdkRoot } from '../../build/sdk-paths.ts';
import { GolemClient, type WorkerStatus } from '../../client/index.ts';
import type { Executor } from '../../host/executor.ts';
import type { RunningServer } from '../../server/index.ts';
import { startCreditBureau, type CreditBureau } from '../credit-bureau.ts';
import { crashScene } from '../demo-crash.ts';
import { oplogLines } from '../format.ts';
import { shortJson } from '../json.ts';
import { buildProgress, formatBytes, formatMs } from '../output.ts';

const SUBMIT = 'golem:underwriting/api/submit';
const USE_BUREAU = 'golem:underwriting/api/use-credit-bureau';
const AWAIT_DECISION = 'golem:underwriting/api/await-decision';
const APPLICATION = { applicant: 'Ada Lovelace', age: 36, coverage: 250000, smoker: false };
const VERDICT = { verdict: 'approve', 'loading-percent': 25, note: 'Healthy non-smoker' };
const WORKER = 'application-1';
const WAITING = 'application-2';

/** The example ships with a checkout of golem-ts, not with the npm package. */
const exampleDir = join(sdkRoot, 'examples', 'underwriting');

export function registerDemo(program: Command): void {
  const inCheckout = existsSync(join(exampleDir, 'src'));
  program
    // Not offered by an installed package: its example and the example's dependencies are not shipped.
    .command('demo', { hidden: !inCheckout })
    .description('run the underwriting example end to end against a temporary local host')
    .option('--keep', 'keep the host and its dashboard running (Ctrl-C stops it) with a second application awaiting the underwriter, and keep the data directory')
    .action(async (opts: { keep?: boolean }) => {
      if (!inCheckout) throw new Error('demo runs in a checkout of golem-ts (npm install && npm run demo); in your project, start with `golem-ts new`');
      await runDemo(opts);
    });
}

async function runDemo(opts: { keep?: boolean }): Promise<void> {
  // Loaded on use, so the other commands start quickly.
  const [{ build }, { Executor }, { startServer }] = await Promise.all([
    import('../../build/index.ts'),
    import('../../host/executor.ts'),
    import('../../server/index.ts'),
  ]);
  const wasm = await buildExample(build);
  const dataDir = await mkdtemp(join(tmpdir(), 'golem-ts-demo-'));
  let executor: Executor | undefined;
  let server: RunningServer | undefined;
  const bureau = await startCreditBureau();
  try {
    step(`credit bureau (stand-in) listening on ${bureau.url}`);
    executor = await Executor.open({ dataDir: join(dataDir, 'host') });
    await executor.recover();
    server = await startServer({ executor, host: '127.0.0.1', port: 0 });
    step(`local host listening on ${server.url} (data: ${dataDir})`);
    const client = new GolemClient({ url: server.url });
    const templateId = await scenario(client, wasm, bureau);
    if (!opts.keep) {
      step('kill -9 after the bureau answered:');
      await crashScene(wasm, join(dataDir, 'crash'), bureau, step);
    }
    if (opts.keep) {
      await leaveAwaiting(client, templateId);
      step(`dashboard: ${server.url}/`);
      step('the host keeps running; Ctrl-C stops it');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
    }
  } finally {
    await server?.close();
    await executor?.close();
    await bureau.close();
    if (!opts.keep) await rm(dataDir, { recursive: true, force: true });
  }
  step(`done: the host is shut down${opts.keep ? ` (data kept in ${dataDir})` : ''}`);
}

async function buildExample(build: typeof import('../../build/index.ts').build): Promise<Uint8Array> {
  const dir = exampleDir;
  step(`building ${relative(process.cwd(), dir) || dir}`);
  const progress = buildProgress();
  try {
    const result = await build(dir, { onEvent: progress.onEvent });
    step(`built ${relative(process.cwd(), result.out)} ${formatBytes(result.size)} in ${formatMs(result.ms)}${result.cached ? ' (from cache)' : ''}`);
    return await readFile(result.out);
  } finally {
    progress.stop();
  }
}

interface Submission {
  promise: { 'oplog-idx': number | bigint };
  'risk-score': number;
  required: string[];
}

async function scenario(client: GolemClient, wasm: Uint8Array, bureau: CreditBureau): Promise<string> {
  const template = await client.addTemplate('underwriting', wasm);
  const templateId = template.versionedTemplateId.rawTemplateId;
  step(`uploaded template underwriting: ${templateId} v${template.versionedTemplateId.version}`);

  await client.createWorker(templateId, WORKER);
  await client.invokeAndAwait(templateId, WORKER, USE_BUREAU, [bureau.url]);
  step(`created worker ${WORKER}, scoring with the credit bureau`);

  const submission = okValue<Submission>(await client.invokeAndAwait(templateId, WORKER, SUBMIT, [APPLICATION]), SUBMIT);
  const oplogIdx = submission.promise['oplog-idx'];
  step(`submitted ${APPLICATION.applicant}'s application: risk score ${submission['risk-score']} (bureau requests: ${bureau.requests.length}), checks ${shortJson(submission.required)}, review promise at oplog index ${oplogIdx}`);

  // Not awaited yet: this call returns only after the underwriter completes the promise.
  const decision = client.invokeAndAwait(templateId, WORKER, AWAIT_DECISION, []);
  const failedEarly = decision.then(
    () => new Error(`${AWAIT_DECISION} returned before the promise was completed`),
    (e: unknown) => e,
  );
  step(`invoked ${AWAIT_DECISION}; waiting for the worker to suspend`);
  const status = await waitForStatus(client, templateId, 'Suspended', failedEarly);
  step(`worker ${WORKER} is ${status}: its suspend is in the oplog; the guest waits parked in await-promise on its own thread, using no CPU, while the underwriter decides`);

  const completed = await client.completePromise(templateId, WORKER, oplogIdx, new TextEncoder().encode(JSON.stringify(VERDICT)));
  if (!completed) throw new Error(`promise ${oplogIdx} was already completed`);
  step(`underwriter completed promise ${oplogIdx} with ${JSON.stringify(VERDICT)}`);

  const result = okValue<{ approved: boolean; 'annual-premium-cents': number | bigint; reason: string }>(await decision, AWAIT_DECISION);
  const premium = (Number(result['annual-premium-cents']) / 100).toFixed(2);
  step(`decision: ${result.approved ? 'approved' : 'declined'}, annual premium ${premium}, reason "${result.reason}"; bureau requests: ${bureau.requests.length}`);

  step(`oplog of worker ${WORKER}:`);
  for (const line of oplogLines(await client.getOplog(templateId, WORKER))) console.log(line);
  return templateId;
}

/** `--keep`: a second application left waiting for the underwriter, to complete on the dashboard. */
async function leaveAwaiting(client: GolemClient, templateId: string): Promise<void> {
  await client.createWorker(templateId, WAITING);
  const submission = okValue<Submission>(await client.invokeAndAwait(templateId, WAITING, SUBMIT, [{ ...APPLICATION, applicant: 'Grace Hopper', age: 41 }]), SUBMIT);
  await client.invoke(templateId, WAITING, AWAIT_DECISION, []);
  await waitForStatus(client, templateId, 'Suspended', new Promise(() => {}), WAITING);
  step(`worker ${WAITING} is Suspended awaiting promise ${submission.promise['oplog-idx']}: complete it on the dashboard`);
}

/** Waits on the worker's event stream; fails fast if the invocation settles or 30 s pass first. */
async function waitForStatus(client: GolemClient, templateId: string, wanted: WorkerStatus, failedEarly: Promise<unknown>, worker = WORKER): Promise<string> {
  const settled = new AbortController();
  void failedEarly.then(() => settled.abort());
  try {
    return await client.waitForStatus(templateId, worker, wanted, { timeoutMs: 30_000, signal: settled.signal });
  } catch (e) {
    if (settled.signal.aborted) throw await failedEarly;
    throw e;
  }
}

/** Unwraps an export's `result<T, string>` as Golem returns it: `[{"ok": T}]` or `[{"err": "..."}]`. */
function okValue<T>(result: unknown, fn: string): T {
  const value = Array.isArray(result) ? (result[0] as { ok?: T; err?: unknown } | undefined) : undefined;
  if (value && 'ok' in value) return value.ok as T;
  if (value && 'err' in value) throw new Error(`${fn} failed: ${String(value.err)}`);
  throw new Error(`${fn} returned an unexpected result: ${shortJson(result)}`);
}

const step = (line: string) => console.log(`▸ ${line}`);
