import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { tempDir } from './helpers.ts';
import { kill9, serve } from './host-process.ts';

describe('host crash (kill -9)', () => {
  it('a worker suspended on a promise survives kill -9 and resumes when the promise is completed', async () => {
    const dataDir = tempDir('golem-ts-crash-');
    const first = await serve(dataDir);
    const template = await first.client.addTemplate('underwriting', readFileSync(inject('underwritingWasm')));
    const templateId = template.versionedTemplateId.rawTemplateId;
    await first.client.createWorker(templateId, 'crash-1');
    const [submission] = (await first.client.invokeAndAwait(templateId, 'crash-1', 'golem:underwriting/api/submit', [
      { applicant: 'Ada Lovelace', age: 36, coverage: 250000, smoker: false },
    ])) as [{ ok: { promise: { 'oplog-idx': number } } }];
    const key = await first.client.createInvocationKey(templateId, 'crash-1');
    const lost = first.client.invokeAndAwait(templateId, 'crash-1', 'golem:underwriting/api/await-decision', [], { invocationKey: key }).catch((e: unknown) => e);
    expect(await first.client.waitForStatus(templateId, 'crash-1', 'Suspended')).toBe('Suspended');
    // Accepted while the worker sleeps: it must run after the host comes back, not be forgotten.
    await first.client.invoke(templateId, 'crash-1', 'golem:underwriting/api/decision', []);

    await kill9(first);
    expect(await lost).toBeInstanceOf(Error); // the connection died with the host

    const second = await serve(dataDir);
    expect((await second.client.getWorker(templateId, 'crash-1')).status).toBe('Suspended');
    const verdict = new TextEncoder().encode(JSON.stringify({ verdict: 'approve', 'loading-percent': 25, note: 'after the crash' }));
    expect(await second.client.completePromise(templateId, 'crash-1', submission.ok.promise['oplog-idx'], verdict)).toBe(true);
    // Retrying the lost request with its invocation key joins the resumed invocation: no second run.
    const decision = { approved: true, 'annual-premium-cents': 62500, reason: 'after the crash' };
    expect(await second.client.invokeAndAwait(templateId, 'crash-1', 'golem:underwriting/api/await-decision', [], { invocationKey: key })).toEqual([{ ok: decision }]);
    // The queued invocation starts right after the resumed one; wait (on the worker's events) until it has completed.
    let oplog = await second.client.getOplog(templateId, 'crash-1');
    const completions = () => oplog.filter((e) => e.kind === 'exported-function-completed').length;
    for await (const e of second.client.events(templateId, 'crash-1')) {
      if (e.type !== 'snapshot' && !(e.type === 'status' && e.status === 'Idle')) continue;
      oplog = await second.client.getOplog(templateId, 'crash-1');
      if (completions() >= 3) break;
    }
    const invoked = (suffix: string) => oplog.filter((e) => e.kind === 'exported-function-invoked' && 'functionName' in e && e.functionName.endsWith(suffix));
    expect(invoked('await-decision')).toHaveLength(1);
    // The fire-and-forget `decision` ran after the resumed await-decision, and saw its decision.
    const queued = invoked('/decision')[0];
    expect(queued?.idx).toBeGreaterThan(invoked('await-decision')[0].idx);
    expect(oplog.find((e) => e.idx > (queued?.idx ?? Infinity) && e.kind === 'exported-function-completed')).toMatchObject({ response: [decision] });

    // The stored result under the key survives another crash.
    await kill9(second);
    const third = await serve(dataDir);
    expect(await third.client.invokeAndAwait(templateId, 'crash-1', 'golem:underwriting/api/await-decision', [], { invocationKey: key })).toEqual([{ ok: decision }]);
  });
});

describe('host crash while a worker runs', () => {
  it('a worker that was running when the host died is resumed by replay on restart', async () => {
    const dataDir = tempDir('golem-ts-crash-running-');
    const first = await serve(dataDir);
    const template = await first.client.addTemplate('host-api', readFileSync(inject('hostApiWasm')));
    const templateId = template.versionedTemplateId.rawTemplateId;
    await first.client.createWorker(templateId, 'spinner');
    expect(await first.client.invokeAndAwait(templateId, 'spinner', 'test:host-api/api/increment', [10])).toEqual([10]);
    const key = await first.client.createInvocationKey(templateId, 'spinner');
    const lost = first.client.invokeAndAwait(templateId, 'spinner', 'test:host-api/api/spin', [4000], { invocationKey: key }).catch((e: unknown) => e);
    // The host process is busy inside the guest now; its oplog already says so.
    await new Promise((r) => setTimeout(r, 1500));
    await kill9(first);
    expect(await lost).toBeInstanceOf(Error);

    const second = await serve(dataDir);
    // Recovery (before serve answers) replayed `increment` (counter back to 10) and ran the
    // interrupted `spin` to its end: it is completed in the oplog without anyone asking again.
    expect((await second.client.getWorker(templateId, 'spinner')).status).toBe('Idle');
    const oplog = await second.client.getOplog(templateId, 'spinner');
    const spins = oplog.filter((e) => e.kind === 'exported-function-invoked' && 'functionName' in e && e.functionName.endsWith('/spin'));
    expect(spins).toHaveLength(1);
    expect(oplog[oplog.length - 1]).toMatchObject({ kind: 'exported-function-completed', response: [11] });
    // The lost request, retried with its key, gets the stored result; nothing runs twice.
    expect(await second.client.invokeAndAwait(templateId, 'spinner', 'test:host-api/api/spin', [4000], { invocationKey: key })).toEqual([11]);
    expect(await second.client.invokeAndAwait(templateId, 'spinner', 'test:host-api/api/increment', [1])).toEqual([12]);
  });
});
