/**
 * The host killed at each named crash point (GOLEM_TS_CRASH_AT, a real `golem-ts serve` process,
 * real HTTP), restarted on the same data: the workflow still ends with the right decision, every
 * completion answered `true` reaches it, every effect happens once, and calls retried with their
 * invocation keys get the stored result.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import type { GolemClient } from '../../src/client/index.ts';
import { Store } from '../../src/host/store.ts';
import type { OplogEntry, WorkerStatus } from '../../src/host/types.ts';
import { tempDir, utf8 } from './helpers.ts';
import { kill9, serve, type HostProcess } from './host-process.ts';

const API = 'golem:underwriting/api';
const application = { applicant: 'Ada Lovelace', age: 36, coverage: 250000, smoker: false };
const verdict = { verdict: 'approve', 'loading-percent': 25, note: 'priced after a crash' };
const decision = { approved: true, 'annual-premium-cents': 62500, reason: 'priced after a crash' };

type Submitted = [{ ok: { promise: { 'oplog-idx': number } } }];

async function upload(host: HostProcess): Promise<string> {
  const template = await host.client.addTemplate('underwriting', readFileSync(inject('underwritingWasm')));
  return template.versionedTemplateId.rawTemplateId;
}

/** A request whose answer the host may not live to give; settles either way, so nothing is left unhandled. */
function inFlight(call: Promise<unknown>): Promise<{ value: unknown } | { error: unknown }> {
  return call.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

/** The request died with the host: a connection error, not an answer. */
async function lost(call: Promise<unknown>): Promise<void> {
  expect(await inFlight(call)).toMatchObject({ error: { code: 'GOLEM_CONNECTION' } });
}

const statusOf = async (client: GolemClient, templateId: string, name: string) => (await client.getWorker(templateId, name)).status;

async function waitForStatus(client: GolemClient, templateId: string, name: string, status: WorkerStatus): Promise<void> {
  await client.waitForStatus(templateId, name, status);
}

const named = (oplog: OplogEntry[], fn: string) => oplog.filter((e) => e.kind === 'imported-function-invoked' && e.functionName === fn);
const invoked = (oplog: OplogEntry[], suffix: string) =>
  oplog.filter((e) => e.kind === 'exported-function-invoked' && e.functionName.endsWith(suffix));

/**
 * Effects of one underwriting workflow, each once: one submit and one await-decision ran, one
 * promise, three key-value writes (the review promise's published payload schema, the
 * application, the decision).
 */
function expectEffectsOnce(oplog: OplogEntry[]): void {
  expect(invoked(oplog, '/submit')).toHaveLength(1);
  expect(invoked(oplog, '/await-decision')).toHaveLength(1);
  expect(named(oplog, 'golem:api/host/create-promise')).toHaveLength(1);
  expect(named(oplog, 'wasi:keyvalue/eventual/set')).toHaveLength(3);
}

describe('crash points', () => {
  it('worker-created: the worker exists after the crash; the retried create answers 409 and the workflow runs', async () => {
    const dataDir = tempDir('golem-ts-crash-created-');
    const first = await serve(dataDir, { crashAt: 'worker-created' });
    const templateId = await upload(first);
    await lost(first.client.createWorker(templateId, 'created'));
    expect(await first.exited).toBe('SIGKILL');

    const second = await serve(dataDir);
    await expect(second.client.createWorker(templateId, 'created')).rejects.toMatchObject({ status: 409 });
    expect(await statusOf(second.client, templateId, 'created')).toBe('Idle');
    const [submitted] = (await second.client.invokeAndAwait(templateId, 'created', `${API}/submit`, [application])) as Submitted;
    const awaiting = second.client.invokeAndAwait(templateId, 'created', `${API}/await-decision`, []);
    await waitForStatus(second.client, templateId, 'created', 'Suspended');
    expect(await second.client.completePromise(templateId, 'created', submitted.ok.promise['oplog-idx'], utf8(verdict))).toBe(true);
    expect(await awaiting).toEqual([{ ok: decision }]);
    const oplog = await second.client.getOplog(templateId, 'created');
    expect(oplog.filter((e) => e.kind === 'create')).toHaveLength(1);
    expectEffectsOnce(oplog);
  });

  it('complete-committed: the completion survives although its answer was lost; the retry answers false and the worker resumes', async () => {
    const dataDir = tempDir('golem-ts-crash-committed-');
    const first = await serve(dataDir, { crashAt: 'complete-committed' });
    const templateId = await upload(first);
    await first.client.createWorker(templateId, 'committed');
    const submitKey = await first.client.createInvocationKey(templateId, 'committed');
    const submitted = (await first.client.invokeAndAwait(templateId, 'committed', `${API}/submit`, [application], { invocationKey: submitKey })) as Submitted;
    const awaitKey = await first.client.createInvocationKey(templateId, 'committed');
    const awaiting = inFlight(first.client.invokeAndAwait(templateId, 'committed', `${API}/await-decision`, [], { invocationKey: awaitKey }));
    await waitForStatus(first.client, templateId, 'committed', 'Suspended');
    const idx = submitted[0].ok.promise['oplog-idx'];
    await lost(first.client.completePromise(templateId, 'committed', idx, utf8(verdict)));
    expect(await awaiting).toMatchObject({ error: { code: 'GOLEM_CONNECTION' } });
    expect(await first.exited).toBe('SIGKILL');

    const second = await serve(dataDir);
    // Recovery saw the committed completion and resumed the worker before serving.
    expect(await second.client.completePromise(templateId, 'committed', idx, utf8(verdict))).toBe(false);
    expect(await second.client.invokeAndAwait(templateId, 'committed', `${API}/await-decision`, [], { invocationKey: awaitKey })).toEqual([{ ok: decision }]);
    expect(await second.client.invokeAndAwait(templateId, 'committed', `${API}/submit`, [application], { invocationKey: submitKey })).toEqual(submitted);
    expect(await statusOf(second.client, templateId, 'committed')).toBe('Idle');
    expectEffectsOnce(await second.client.getOplog(templateId, 'committed'));
  });

  it('complete-answered: a completion answered true before the crash reaches its workflow with no request after the restart', async () => {
    const dataDir = tempDir('golem-ts-crash-answered-');
    const first = await serve(dataDir, { crashAt: 'complete-answered' });
    const templateId = await upload(first);
    await first.client.createWorker(templateId, 'answered');
    const [submitted] = (await first.client.invokeAndAwait(templateId, 'answered', `${API}/submit`, [application])) as Submitted;
    const awaitKey = await first.client.createInvocationKey(templateId, 'answered');
    const awaiting = inFlight(first.client.invokeAndAwait(templateId, 'answered', `${API}/await-decision`, [], { invocationKey: awaitKey }));
    await waitForStatus(first.client, templateId, 'answered', 'Suspended');
    expect(await first.client.completePromise(templateId, 'answered', submitted.ok.promise['oplog-idx'], utf8(verdict))).toBe(true);
    expect(await first.exited).toBe('SIGKILL');
    expect(await awaiting).toMatchObject({ error: { code: 'GOLEM_CONNECTION' } });

    // The lost wake-up: nothing but the restart may bring this worker back.
    const second = await serve(dataDir);
    await waitForStatus(second.client, templateId, 'answered', 'Idle');
    expect(await second.client.invokeAndAwait(templateId, 'answered', `${API}/decision`, [])).toEqual([decision]);
    expect(await second.client.invokeAndAwait(templateId, 'answered', `${API}/await-decision`, [], { invocationKey: awaitKey })).toEqual([{ ok: decision }]);
    expectEffectsOnce(await second.client.getOplog(templateId, 'answered'));
  });

  it('complete-answered on an interrupted worker: after the restart it resumes with the verdict', async () => {
    const dataDir = tempDir('golem-ts-crash-interrupted-');
    const first = await serve(dataDir, { crashAt: 'complete-answered' });
    const templateId = await upload(first);
    await first.client.createWorker(templateId, 'interrupted');
    const [submitted] = (await first.client.invokeAndAwait(templateId, 'interrupted', `${API}/submit`, [application])) as Submitted;
    const awaiting = inFlight(first.client.invokeAndAwait(templateId, 'interrupted', `${API}/await-decision`, []));
    await waitForStatus(first.client, templateId, 'interrupted', 'Suspended');
    await first.client.interrupt(templateId, 'interrupted');
    expect(await statusOf(first.client, templateId, 'interrupted')).toBe('Interrupted');
    expect(await first.client.completePromise(templateId, 'interrupted', submitted.ok.promise['oplog-idx'], utf8(verdict))).toBe(true);
    expect(await first.exited).toBe('SIGKILL');
    expect(await awaiting).toMatchObject({ error: { code: 'GOLEM_CONNECTION' } });

    const second = await serve(dataDir);
    await waitForStatus(second.client, templateId, 'interrupted', 'Idle');
    expect(await second.client.invokeAndAwait(templateId, 'interrupted', `${API}/decision`, [])).toEqual([decision]);
    expectEffectsOnce(await second.client.getOplog(templateId, 'interrupted'));
  });

  it('replay: a crash in the middle of the replay that resumes the worker loses nothing', async () => {
    const dataDir = tempDir('golem-ts-crash-replay-');
    const first = await serve(dataDir);
    const templateId = await upload(first);
    await first.client.createWorker(templateId, 'replayed');
    const [submitted] = (await first.client.invokeAndAwait(templateId, 'replayed', `${API}/submit`, [application])) as Submitted;
    const awaitKey = await first.client.createInvocationKey(templateId, 'replayed');
    const awaiting = inFlight(first.client.invokeAndAwait(templateId, 'replayed', `${API}/await-decision`, [], { invocationKey: awaitKey }));
    await waitForStatus(first.client, templateId, 'replayed', 'Suspended');
    await kill9(first);
    expect(await awaiting).toMatchObject({ error: { code: 'GOLEM_CONNECTION' } });

    // The completion resumes the worker by replay; the host dies at its fifth replayed host call.
    const second = await serve(dataDir, { crashAt: 'replay:5' });
    expect(await second.client.completePromise(templateId, 'replayed', submitted.ok.promise['oplog-idx'], utf8(verdict))).toBe(true);
    expect(await second.exited).toBe('SIGKILL');

    const third = await serve(dataDir);
    await waitForStatus(third.client, templateId, 'replayed', 'Idle');
    expect(await third.client.invokeAndAwait(templateId, 'replayed', `${API}/await-decision`, [], { invocationKey: awaitKey })).toEqual([{ ok: decision }]);
    expectEffectsOnce(await third.client.getOplog(templateId, 'replayed'));
  });

  it("before-completion: an export that returned but whose completion was not committed finishes once on restart; its key gets the result", async () => {
    const dataDir = tempDir('golem-ts-crash-completion-');
    const first = await serve(dataDir, { crashAt: 'before-completion' });
    const templateId = await upload(first);
    await first.client.createWorker(templateId, 'finishing');
    const submitKey = await first.client.createInvocationKey(templateId, 'finishing');
    await lost(first.client.invokeAndAwait(templateId, 'finishing', `${API}/submit`, [application], { invocationKey: submitKey }));
    expect(await first.exited).toBe('SIGKILL');

    const second = await serve(dataDir);
    const submitted = (await second.client.invokeAndAwait(templateId, 'finishing', `${API}/submit`, [application], { invocationKey: submitKey })) as Submitted;
    expect(submitted[0]).toMatchObject({ ok: { promise: { 'oplog-idx': expect.any(Number) } } });
    const awaiting = second.client.invokeAndAwait(templateId, 'finishing', `${API}/await-decision`, []);
    await waitForStatus(second.client, templateId, 'finishing', 'Suspended');
    expect(await second.client.completePromise(templateId, 'finishing', submitted[0].ok.promise['oplog-idx'], utf8(verdict))).toBe(true);
    expect(await awaiting).toEqual([{ ok: decision }]);
    expectEffectsOnce(await second.client.getOplog(templateId, 'finishing'));
  });

  it('pure-entries: entries of clock reads the guest thread answered itself, lost before their commit, are read live again by replay; nothing committed is lost', async () => {
    const SPIN = 'test:host-api/api/spin';
    const dataDir = tempDir('golem-ts-crash-pure-');
    // The guest reads the clock, opens a bucket, reads it again, sets a key (committing the reads
    // with it), reads the clock again and returns: the third batch of reads reaches the host with
    // the result, and the host dies there.
    const first = await serve(dataDir, { crashAt: 'pure-entries:3' });
    const template = await first.client.addTemplate('host-api', readFileSync(inject('hostApiWasm')));
    const templateId = template.versionedTemplateId.rawTemplateId;
    await first.client.createWorker(templateId, 'pure');
    const key = await first.client.createInvocationKey(templateId, 'pure');
    await lost(first.client.invokeAndAwait(templateId, 'pure', SPIN, [20], { invocationKey: key }));
    expect(await first.exited).toBe('SIGKILL');

    const store = new Store(dataDir);
    const committed = store.oplog(templateId, 'pure');
    store.close();
    // The clock reads up to the set were committed with it; those after it were not.
    expect(committed.at(-1)).toMatchObject({ kind: 'imported-function-invoked', functionName: 'wasi:keyvalue/eventual/set' });
    expect(named(committed, 'wasi:clocks/monotonic-clock/now').length).toBeGreaterThan(0);

    const restarted = Date.now();
    const second = await serve(dataDir);
    expect(await second.client.invokeAndAwait(templateId, 'pure', SPIN, [20], { invocationKey: key })).toEqual([1]);
    const oplog = await second.client.getOplog(templateId, 'pure');
    // Nothing committed is lost, and the oplog has no hole.
    expect(oplog.slice(0, committed.length)).toEqual(committed);
    expect(oplog.map((e) => e.idx)).toEqual(oplog.map((_, i) => i + 1));
    // Replay ran the lost reads live again, after the restart; the invocation's effect happened once.
    const after = oplog.slice(committed.length);
    expect(after[0]).toMatchObject({ kind: 'imported-function-invoked', wrappedFunctionType: 'ReadLocal' });
    expect(after.filter((e) => e.kind === 'imported-function-invoked').every((e) => e.wrappedFunctionType === 'ReadLocal' && Date.parse(e.timestamp) >= restarted)).toBe(true);
    expect(after.at(-1)).toMatchObject({ kind: 'exported-function-completed', response: [1] });
    expect(named(oplog, 'wasi:keyvalue/eventual/set')).toHaveLength(1);
    expect(invoked(oplog, '/spin')).toHaveLength(1);
  });

  it('atomic-region: a crash inside an atomic region runs the region again as a whole; what precedes it happens once', async () => {
    const dataDir = tempDir('golem-ts-crash-region-');
    const first = await serve(dataDir, { crashAt: 'atomic-region' });
    const template = await first.client.addTemplate('host-api', readFileSync(inject('hostApiWasm')));
    const templateId = template.versionedTemplateId.rawTemplateId;
    await first.client.createWorker(templateId, 'region');
    const key = await first.client.createInvocationKey(templateId, 'region');
    const call = () => first.client.invokeAndAwait(templateId, 'region', 'test:host-api/api/region-pair', ['r1'], { invocationKey: key });
    await lost(call());
    expect(await first.exited).toBe('SIGKILL');

    const second = await serve(dataDir);
    const [[count, value]] = (await second.client.invokeAndAwait(templateId, 'region', 'test:host-api/api/region-pair', ['r1'], { invocationKey: key })) as [[number, number]];
    expect(count).toBe(1);
    const oplog = await second.client.getOplog(templateId, 'region');
    // The first attempt wrote `a` inside the region before the crash; a jump drops that part, and the region's rerun wrote both.
    const jump = oplog.find((e) => e.kind === 'jump');
    const begin = named(oplog, 'golem:api/host/mark-begin-operation')[0];
    expect(jump).toMatchObject({ start: begin.idx });
    const sets = named(oplog, 'wasi:keyvalue/eventual/set');
    expect(sets.filter((e) => e.idx <= (jump as { end: number }).end)).toHaveLength(1);
    expect(sets.filter((e) => e.idx > (jump as { end: number }).end)).toHaveLength(2);
    expect(named(oplog, 'wasi:keyvalue/atomic/increment')).toHaveLength(1);
    // Both values come from the rerun: the number the invocation returned, in both keys.
    await kill9(second);
    const store = new Store(dataDir);
    try {
      const read = (k: string) => JSON.parse(new TextDecoder().decode(store.kvGet('region-pair', k)));
      expect([read('r1/a'), read('r1/b'), read('r1/count')]).toEqual([String(value), String(value), 1]);
    } finally {
      store.close();
    }
  });
});
