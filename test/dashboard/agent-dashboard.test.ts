/**
 * The dashboard shows a Golem 1.5 agent as an agent, in a real browser (Debian's chromium driven
 * by playwright-core) against the real host on 127.0.0.1: the agent built from test/fixtures/agents
 * is scheduled to await a promise; its page shows its type, id and methods, the pending promise,
 * completes it through Golem 1.5's complete route from the form, and the invocation finishes.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AgentClient } from '../../src/client/agent-client.ts';
import { repoRoot } from '../cli/run-cli.ts';
import { startTestHost, waitForStatus, type TestHost } from '../server/host.ts';
import { chromiumExecutable, warnIfNoChromium } from './chromium.ts';

const ARTIFACTS = join(repoRoot, 'test-results');
warnIfNoChromium('the agent dashboard browser test');

describe.runIf(!!chromiumExecutable)('an agent on the dashboard, in chromium', { timeout: 300_000 }, () => {
  let host: TestHost;
  let browser: Browser;
  let componentId: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    host = await startTestHost();
    componentId = (await host.executor.addTemplate('agents:ts-main', readFileSync(inject('agentWasm')))).versionedTemplateId.rawTemplateId;
    browser = await chromium.launch({ executablePath: chromiumExecutable, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it("shows the agent's type, id, methods and pending promise; completes it from the page; the invocation finishes", async () => {
    const id = 'ApprovalAgent("a-1")';
    await new AgentClient({ url: host.url }).invoke('ApprovalAgent', ['a-1'], 'approve', ['report'], { app: 'agents', schedule: true });
    await waitForStatus(host.url, componentId, id, 'Suspended');

    const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    page.setDefaultTimeout(60_000);
    const failures: string[] = [];
    page.on('pageerror', (e) => failures.push(e.message));
    page.on('console', (m) => m.type() === 'error' && failures.push(m.text()));

    await page.goto(`${host.url}/`);
    await page.getByRole('heading', { name: 'Agents', level: 3 }).waitFor();
    await page.getByRole('row', { name: /ApprovalAgent\("a-1"\)/ }).getByText('Suspended').waitFor();
    await page.getByRole('link', { name: id }).click();

    await page.getByRole('heading', { name: `Agent ${id}`, level: 1 }).waitFor();
    expect(await page.locator('.agent-id').textContent()).toMatch(/^Agent type ApprovalAgent · id "a-1"/);
    const methods = page.locator('.methods');
    await methods.getByText('approve(subject: string) -> string').waitFor();
    await methods.getByText('history() -> list<string>').waitFor();
    await methods.getByText('approveWithin(subject: string, ms: f64) -> string').waitFor();

    const status = page.locator('.status-line');
    await status.getByText(/awaiting promise \d+/).waitFor();
    const idx = Number((await status.textContent())!.match(/awaiting promise (\d+)/)![1]);
    await page.getByRole('heading', { name: `Promise ${idx}` }).waitFor();
    const curl = await page.locator('.curl').textContent();
    expect(curl).toContain(`${host.url}/v1/components/${componentId}/workers/${encodeURIComponent(id)}/complete`);
    await page.locator('.timeline').getByText('invoked agent constructor ApprovalAgent').waitFor();
    await page.locator('.timeline').getByText('invoked agent method approve').waitFor();

    await page.getByLabel(/^Payload \(text/).fill('yes');
    await page.getByRole('button', { name: `Complete promise ${idx}` }).click();
    await status.getByText('Idle').waitFor();
    await page.getByText('No pending promises.').waitFor();
    // The approve invocation finished with the decision: its completion is on the timeline.
    await page.locator('.timeline').getByText(/a-1 report: yes/).waitFor();
    expect(host.executor.listPromises(componentId, id).find((p) => p.oplogIdx === idx)?.state).toBe('completed');

    // The method form calls the agent through invoke-agent and shows the plain JSON result.
    await page.getByLabel('Method', { exact: true }).selectOption('history');
    await page.getByRole('button', { name: 'Invoke' }).click();
    await page.locator('.result').getByText('history → ["report: yes"]').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-agent.png'), fullPage: true });
    expect(failures).toEqual([]);
    await page.close();
  });
});
