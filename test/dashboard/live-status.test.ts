/**
 * The dashboard follows the host's event stream instead of polling, in a real browser (Debian's
 * chromium driven by playwright-core) against the real host on 127.0.0.1 with a bearer token:
 * with the page's clock paused and then run a minute forward, it makes no request at all; a
 * real status change made over REST (Idle → Running → Suspended of an underwriting worker)
 * shows on the worker page and on the overview without a timer firing, each refresh following
 * an event.
 */
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Page, type Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GolemClient } from '../../src/client/index.ts';
import { startTestHost, underwritingWasmPath, type TestHost } from '../server/host.ts';
import { chromiumExecutable, warnIfNoChromium } from './chromium.ts';

const TOKEN = 'dashboard-live-token';
const API = 'golem:underwriting/api';

/**
 * Resolves once every one of `reads` has been answered after the stream at `streamSuffix` answered
 * 200: the refresh its first event (a snapshot) makes, however late that event arrives.
 */
function refreshAfterStream(page: Page, streamSuffix: string, reads: Set<string>): Promise<void> {
  return new Promise((resolve) => {
    let streaming = false;
    const answered = new Set<string>();
    const onResponse = (r: Response) => {
      const request = `${r.request().method()} ${new URL(r.url()).pathname}`;
      if (!streaming) {
        streaming = r.url().endsWith(streamSuffix) && r.status() === 200;
        return;
      }
      if (reads.has(request)) answered.add(request);
      if (answered.size === reads.size) {
        page.off('response', onResponse);
        resolve();
      }
    };
    page.on('response', onResponse);
  });
}
warnIfNoChromium('the dashboard live-status browser test');

describe.runIf(!!chromiumExecutable)('the dashboard without polling, in chromium', { timeout: 180_000 }, () => {
  let host: TestHost;
  let client: GolemClient;
  let browser: Browser;
  let templateId: string;

  beforeAll(async () => {
    host = await startTestHost({ token: TOKEN });
    client = new GolemClient({ url: host.url, token: TOKEN });
    templateId = (await client.addTemplate('underwriting', readFileSync(underwritingWasmPath()))).versionedTemplateId.rawTemplateId;
    browser = await chromium.launch({ executablePath: chromiumExecutable, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  /** A page signed in with the token, its timers frozen: only the event stream can make it change. */
  async function frozenPage(): Promise<{ page: Page; requests: string[]; failures: string[]; streamOpen: Promise<unknown> }> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1200 } });
    page.setDefaultTimeout(60_000);
    await page.clock.install();
    await page.clock.pauseAt(new Date(Date.now() + 1000)); // just ahead of the clock install() started from
    await page.goto(`${host.url}/`);
    // Asked for the token (the first read answered 401, which the console reports): signed in from here.
    await page.locator('#token').fill(TOKEN);
    const failures: string[] = [];
    page.on('pageerror', (e) => failures.push(e.message));
    page.on('console', (m) => m.type() === 'error' && failures.push(m.text()));
    const streamOpen = page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/events' && r.status() === 200);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
    await page.getByRole('button', { name: 'Continue' }).click();
    return { page, requests, failures, streamOpen };
  }

  it('shows Idle → Suspended on the worker page and the overview as the events arrive, and makes no request while nothing changes', async () => {
    await client.createWorker(templateId, 'live');
    const { page, requests, failures, streamOpen } = await frozenPage();
    await page.getByRole('row', { name: /live/ }).getByText('Idle').waitFor();
    await streamOpen;

    const reads = new Set([`GET /v1/templates/${templateId}/workers/live`, `GET /v1/templates/${templateId}/workers/live/promises`, `GET /v1/templates/${templateId}/workers/live/oplog`, 'GET /v1/key-value']);
    const snapshotRefreshed = refreshAfterStream(page, '/workers/live/events', reads);
    await page.getByRole('link', { name: 'live' }).click();
    await page.getByRole('heading', { name: 'Worker live' }).waitFor();
    const status = page.locator('.status-line');
    await status.getByText(/Idle/).waitFor();
    // Settled: the view read its data, opened its stream, and refreshed once on the stream's first
    // event (a snapshot). A polling page would refresh on its timers now.
    await snapshotRefreshed;
    requests.length = 0;
    await page.clock.runFor(60_000);
    expect(requests, 'a minute of page timers: no request').toEqual([]);

    // A real change, made over REST: the page shows it with its clock still paused.
    await client.invokeAndAwait(templateId, 'live', `${API}/submit`, [{ applicant: 'Live', age: 30, coverage: 1000, smoker: false }]);
    await client.invoke(templateId, 'live', `${API}/await-decision`, []);
    await client.waitForStatus(templateId, 'live', 'Suspended');
    await status.getByText(/Suspended/).waitFor();
    await status.getByText(/awaiting promise \d+/).waitFor();
    await page.getByRole('button', { name: /Complete promise \d+/ }).waitFor();
    // Every request after the change is a refresh of the view's data, not a new stream or a poll.
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((r) => !reads.has(r))).toEqual([]);
    // Four committed changes (submit: Running, Idle; await-decision: Running, Suspended): at most one refresh (4 reads) each.
    expect(requests.length).toBeLessThanOrEqual(4 * 4);

    // Back to the overview: its stream shows the status the worker has now.
    await page.getByRole('link', { name: 'Templates' }).click();
    await page.getByRole('row', { name: /live/ }).getByText('Suspended').waitFor();
    expect(failures).toEqual([]);
  });
});
