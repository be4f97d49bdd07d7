/**
 * The dashboard in a real browser (Debian's chromium driven by playwright-core) against
 * `golem-ts demo --keep`: the waiting application shows Suspended with its pending promise, an
 * invalid payload is refused with the schema's issues and the promise stays pending, the form
 * completes it, and the page shows the decision and Idle. Screenshots go to test-results/.
 *
 * Skipped only where no chromium is installed, loudly; with GOLEM_TS_REQUIRE_CHROMIUM=1 (CI) a
 * missing chromium fails the test instead.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileLib, exitOf, repoRoot, startCli, type CliResult } from '../cli/run-cli.ts';
import { startTestHost, type TestHost } from '../server/host.ts';
import { CHROMIUM_CANDIDATES, chromiumExecutable, chromiumRequired, warnIfNoChromium } from './chromium.ts';

const executable = chromiumExecutable;
const ARTIFACTS = join(repoRoot, 'test-results');

warnIfNoChromium('the dashboard browser test');

it('finds chromium wherever it is required (GOLEM_TS_REQUIRE_CHROMIUM=1, set by .ci/run)', () => {
  if (chromiumRequired) expect(executable, `chromium is required but missing: looked at ${CHROMIUM_CANDIDATES.join(', ')}`).toBeDefined();
});

describe.runIf(!!executable)('dashboard in chromium', () => {
  let browser: Browser;
  let demo: ChildProcess | undefined;
  let output: () => CliResult;
  let url: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await compileLib();
    const started = await startCli(['demo', '--keep'], /▸ dashboard: (http:\/\/127\.0\.0\.1:\d+)\/\n/, {}, 240_000);
    demo = started.child;
    output = started.output;
    url = started.match[1];
    browser = await chromium.launch({ executablePath: executable, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    if (demo) {
      demo.kill('SIGINT');
      expect(await exitOf(demo)).toBe(0);
      const kept = /data kept in (\S+)\)/.exec(output().stdout)?.[1];
      if (kept) await rm(kept, { recursive: true, force: true });
    }
  });

  const newPage = async (): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    page.setDefaultTimeout(30_000);
    return page;
  };

  it('shows the waiting worker, refuses an invalid payload, completes the promise through the form', async () => {
    const page = await newPage();
    const failures: string[] = [];
    page.on('pageerror', (e) => failures.push(e.message));
    page.on('console', (m) => m.type() === 'error' && failures.push(m.text()));

    await page.goto(`${url}/`);
    await page.getByRole('heading', { name: 'Templates', level: 1 }).waitFor();
    await page.getByRole('heading', { name: /underwriting/, level: 2 }).waitFor();
    const row = page.getByRole('row', { name: /application-2/ });
    await row.getByText('Suspended').waitFor();
    await page.getByRole('row', { name: /application-1/ }).getByText('Idle').waitFor();
    await page.getByText('Exports (4 functions)').click();
    await page.getByText('func(app: application) -> result<submission, string>').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-home.png'), fullPage: true });

    await row.getByRole('link', { name: 'application-2' }).click();
    await page.getByRole('heading', { name: 'Worker application-2' }).waitFor();
    const status = page.locator('.status-line');
    await status.getByText(/Suspended/).waitFor();
    const idx = Number((await status.textContent())!.match(/awaiting promise (\d+)/)![1]);
    await page.getByRole('heading', { name: `Promise ${idx}` }).waitFor();
    expect(await page.locator('.curl').textContent()).toContain(`${url}/v1/templates/`);
    expect(await page.locator('.curl').textContent()).toContain(`/workers/application-2/complete`);

    const payload = page.getByLabel('Payload (JSON)');
    await payload.fill('{"approved":"yes"}');
    await page.getByRole('button', { name: `Complete promise ${idx}` }).click();
    const alert = page.locator('.promise [role=alert]');
    await alert.getByText('payload.verdict: required').waitFor();
    expect(await alert.textContent()).toContain("does not match the promise's schema");
    expect(await payload.getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-invalid-payload.png'), fullPage: true });

    // Still pending on the host, not only on the page.
    const templateId = (await page.evaluate(() => location.hash)).split('/')[2];
    const promises = await (await fetch(`${url}/v1/templates/${templateId}/workers/application-2/promises`)).json();
    expect(promises.promises.find((p: { oplogIdx: number }) => p.oplogIdx === idx).state).toBe('pending');

    await payload.fill('{"verdict":"approve","loading-percent":10,"note":"Checked by the browser test"}');
    await page.getByRole('button', { name: `Complete promise ${idx}` }).click();
    await status.getByText('Idle').waitFor();
    await page.getByText('No pending promises.').waitFor();
    await page.locator('.timeline').getByText(/"approved":true/).waitFor();
    await page.locator('.timeline').getByText(/resumed \(by replay\)/).waitFor();
    await page.getByRole('cell', { name: /Checked by the browser test/ }).first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    expect(failures).toEqual([]);
    await page.close();
  });

  it('invokes a function through the form generated from its WIT types', async () => {
    const page = await newPage();
    await page.goto(`${url}/`);
    await page.getByRole('row', { name: /application-1/ }).getByRole('link').click();
    await page.getByLabel('Function').selectOption({ label: 'golem:underwriting/api/decision' });
    await page.getByRole('button', { name: 'Invoke' }).click();
    await page.locator('.result').getByText(/"approved":true,"annual-premium-cents":78125/).waitFor();
    await page.getByLabel('Function').selectOption({ label: 'golem:underwriting/api/submit' });
    await page.getByText(/^app: record \{ applicant: string/).waitFor();
    await page.getByLabel(/^app:/).fill('{"applicant": 1}');
    await page.getByRole('button', { name: 'Invoke' }).click();
    await page.locator('form [role=alert]').getByText(/The host answered 400/).waitFor();
    await page.close();
  });

  describe('with a token', () => {
    let host: TestHost;
    beforeAll(async () => {
      host = await startTestHost({ token: 's3cret' });
    });
    afterAll(() => host?.close());

    it('asks for the token, then shows the templates', async () => {
      const page = await newPage();
      await page.goto(`${host.url}/`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.getByLabel(/Bearer token/).fill('wrong');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.getByLabel(/Bearer token/).fill('s3cret');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByText('No templates yet.').waitFor();
      await page.close();
    });
  });
});
