import { afterAll, describe, expect, inject, it } from 'vitest';
import { Executor } from '../../src/host/executor.ts';
import { executorWith, untilStatus } from './helpers.ts';

const fn = (name: string) => `test:timers/api/${name}`;
const opened: Executor[] = [];
afterAll(async () => {
  for (const e of opened) await e.close();
});

const num = (v: unknown) => Number((v as unknown[])[0]);

/**
 * Golem's javascript_example_3 (golemcloud/golem v1.0.0, golem-worker-executor-base/tests/
 * guest_languages2.rs): invoke-and-await of `set-timeout(1000)` returns once the timer ran, and
 * `get` then reads a time at least 1000 ms after the start.
 */
describe('timers a synchronous export leaves pending (Golem semantics for JS guests)', () => {
  it('run before the invocation completes: the effect happens at its time and is recorded', async () => {
    const { executor, templateId } = await executorWith(inject('jsTimersWasm'));
    opened.push(executor);
    await executor.createWorker(templateId, 'js-3', [], []);
    const start = num(await executor.invokeAndAwait(templateId, 'js-3', fn('set-timeout'), [1000]));
    const end = num(await executor.invokeAndAwait(templateId, 'js-3', fn('get'), []));
    expect(end).toBeGreaterThanOrEqual(start + 1000);
    // A wait this long suspended the worker until the timer was due, durably.
    expect(executor.getOplog(templateId, 'js-3').some((e) => e.kind === 'suspend' && e.until !== undefined)).toBe(true);
  });

  it('a short timer just waits; a cancelled one never runs', async () => {
    const { executor, templateId } = await executorWith(inject('jsTimersWasm'));
    opened.push(executor);
    await executor.createWorker(templateId, 'short', [], []);
    const start = num(await executor.invokeAndAwait(templateId, 'short', fn('set-and-cancel'), [50]));
    const end = num(await executor.invokeAndAwait(templateId, 'short', fn('get'), []));
    expect(end).toBeGreaterThanOrEqual(start + 50);
  });

  it('survives a host restart while the timer is pending and fires after it', async () => {
    const first = await executorWith(inject('jsTimersWasm'));
    const { templateId, dataDir } = first;
    await first.executor.createWorker(templateId, 'restart', [], []);
    await first.executor.invoke(templateId, 'restart', fn('set-timeout'), [1500]);
    await untilStatus(first.executor, templateId, 'restart', 'Suspended');
    await first.executor.close();

    const second = await Executor.open({ dataDir });
    opened.push(second);
    await second.recover();
    await untilStatus(second, templateId, 'restart', 'Idle');
    const start = Number((second.getOplog(templateId, 'restart').find((e) => e.kind === 'exported-function-completed') as { response: unknown[] }).response[0]);
    const end = num(await second.invokeAndAwait(templateId, 'restart', fn('get'), []));
    expect(end).toBeGreaterThanOrEqual(start + 1500);
  });
});
