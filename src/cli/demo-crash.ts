/**
 * The demo's crash scene: `golem-ts serve` as a child process armed to die with SIGKILL right
 * after the credit bureau's response is recorded (GOLEM_TS_CRASH_AT=http-response-recorded),
 * then started again on the same data. The bureau's request count shows that replay used the
 * recorded response instead of calling again.
 */
import type { ChildProcess } from 'node:child_process';
import { GolemClient } from '../client/index.ts';
import type { CreditBureau } from './credit-bureau.ts';
import { spawnServe } from './serve-child.ts';

const SUBMIT = 'golem:underwriting/api/submit';
const USE_BUREAU = 'golem:underwriting/api/use-credit-bureau';
const WORKER = 'application-3';
const APPLICATION = { applicant: 'Alan Turing', age: 41, coverage: 400000, smoker: true };

async function serveChild(dataDir: string, crashAt?: string): Promise<{ process: ChildProcess; client: GolemClient; exited: Promise<NodeJS.Signals | null> }> {
  const { child, url, exited } = await spawnServe(dataDir, { crashAt });
  return { process: child, client: new GolemClient({ url }), exited };
}

export async function crashScene(wasm: Uint8Array, dataDir: string, bureau: CreditBureau, step: (line: string) => void): Promise<void> {
  const before = bureau.requests.length;
  const first = await serveChild(dataDir, 'http-response-recorded');
  try {
    step(`started golem-ts serve (pid ${first.process.pid}) armed to die with SIGKILL right after a bureau response is recorded`);
    const template = await first.client.addTemplate('underwriting', wasm);
    const templateId = template.versionedTemplateId.rawTemplateId;
    await first.client.createWorker(templateId, WORKER);
    await first.client.invokeAndAwait(templateId, WORKER, USE_BUREAU, [bureau.url]);
    const key = await first.client.createInvocationKey(templateId, WORKER);
    const lost = await first.client.invokeAndAwait(templateId, WORKER, SUBMIT, [APPLICATION], { invocationKey: key }).then(
      () => false,
      () => true,
    );
    const signal = await first.exited;
    if (!lost || signal !== 'SIGKILL') throw new Error(`the host was expected to die with SIGKILL during submit (it ended with ${signal})`);
    step(`${WORKER}: submit called the bureau (requests: ${bureau.requests.length - before}) and the host was killed (${signal}) before the invocation finished`);

    const second = await serveChild(dataDir);
    try {
      step(`restarted golem-ts serve (pid ${second.process.pid}) on the same data; recovery replays ${WORKER}`);
      const [result] = (await second.client.invokeAndAwait(templateId, WORKER, SUBMIT, [APPLICATION], { invocationKey: key })) as [{ ok?: { 'risk-score': number } }];
      step(`the retried submit (same invocation key) answers risk score ${result.ok?.['risk-score']}; bureau requests: still ${bureau.requests.length - before} (replay used the recorded response)`);
    } finally {
      second.process.kill('SIGTERM');
      await second.exited;
    }
  } finally {
    if (first.process.exitCode === null && first.process.signalCode === null) first.process.kill('SIGKILL');
  }
}
